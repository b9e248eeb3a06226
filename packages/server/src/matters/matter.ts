/**
 * A service matter (政务服务事项): what a holder applies for, the materials it needs (licence
 * types, with "any one of" groups, or materials that are not licences), the form with each
 * field mapped to a licence field path, a holder attribute or the holder's own input, and
 * optionally the licence it produces (issued back to the holder at once, self-service).
 */
import type { FormFieldType, HolderAttribute, Label } from '@hutong/core';
import type { MattersTable } from './matters.tables.js';

export type HolderCategoryOfMatter = 'person' | 'organisation';
export type { FormFieldType, HolderAttribute };
export type FormValue = string | number | boolean;

/**
 * `commitment`: the department accepts, in place of the material, the holder's commitment that
 * they meet what it proves (证明事项告知承诺制, 国办发〔2020〕42号), checked afterwards. Not for a
 * material that must be seen (a photo taken on site, a contract, a form signed in person).
 */
export type Material =
  | {
      readonly key: string;
      readonly name: Label;
      readonly kind: 'licence';
      readonly anyOf: readonly string[];
      readonly commitment?: boolean;
    }
  | {
      readonly key: string;
      readonly name: Label;
      readonly kind: 'other';
      readonly description?: string;
      readonly commitment?: boolean;
    };

/** `face.<key>` or `metadata.<GB/T 36903 element>` of a licence of `typeCode`. */
export interface LicencePath {
  readonly typeCode: string;
  readonly path: string;
}

export type FieldSource =
  | { readonly kind: 'licence'; readonly from: readonly LicencePath[] }
  | { readonly kind: 'holder'; readonly attribute: HolderAttribute }
  | { readonly kind: 'input' };

export interface FormField {
  readonly key: string;
  readonly label: Label;
  readonly type: FormFieldType;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly source: FieldSource;
}

export type OutputFaceValue = { readonly field: string } | { readonly value: FormValue };

export interface MatterOutput {
  readonly typeCode: string;
  readonly face: Readonly<Record<string, OutputFaceValue>>;
}

export interface MatterContent {
  readonly name: Label;
  readonly departmentCode: string;
  readonly holderCategory: HolderCategoryOfMatter;
  readonly materials: readonly Material[];
  readonly fields: readonly FormField[];
  readonly output?: MatterOutput;
}

export interface Matter extends MatterContent {
  readonly code: string;
  readonly version: number;
  readonly updatedAt: string;
}

/** The content of a stored document (JSON written by `saveMatter` after validation). */
export function matterOf(row: Pick<MattersTable, 'code' | 'version' | 'document' | 'updated_at'>): Matter {
  const content = JSON.parse(row.document) as MatterContent;
  return { code: row.code, version: row.version, ...content, updatedAt: row.updated_at };
}

/** The licence types a matter's materials name, in order, without repeats. */
export function materialTypes(matter: Pick<MatterContent, 'materials'>): string[] {
  const types: string[] = [];
  for (const material of matter.materials) {
    if (material.kind !== 'licence') continue;
    for (const code of material.anyOf) if (!types.includes(code)) types.push(code);
  }
  return types;
}
