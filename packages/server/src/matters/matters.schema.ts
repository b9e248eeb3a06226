/**
 * TypeBox schemas of service matters, prefill and kiosk sessions. Fastify checks the shape
 * with these; the use cases then check the content against the catalogue (types published,
 * field paths present, the department on this node) with typed errors naming the field.
 */
import { FORM_FIELD_TYPES, HOLDER_ATTRIBUTES } from '@hutong/core';
import { type Static, Type } from '@sinclair/typebox';
import { LabelSchema } from '../organisations/organisations.schema.js';

const Key = Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,39}$', description: 'camelCase key, unique in its list' });
const MatterCode = Type.String({
  pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$',
  description: 'government service matter code (政务服务事项编码)',
});
const TypeCode = Type.String({ minLength: 1, maxLength: 64, description: 'licence type code (GB/T 36902)' });
const Uscc = Type.String({ minLength: 18, maxLength: 18, description: 'unified social credit code (GB 32100)' });

export const HOLDER_CATEGORIES_OF_MATTERS = ['person', 'organisation'] as const;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Commitment = Type.Optional(
  Type.Boolean({
    description:
      'the department accepts the holder’s commitment in place of the material (证明事项告知承诺制): a kiosk may then take the holder’s commitment for it',
  }),
);

export const MaterialSchema = Type.Union([
  Type.Object(
    {
      key: Key,
      name: LabelSchema,
      kind: Type.Literal('licence'),
      anyOf: Type.Array(TypeCode, {
        minItems: 1,
        maxItems: 5,
        uniqueItems: true,
        description: 'any one licence of these types satisfies the material (“any one of” group)',
      }),
      commitment: Commitment,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      key: Key,
      name: LabelSchema,
      kind: Type.Literal('other'),
      description: Type.Optional(Type.String({ maxLength: 200 })),
      commitment: Commitment,
    },
    { additionalProperties: false, description: 'a material that is not a licence (photo, signed form …)' },
  ),
]);
export type MaterialInput = Static<typeof MaterialSchema>;

export const LicencePathSchema = Type.Object(
  {
    typeCode: TypeCode,
    path: Type.String({
      pattern: '^(face\\.[A-Za-z][A-Za-z0-9_]{0,63}|metadata\\.[A-Za-z]{1,64})$',
      description: '`face.<face field key>` or `metadata.<GB/T 36903 element>`',
    }),
  },
  { additionalProperties: false },
);

export const FieldSourceSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('licence'),
      from: Type.Array(LicencePathSchema, { minItems: 1, maxItems: 5, description: 'tried in order' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('holder'), attribute: literals(HOLDER_ATTRIBUTES) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('input') }, { additionalProperties: false }),
]);

export const FormFieldSchema = Type.Object(
  {
    key: Key,
    label: LabelSchema,
    type: literals(FORM_FIELD_TYPES),
    required: Type.Boolean(),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
    source: FieldSourceSchema,
  },
  { additionalProperties: false },
);
export type FormFieldInput = Static<typeof FormFieldSchema>;

const FaceValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]);

export const OutputSchema = Type.Object(
  {
    typeCode: TypeCode,
    face: Type.Record(
      Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
      Type.Union([
        Type.Object({ field: Key }, { additionalProperties: false }),
        Type.Object({ value: FaceValue }, { additionalProperties: false }),
      ]),
    ),
  },
  { additionalProperties: false, description: 'the licence the matter produces, issued back to the holder at once' },
);

const matterMembers = {
  name: LabelSchema,
  departmentCode: Uscc,
  holderCategory: literals(HOLDER_CATEGORIES_OF_MATTERS),
  materials: Type.Array(MaterialSchema, { maxItems: 30 }),
  fields: Type.Array(FormFieldSchema, { maxItems: 100 }),
  output: Type.Optional(OutputSchema),
};

export const MatterCreateSchema = Type.Object({ code: MatterCode, ...matterMembers }, { additionalProperties: false });
export type MatterCreate = Static<typeof MatterCreateSchema>;

export const MatterUpdateSchema = Type.Object(
  {
    code: Type.Optional(MatterCode),
    /** The version the change was made from (optimistic concurrency); optional. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    ...matterMembers,
  },
  { additionalProperties: false },
);
export type MatterUpdate = Static<typeof MatterUpdateSchema>;

export const MatterSchema = Type.Object({
  code: MatterCode,
  version: Type.Integer(),
  ...matterMembers,
  updatedAt: Type.String(),
});

export const MatterListQuerySchema = Type.Object(
  {
    departmentCode: Type.Optional(Uscc),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(MatterCode),
  },
  { additionalProperties: false },
);
export type MatterListQuery = Static<typeof MatterListQuerySchema>;

export const MatterPageSchema = Type.Object({
  items: Type.Array(MatterSchema),
  nextCursor: Type.Optional(Type.String()),
});

export const MatterParamsSchema = Type.Object({ code: MatterCode }, { additionalProperties: false });
export type MatterParams = Static<typeof MatterParamsSchema>;

const ShareSchema = Type.Object({
  matters: Type.Integer(),
  noSubmit: Type.Integer(),
  /** 告知承诺制 (国办发〔2020〕42号): materials accepted on the holder's commitment count as not needing paper. */
  noSubmitWithCommitments: Type.Integer(),
  noFill: Type.Integer(),
  both: Type.Integer(),
  noSubmitShare: Type.Number(),
  noSubmitWithCommitmentsShare: Type.Number(),
  noFillShare: Type.Number(),
  bothShare: Type.Number(),
});

export const FiguresSchema = Type.Object({
  at: Type.String(),
  definition: Type.String(),
  targets: Type.Array(
    Type.Object({
      by: Type.String(),
      share: Type.Number(),
      basis: Type.String(),
      noSubmitMet: Type.Boolean(),
      noSubmitWithCommitmentsMet: Type.Boolean(),
      noFillMet: Type.Boolean(),
    }),
  ),
  overall: ShareSchema,
  byHolderCategory: Type.Array(Type.Object({ holderCategory: Type.String(), ...ShareSchema.properties })),
  byDepartment: Type.Array(
    Type.Object({ departmentCode: Type.String(), departmentName: Type.String(), ...ShareSchema.properties }),
  ),
  matters: Type.Array(
    Type.Object({
      code: Type.String(),
      departmentCode: Type.String(),
      holderCategory: Type.String(),
      noSubmit: Type.Boolean(),
      noSubmitWithCommitments: Type.Boolean(),
      noFill: Type.Boolean(),
      materialsElectronic: Type.Integer(),
      materialsCommitted: Type.Integer(),
      materials: Type.Integer(),
      fieldsFillable: Type.Integer(),
      fieldsRequired: Type.Integer(),
    }),
  ),
});

const UseCause = Type.String({ minLength: 1, maxLength: 200, description: '用证事由, recorded' });

export const PrefillBodySchema = Type.Object(
  {
    useCause: UseCause,
    showCodes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
        minItems: 1,
        maxItems: 10,
        description: 'show codes the holder presented (one per licence)',
      }),
    ),
    grantId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type PrefillBody = Static<typeof PrefillBodySchema>;

export const KioskStartSchema = Type.Object({ matterCode: MatterCode }, { additionalProperties: false });
export type KioskStart = Static<typeof KioskStartSchema>;
export const KioskParamsSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type KioskParams = Static<typeof KioskParamsSchema>;
export const KioskIdentifySchema = Type.Object(
  { showCode: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type KioskIdentify = Static<typeof KioskIdentifySchema>;
export const KioskConsentSchema = Type.Object(
  {
    consent: Type.Literal(true, { description: 'the holder agreed on the kiosk screen' }),
    licences: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 30,
        uniqueItems: true,
        description: 'the identifiers the holder agreed to use (default: every one offered)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type KioskConsent = Static<typeof KioskConsentSchema>;
export const KioskSubmitSchema = Type.Object(
  {
    values: Type.Record(
      Type.String({ maxLength: 40 }),
      Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
      {
        description: 'the fields the holder completed (filled fields may be left out)',
      },
    ),
    materials: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 40 }),
        Type.Object({ kind: Type.Literal('commitment') }, { additionalProperties: false }),
        {
          description:
            'materials no consented licence gives, by key, each committed to by the holder on the kiosk (告知承诺制); every missing material must be covered',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type KioskSubmit = Static<typeof KioskSubmitSchema>;
