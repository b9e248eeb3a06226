/**
 * The vocabulary of a service matter's (政务服务事项) form, shared by the node that checks and
 * fills matters and by the editor that writes them: the value types a form field holds, the
 * holder attributes it can take, and the licence paths it can be filled from — a face field
 * (照面信息) of the type, or a GB/T 36903 metadata element.
 */
import type { LicenceMetadata } from '../licence/licence.js';

/** The value types a form field holds. */
export const FORM_FIELD_TYPES = ['string', 'date', 'integer', 'decimal', 'boolean'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** What a field can take from the holder's identity (the licence that identified them). */
export const HOLDER_ATTRIBUTES = ['name', 'code', 'codeType'] as const;
export type HolderAttribute = (typeof HOLDER_ATTRIBUTES)[number];

/** The licence path each holder attribute is read from. */
export const HOLDER_ATTRIBUTE_PATHS: Readonly<Record<HolderAttribute, string>> = {
  name: 'metadata.certificateHolderName',
  code: 'metadata.certificateHolderCode',
  codeType: 'metadata.certificateHolderTypeCode',
};

/**
 * GB/T 36903 metadata elements a form field may take its value from. Not the signature,
 * version or area: they describe the record, not the holder's facts.
 */
export const MAPPABLE_METADATA = [
  'certificateHolderName',
  'certificateHolderCode',
  'certificateHolderTypeCode',
  'certificateNumber',
  'certificateName',
  'certificateIdentifier',
  'certificateIssuingAuthorityName',
  'certificateIssuingAuthorityCode',
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'certificateExpiringDate',
] as const satisfies readonly (keyof LicenceMetadata)[];
export type MappableMetadata = (typeof MAPPABLE_METADATA)[number];

/** A path a form field can be filled from: `face.<face field key>` or `metadata.<element>`. */
export interface MappablePath {
  readonly path: string;
  readonly scope: 'face' | 'metadata';
  /** The face field key or the metadata element. */
  readonly key: string;
}

/**
 * The paths of a licence type a form field can be filled from: its face fields in order (not
 * images: a form field holds text, numbers or yes/no), then the mappable metadata elements.
 *
 * @example mappableLicencePaths({ faceFields: [{ key: 'address', type: 'string' }] })[0] // { path: 'face.address', scope: 'face', key: 'address' }
 */
export function mappableLicencePaths(type: {
  readonly faceFields: ReadonlyArray<{ readonly key: string; readonly type: string }>;
}): MappablePath[] {
  const face = type.faceFields
    .filter((field) => field.type !== 'image')
    .map((field): MappablePath => ({ path: `face.${field.key}`, scope: 'face', key: field.key }));
  const metadata = MAPPABLE_METADATA.map((key): MappablePath => ({ path: `metadata.${key}`, scope: 'metadata', key }));
  return [...face, ...metadata];
}
