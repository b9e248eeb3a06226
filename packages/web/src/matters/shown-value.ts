import type { Language } from '@hutong/core';
import type { FaceField } from '../api/catalogue-api.js';
import type { FilledField } from '../api/matters-api.js';
import { labelIn } from '../layout/format.js';

/** The face fields of each published type, by type code (to name a coded value by its label). */
export type FaceFieldsByType = ReadonlyMap<string, readonly FaceField[]>;

/**
 * A filled value as a person reads it: yes/no, and a coded face value (an `enum` field such as
 * sex, GB/T 2261.1 `2`) by its label in the catalogue — the licence carries the code, the form
 * shows "女" — else the value itself.
 */
export function shownValue(
  field: FilledField,
  t: (key: string) => string,
  faceFields: FaceFieldsByType,
  language: Language,
): string {
  if (typeof field.value === 'boolean') return field.value ? t('common.yes') : t('common.no');
  const value = String(field.value ?? '');
  const source = field.source;
  if (source?.typeCode !== undefined && source.path.startsWith('face.')) {
    const key = source.path.slice('face.'.length);
    const entry = faceFields
      .get(source.typeCode)
      ?.find((f) => f.key === key)
      ?.enum?.find((option) => option.value === value);
    if (entry !== undefined) return labelIn(entry.label, language);
  }
  return value;
}
