/**
 * A service matter (政务服务事项) as a document: what a holder applies for, the materials it
 * needs (licence types, with "any one of" groups, or materials that are not licences), the
 * form with each field mapped to a licence field path, a holder attribute or the holder's own
 * input, and optionally the licence it produces (issued back to the holder at once,
 * self-service). One definition for the node that checks, stores and fills matters and for
 * the web's editor and kiosk that write and show them (the API's `/api/v1/matters` bodies).
 */
import type { Label } from '../catalogue/read-members.js';
import type { FormFieldType, HolderAttribute } from './form-field.js';

export type HolderCategoryOfMatter = 'person' | 'organisation';
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

/** A matter without its code and version: what an editor writes and the node validates. */
export interface MatterContent {
  readonly name: Label;
  readonly departmentCode: string;
  readonly holderCategory: HolderCategoryOfMatter;
  readonly materials: readonly Material[];
  readonly fields: readonly FormField[];
  readonly output?: MatterOutput;
}
