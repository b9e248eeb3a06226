/**
 * The names of licence types and of their face fields, for the verdict screen: read from the
 * public catalogue when the node can be reached and kept in this browser for offline use.
 */
import type { Language } from '@hutong/core';
import { fetchAllLicenceTypes, type Label } from '../api/catalogue-api.js';
import type { KeyValueStore } from './trust-store.js';

export interface FieldLabels {
  readonly label: Label;
  /** The field's schema type (`string`, `date` …): a date is shown as a date. */
  readonly type: string;
  /** Labels of an enumerated field's values (a code such as `2` reads as 女). */
  readonly values?: Readonly<Record<string, Label>>;
}

export interface TypeLabels {
  readonly name: Label;
  readonly fields: Readonly<Record<string, FieldLabels>>;
}

export type TypeLabelIndex = Readonly<Record<string, TypeLabels>>;

export const TYPE_LABELS_KEY = 'hutong.verifier.typeLabels.v2';

function stored(store: KeyValueStore): TypeLabelIndex {
  try {
    const value: unknown = JSON.parse(store.getItem(TYPE_LABELS_KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as TypeLabelIndex) : {};
  } catch {
    return {};
  }
}

/** The catalogue's labels now, or those stored last time when the node cannot be reached. */
export async function loadTypeLabels(language: Language, store: KeyValueStore, online = true): Promise<TypeLabelIndex> {
  if (!online) return stored(store);
  try {
    const types = await fetchAllLicenceTypes(language);
    const index: Record<string, TypeLabels> = {};
    for (const type of types) {
      index[type.certificateTypeCode] = {
        name: type.name,
        fields: Object.fromEntries(
          type.faceFields.map((field) => [
            field.key,
            {
              label: field.label,
              type: field.type,
              ...(field.enum === undefined
                ? {}
                : { values: Object.fromEntries(field.enum.map((option) => [option.value, option.label])) }),
            },
          ]),
        ),
      };
    }
    store.setItem(TYPE_LABELS_KEY, JSON.stringify(index));
    return index;
  } catch {
    return stored(store);
  }
}
