/**
 * What a show code discloses (data grading, 分级分类): the holder chooses among the type's face
 * fields and a few GB/T 36903 metadata elements, in full or masked; by default only
 * low-sensitivity items go out (docs/design/show-code.md §4).
 */
import { type FaceField, faceFieldOf, type LicenceType, maskFaceValue } from '../catalogue/index.js';
import { HutongError } from '../errors.js';
import type { FaceValue, Licence } from '../licence/index.js';
import { MAX_SHOWN_FIELDS, SHOWABLE_METADATA, type ShowableMetadata, type ShownField } from './show-code.js';

/** A field to show: its key (face field key or metadata element name), in full or masked. */
export type DisclosureChoice = string | { readonly key: string; readonly masked?: boolean };

/**
 * The metadata elements a code can carry, described as face fields so that their grades and
 * masking follow the catalogue's rules: the holder's name is internal (2), the holder's code
 * (citizen ID number, USCC) sensitive (3), the licence number internal (2), the name of the
 * licence public (1).
 */
function metadataField(name: ShowableMetadata, licence: Licence): FaceField {
  switch (name) {
    case 'certificateHolderName':
      return {
        key: name,
        label: { zh: '持证主体', en: 'Holder' },
        type: 'string',
        format: 'person-name',
        required: true,
        sensitivity: 2,
      };
    case 'certificateHolderCode': {
      // GB/T 36903 holder code types: 111 citizen ID number, 001 USCC; others have no known shape.
      const type = licence.metadata.certificateHolderTypeCode;
      const format = type === '111' ? 'citizen-id' : type === '001' ? 'uscc' : undefined;
      return {
        key: name,
        label: { zh: '持证主体代码', en: 'Holder code' },
        type: 'string',
        ...(format === undefined ? {} : { format }),
        required: true,
        sensitivity: 3,
      };
    }
    case 'certificateNumber':
      return {
        key: name,
        label: { zh: '证照编号', en: 'Licence number' },
        type: 'string',
        required: true,
        sensitivity: 2,
      };
    case 'certificateName':
      return {
        key: name,
        label: { zh: '证照名称', en: 'Licence name' },
        type: 'string',
        required: true,
        sensitivity: 1,
      };
  }
}

function isShowableMetadata(key: string): key is ShowableMetadata {
  return (SHOWABLE_METADATA as readonly string[]).includes(key);
}

/**
 * Face fields a type shows by default, at most: with the holder's name that keeps default
 * codes under 600 characters over the demo catalogue (median 390; QR version 15 or less at
 * level M, docs/design/show-code.md §7), which a phone reads off another phone's screen at
 * arm's length. More fields are the holder's explicit choice.
 */
export const MAX_DEFAULT_FACE_FIELDS = 4;

/**
 * The fields a type shows by default: the holder's name, then the first
 * {@link MAX_DEFAULT_FACE_FIELDS} face fields of grade 1 or 2 that the type requires, in the
 * type's order — except images (no image fits a QR code) and person names (the holder's name
 * is already in). Grade 3 and 4 fields (ID numbers, home addresses, health data) are shown
 * only when the holder chooses them. Validity (effective and expiring dates) is always in a
 * code, outside the fields.
 *
 * @example defaultDisclosure(constructionOpsType) // ['certificateHolderName', 'gender', 'operationCategory']
 */
export function defaultDisclosure(type: LicenceType): readonly string[] {
  const keys: string[] = ['certificateHolderName'];
  for (const field of type.faceFields) {
    if (
      field.sensitivity <= 2 &&
      field.required &&
      field.type !== 'image' &&
      field.format !== 'person-name' &&
      !isShowableMetadata(field.key)
    ) {
      keys.push(field.key);
    }
  }
  return keys.slice(0, 1 + MAX_DEFAULT_FACE_FIELDS);
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function input(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_SHOWING_INPUT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

function readChoice(choice: unknown, i: number): { key: string; masked: boolean } {
  if (typeof choice === 'string') return { key: choice, masked: false };
  if (typeof choice !== 'object' || choice === null)
    input(`disclose[${i}]`, 'must be a key or { key, masked }', '须为字段键或 { key, masked }');
  const { key, masked } = choice as { key?: unknown; masked?: unknown };
  if (typeof key !== 'string') input(`disclose[${i}].key`, 'must be a string', '须为字符串');
  if (masked !== undefined && typeof masked !== 'boolean')
    input(`disclose[${i}].masked`, 'must be a boolean', '须为布尔值');
  return { key, masked: masked === true };
}

/**
 * The fields a code will carry for these choices, values taken from the licence (masked
 * where chosen, with the catalogue's masking for the field's format). With `explicit`
 * false (the default set) a face field the licence lacks is skipped, and so is one whose
 * value is already shown (an organisation's name on the face repeats the holder's name);
 * chosen explicitly, an absent field is an error.
 */
export function discloseFields(
  licence: Licence,
  type: LicenceType,
  choices: readonly DisclosureChoice[],
  explicit: boolean,
): ShownField[] {
  if (!Array.isArray(choices)) input('disclose', 'must be an array', '须为数组');
  if (choices.length > MAX_SHOWN_FIELDS)
    input('disclose', `may hold at most ${MAX_SHOWN_FIELDS} fields`, `至多可含 ${MAX_SHOWN_FIELDS} 个字段`);
  const seen = new Set<string>();
  const out: ShownField[] = [];
  choices.forEach((raw, i) => {
    const { key, masked } = readChoice(raw, i);
    if (seen.has(key))
      throw new HutongError('ERR_SHOWING_FIELD_DUPLICATE', { field: `disclose[${i}]`, params: { key } });
    seen.add(key);
    const face = faceFieldOf(type, key);
    const metadata = isShowableMetadata(key);
    if (face !== undefined && metadata) {
      throw new HutongError('ERR_SHOWING_FIELD_AMBIGUOUS', { field: `disclose[${i}]`, params: { key } });
    }
    let field: FaceField;
    let value: FaceValue | undefined;
    if (metadata) {
      field = metadataField(key, licence);
      value = licence.metadata[key];
    } else if (face !== undefined) {
      field = face;
      value = Object.hasOwn(licence.face, key) ? licence.face[key] : undefined;
    } else {
      throw new HutongError('ERR_SHOWING_FIELD_UNKNOWN', {
        field: `disclose[${i}]`,
        params: { key: key.slice(0, 60), typeCode: type.certificateTypeCode },
      });
    }
    if (field.type === 'image') {
      throw new HutongError('ERR_SHOWING_FIELD_NOT_SHOWABLE', {
        field: `disclose[${i}]`,
        params: { key, reason: 'an image does not fit a QR code; the verifier sees it online' },
        zhParams: { reason: '图像无法放入二维码，核验方可在线查看' },
      });
    }
    if (!explicit && out.some((shown) => shown.value === value)) return;
    if (value === undefined) {
      if (!explicit) return;
      throw new HutongError('ERR_SHOWING_FIELD_ABSENT', { field: `disclose[${i}]`, params: { key } });
    }
    // maskFaceValue masks exactly when clearance < sensitivity: a grade-4 view from clearance 1
    // gives the field's masked form whatever its own grade.
    const shown = masked ? maskFaceValue({ ...field, sensitivity: 4 }, value, 1) : value;
    out.push({ source: metadata ? 'metadata' : 'face', key, value: shown, masked });
  });
  return out;
}
