/**
 * The prefill itself, pure: given a matter and the licences available for one holder, the
 * form with every mappable field filled and its source, the licences attached to the
 * materials, and what is still missing. Shared by `POST /matters/{code}/prefill` and the
 * kiosk flow; no store, no clock.
 */
import {
  type FormFieldType,
  type FormValue,
  HOLDER_ATTRIBUTE_PATHS,
  type HolderAttribute,
  type Label,
} from '@hutong/core';
import type { Matter } from './matter.js';

/** One licence the holder made available, and the values it may give (a show code: only what it discloses). */
export interface AvailableLicence {
  readonly identifier: string;
  readonly version: string;
  readonly typeCode: string;
  readonly typeName?: string;
  /** The type's name in both languages, from the catalogue (`typeName` is the licence's own, Chinese). */
  readonly typeLabel?: Label;
  readonly issuerCode: string;
  readonly status: string;
  /** The value at `face.<key>` / `metadata.<element>`, or undefined when absent or not disclosed. */
  readonly valueAt: (path: string) => FormValue | undefined;
}

export type FilledSource =
  | {
      readonly kind: 'licence';
      readonly identifier: string;
      readonly version: string;
      readonly typeCode: string;
      readonly path: string;
    }
  | {
      readonly kind: 'holder';
      readonly attribute: HolderAttribute;
      readonly identifier: string;
      readonly path: string;
    };

export interface FilledField {
  readonly key: string;
  readonly label: Label;
  readonly type: FormFieldType;
  readonly required: boolean;
  readonly value?: FormValue;
  readonly source?: FilledSource;
}

export interface AttachedLicence {
  readonly material: string;
  readonly identifier: string;
  readonly version: string;
  readonly typeCode: string;
  readonly typeName?: string;
  readonly typeLabel?: Label;
  readonly issuerCode: string;
  readonly status: string;
}

/** `not-a-licence`: submitted otherwise (photo, signed form); `no-licence`: the holder has none of its types here (or did not make one available). */
export interface MissingMaterial {
  readonly key: string;
  readonly name: Label;
  readonly reason: 'not-a-licence' | 'no-licence';
  readonly anyOf?: readonly string[];
  /** The department accepts the holder's commitment in place of it (告知承诺制). */
  readonly commitment?: true;
}

/** `holder-input`: the form asks the holder; `not-available`: mapped, but no available licence gives the value. */
export interface MissingField {
  readonly key: string;
  readonly label: Label;
  readonly required: boolean;
  readonly reason: 'holder-input' | 'not-available';
}

export interface PrefilledForm {
  readonly matter: { readonly code: string; readonly version: number; readonly name: Label };
  readonly fields: readonly FilledField[];
  readonly attached: readonly AttachedLicence[];
  readonly missing: { readonly materials: readonly MissingMaterial[]; readonly fields: readonly MissingField[] };
  /** True when nothing required is missing: no material, no required field. */
  readonly complete: boolean;
}

/** Valid licences first, then the newest version; among equals, the order given. */
function preference(a: AvailableLicence, b: AvailableLicence): number {
  const valid = Number(b.status === 'valid') - Number(a.status === 'valid');
  return valid !== 0 ? valid : b.version.localeCompare(a.version);
}

/**
 * Fills the form of `matter` from `licences` (all of one holder).
 *
 * @example const form = fillForm(matter, licences); form.missing.fields // [{ key: 'phone', reason: 'holder-input', … }]
 */
export function fillForm(matter: Matter, licences: readonly AvailableLicence[]): PrefilledForm {
  const usable = licences.filter((l) => l.status === 'valid').sort(preference);
  const ofType = (typeCode: string) => usable.filter((l) => l.typeCode === typeCode);

  const attached: AttachedLicence[] = [];
  const missingMaterials: MissingMaterial[] = [];
  for (const material of matter.materials) {
    const commitment = material.commitment === true ? { commitment: true as const } : {};
    if (material.kind === 'other') {
      missingMaterials.push({ key: material.key, name: material.name, reason: 'not-a-licence', ...commitment });
      continue;
    }
    const found = material.anyOf.map((code) => ofType(code)[0]).find((l) => l !== undefined);
    if (found === undefined) {
      missingMaterials.push({
        key: material.key,
        name: material.name,
        reason: 'no-licence',
        anyOf: material.anyOf,
        ...commitment,
      });
      continue;
    }
    attached.push({
      material: material.key,
      identifier: found.identifier,
      version: found.version,
      typeCode: found.typeCode,
      ...(found.typeName === undefined ? {} : { typeName: found.typeName }),
      ...(found.typeLabel === undefined ? {} : { typeLabel: found.typeLabel }),
      issuerCode: found.issuerCode,
      status: found.status,
    });
  }
  // Fields read first from the licence attached for a type, then any other of that type.
  const attachedIds = new Set(attached.map((a) => a.identifier));
  const candidates = (typeCode: string) =>
    [...ofType(typeCode)].sort((a, b) => Number(attachedIds.has(b.identifier)) - Number(attachedIds.has(a.identifier)));

  const fields: FilledField[] = [];
  const missingFields: MissingField[] = [];
  for (const field of matter.fields) {
    const base = { key: field.key, label: field.label, type: field.type, required: field.required };
    let filled: { value: FormValue; source: FilledSource } | undefined;
    if (field.source.kind === 'licence') {
      for (const from of field.source.from) {
        for (const licence of candidates(from.typeCode)) {
          const value = licence.valueAt(from.path);
          if (value === undefined) continue;
          filled = {
            value,
            source: {
              kind: 'licence',
              identifier: licence.identifier,
              version: licence.version,
              typeCode: licence.typeCode,
              path: from.path,
            },
          };
          break;
        }
        if (filled !== undefined) break;
      }
    } else if (field.source.kind === 'holder') {
      const path = HOLDER_ATTRIBUTE_PATHS[field.source.attribute];
      const attribute = field.source.attribute;
      for (const licence of [...usable].sort(
        (a, b) => Number(attachedIds.has(b.identifier)) - Number(attachedIds.has(a.identifier)),
      )) {
        const value = licence.valueAt(path);
        if (value === undefined) continue;
        filled = { value, source: { kind: 'holder', attribute, identifier: licence.identifier, path } };
        break;
      }
    }
    if (filled === undefined) {
      fields.push(base);
      missingFields.push({
        key: field.key,
        label: field.label,
        required: field.required,
        reason: field.source.kind === 'input' ? 'holder-input' : 'not-available',
      });
    } else {
      fields.push({ ...base, value: filled.value, source: filled.source });
    }
  }
  return {
    matter: { code: matter.code, version: matter.version, name: matter.name },
    fields,
    attached,
    missing: { materials: missingMaterials, fields: missingFields },
    complete: missingMaterials.length === 0 && missingFields.every((f) => !f.required),
  };
}
