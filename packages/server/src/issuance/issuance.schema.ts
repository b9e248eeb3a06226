import { type Static, Type } from '@sinclair/typebox';
import { LicenceDocument } from '../library/licence.schema.js';
import { MAX_BATCH } from './issue-licence-batch.js';

const Text = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, description });
const DateText = (description: string) =>
  Type.String({ minLength: 8, maxLength: 10, description: `${description} (yyyyMMdd or yyyy-MM-dd)` });

/** One licence to issue (GB/T 36903 element names, as bulk import reads them). */
export const IssueLicenceBody = Type.Object(
  {
    certificateTypeCode: Text('licence type code (GB/T 36902, 21 characters)', 21),
    certificateIssuingAuthorityCode: Type.Optional(Text("issuer's USCC; default: the client's organisation", 18)),
    certificateNumber: Text('number printed on the paper licence'),
    certificateHolderName: Text('holder name'),
    certificateHolderCode: Text('holder code (citizen ID, USCC …)', 64),
    certificateHolderTypeCode: Text('holder code type (111 citizen ID, 001 USCC …)', 3),
    certificateIssuedDate: Type.Optional(DateText('issue date; default today (UTC+8)')),
    certificateEffectiveDate: DateText('effective date'),
    certificateExpiringDate: Type.Optional(DateText('expiring date; default from the type’s fixed period')),
    certificateAreaCode: Type.Optional(Text('GB/T 2260 area code; default the issuer’s', 6)),
    face: Type.Record(
      Type.String({ maxLength: 64 }),
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
      {
        description: 'face fields, keyed by the type’s face-field keys',
      },
    ),
    sourceKey: Type.Optional(Text('the department’s own record key: a retry with it returns the same licence', 128)),
  },
  { additionalProperties: false },
);
export type IssueLicenceBody = Static<typeof IssueLicenceBody>;

/** The answer to one issuance. */
export const IssuedLicence = Type.Object(
  {
    identifier: Type.String(),
    /** `issued` now, or `existing`: a retry answered with the licence issued the first time. */
    outcome: Type.Union([Type.Literal('issued'), Type.Literal('existing')]),
    licence: LicenceDocument,
  },
  { additionalProperties: false },
);
export type IssuedLicence = Static<typeof IssuedLicence>;

export const BatchBody = Type.Object(
  {
    // The bound is checked by the use case, which answers ERR_ISSUANCE_BATCH_SIZE precisely.
    items: Type.Array(IssueLicenceBody, { description: `1 to ${MAX_BATCH} licences` }),
  },
  { additionalProperties: false },
);
export type BatchBody = Static<typeof BatchBody>;

export const ItemError = Type.Object(
  {
    code: Type.String(),
    field: Type.Optional(Type.String()),
    message: Type.String(),
    issues: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })),
    ),
  },
  { additionalProperties: false },
);

export const BatchResult = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    outcome: Type.Union([Type.Literal('issued'), Type.Literal('existing'), Type.Literal('rejected')]),
    identifier: Type.Optional(Type.String()),
    licence: Type.Optional(LicenceDocument),
    error: Type.Optional(ItemError),
  },
  { additionalProperties: false },
);

export const BatchResponse = Type.Object(
  {
    issued: Type.Integer(),
    existing: Type.Integer(),
    rejected: Type.Integer(),
    results: Type.Array(BatchResult),
  },
  { additionalProperties: false },
);
export type BatchResponse = Static<typeof BatchResponse>;
