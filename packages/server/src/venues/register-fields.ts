import { type FaceField, type LicenceType, maskFaceValue, type ShownField } from '@hutong/core';

/** A field as the register keeps it: what the code disclosed, ID numbers and grade 3–4 data masked. */
export interface RegisterField {
  readonly key: string;
  readonly label: string;
  readonly value: string | number | boolean;
  readonly masked: boolean;
}

const METADATA_LABELS: Readonly<Record<string, string>> = {
  certificateHolderName: '持证主体',
  certificateHolderCode: '持证主体代码',
  certificateNumber: '证照编号',
  certificateName: '证照名称',
};

/** The holder code is graded 3 (show-code.md §4): an ID number. */
const HOLDER_CODE_FIELD: FaceField = {
  key: 'certificateHolderCode',
  label: { zh: '持证主体代码', en: 'Holder code' },
  type: 'string',
  format: 'citizen-id',
  required: true,
  sensitivity: 3,
};

/**
 * The register's copy of the disclosed fields: a field shown in full whose grade is 3 or 4
 * (ID numbers, addresses, health data) is masked as a clearance-2 reader sees it
 * (`110105********002X`); names, numbers and dates stay as shown.
 */
export function registerFields(fields: readonly ShownField[], type: LicenceType | undefined): RegisterField[] {
  return fields.map((field) => {
    const definition =
      field.source === 'metadata'
        ? field.key === 'certificateHolderCode'
          ? HOLDER_CODE_FIELD
          : undefined
        : type?.faceFields.find((f) => f.key === field.key);
    const label =
      field.source === 'metadata' ? (METADATA_LABELS[field.key] ?? field.key) : (definition?.label.zh ?? field.key);
    const sensitive = definition !== undefined && definition.sensitivity >= 3;
    if (field.masked || !sensitive) return { key: field.key, label, value: field.value, masked: field.masked };
    return { key: field.key, label, value: maskFaceValue(definition, field.value, 2), masked: true };
  });
}
