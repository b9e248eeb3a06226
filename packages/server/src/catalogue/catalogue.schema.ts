/**
 * TypeBox schemas of catalogue management: core's licence type document (GB/T 36902 fields,
 * face-field schema, template), the responsibility and scenario lists. Fastify checks the
 * shape with these; core's parsers then check the content (codes, check characters, rules)
 * with their precise errors.
 */
import {
  AUTHORITY_LEVELS,
  FACE_FIELD_FORMATS,
  FACE_FIELD_TYPES,
  HOLDER_CATEGORIES,
  LICENCE_TYPE_STATUSES,
  SUITE_NAMES,
} from '@hutong/core';
import { type Static, Type } from '@sinclair/typebox';
import { LabelSchema } from '../organisations/organisations.schema.js';

const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description === undefined ? {} : { description },
  );

const Period = Type.Object(
  {
    years: Type.Optional(Type.Integer({ minimum: 0 })),
    months: Type.Optional(Type.Integer({ minimum: 0 })),
    days: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const ValidityRuleSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('long-term') }, { additionalProperties: false }),
    Type.Object(
      {
        kind: Type.Literal('period'),
        years: Type.Optional(Type.Integer({ minimum: 0 })),
        months: Type.Optional(Type.Integer({ minimum: 0 })),
        days: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
    Type.Object({ kind: Type.Literal('range'), min: Period, max: Period }, { additionalProperties: false }),
  ],
  {
    description: 'how long a licence of the type is valid: long-term, a fixed period, or a range the issuer chooses in',
  },
);

export const FaceFieldSchema = Type.Object(
  {
    key: Type.String({ description: 'lowerCamelCase, the member name in a licence face' }),
    label: LabelSchema,
    type: literals(FACE_FIELD_TYPES),
    format: Type.Optional(literals(FACE_FIELD_FORMATS, 'only for string fields; checked by core')),
    enum: Type.Optional(
      Type.Array(Type.Object({ value: Type.String(), label: LabelSchema }, { additionalProperties: false }), {
        description: 'only for, and required by, enum fields',
      }),
    ),
    required: Type.Boolean(),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, description: 'only for string fields' })),
    sensitivity: Type.Integer({
      minimum: 1,
      maximum: 4,
      description: 'data grade (GB/T 43697): 1 public … 4 most sensitive',
    }),
  },
  { additionalProperties: false },
);

const members = {
  certificateTypeCode: Type.String({ description: 'GB/T 36904 type code: defining authority USCC + 3-digit sequence' }),
  name: LabelSchema,
  definingAuthority: Type.Object(
    { name: Type.String(), code: Type.String({ description: 'USCC' }), level: literals(AUTHORITY_LEVELS) },
    { additionalProperties: false },
  ),
  relatedMatter: Type.Optional(
    Type.Object({ name: Type.String(), code: Type.String() }, { additionalProperties: false }),
  ),
  holderCategory: literals(HOLDER_CATEGORIES),
  validity: ValidityRuleSchema,
  issuingAuthorityLevel: Type.Array(literals(AUTHORITY_LEVELS)),
  faceFields: Type.Array(FaceFieldSchema),
  templateId: Type.String(),
  suites: Type.Optional(Type.Array(literals(SUITE_NAMES))),
};

/** A licence type document as an administrator sends it: the catalogue numbers versions and sets the status. */
export const LicenceTypeInputSchema = Type.Object(members, { additionalProperties: false });
export type LicenceTypeInput = Static<typeof LicenceTypeInputSchema>;

/** Core's `LicenceType`: one version of a catalogue entry. */
export const LicenceTypeSchema = Type.Object(
  {
    ...members,
    version: Type.Integer({ minimum: 1 }),
    status: literals(LICENCE_TYPE_STATUSES),
  },
  { additionalProperties: false },
);

export const LicenceTypePageSchema = Type.Object(
  { items: Type.Array(LicenceTypeSchema), next: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const TypeQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.String({ maxLength: 20, description: 'published (default), retired, draft (administrators)' }),
    ),
    after: Type.Optional(Type.String({ maxLength: 21 })),
    limit: Type.Optional(Type.String({ maxLength: 4 })),
  },
  { additionalProperties: false },
);
export type TypeQuery = Static<typeof TypeQuerySchema>;

export const TypeParamsSchema = Type.Object({ code: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export type TypeParams = Static<typeof TypeParamsSchema>;
export const VersionQuerySchema = Type.Object(
  { version: Type.Optional(Type.String({ maxLength: 7 })) },
  { additionalProperties: false },
);
export type VersionQuery = Static<typeof VersionQuerySchema>;

export const PublishBodySchema = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'the draft version reviewed: refused if the draft changed since' }),
    ),
  },
  { additionalProperties: false },
);
export type PublishBody = Static<typeof PublishBodySchema>;

const Progress = Type.Object(
  {
    electronic: Type.Integer({ description: 'distinct licences in the library (issued, aggregated or converted)' }),
    issued: Type.Integer(),
    aggregated: Type.Integer(),
    imported: Type.Integer(),
    ratio: Type.Optional(Type.Number({ description: 'electronic ÷ paper count' })),
  },
  { additionalProperties: false },
);

export const ResponsibilityInputSchema = Type.Object(
  {
    departmentCode: Type.String({ description: 'USCC of the responsible department' }),
    certificateTypeCode: Type.String(),
    deadline: Type.String({ description: 'yyyyMMdd or yyyy-MM-dd' }),
    paperCount: Type.Optional(Type.Integer({ minimum: 0, description: 'paper licences of the type in stock' })),
  },
  { additionalProperties: false },
);
export type ResponsibilityInput = Static<typeof ResponsibilityInputSchema>;

export const ResponsibilitySchema = Type.Object(
  {
    departmentCode: Type.String(),
    departmentName: LabelSchema,
    certificateTypeCode: Type.String(),
    typeName: LabelSchema,
    deadline: Type.String({ description: 'yyyyMMdd' }),
    paperCount: Type.Optional(Type.Integer()),
    progress: Progress,
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const ResponsibilityPageSchema = Type.Object(
  { items: Type.Array(ResponsibilitySchema), next: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const ResponsibilityQuerySchema = Type.Object(
  {
    certificateTypeCode: Type.Optional(Type.String({ maxLength: 64 })),
    departmentCode: Type.Optional(Type.String({ maxLength: 64 })),
    after: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.String({ maxLength: 4 })),
  },
  { additionalProperties: false },
);
export type ResponsibilityQuery = Static<typeof ResponsibilityQuerySchema>;

export const ResponsibilityParamsSchema = Type.Object(
  { typeCode: Type.String({ maxLength: 64 }), departmentCode: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export type ResponsibilityParams = Static<typeof ResponsibilityParamsSchema>;

export const ScenarioInputSchema = Type.Object(
  {
    certificateTypeCode: Type.String(),
    matterCode: Type.Optional(Type.String({ description: 'the service matter (政务服务事项) code' })),
    venue: Type.Optional(Type.String({ description: 'the venue or setting' })),
    description: Type.String(),
  },
  { additionalProperties: false },
);
export type ScenarioInput = Static<typeof ScenarioInputSchema>;

export const ScenarioSchema = Type.Object(
  {
    id: Type.String(),
    certificateTypeCode: Type.String(),
    matterCode: Type.Optional(Type.String()),
    venue: Type.Optional(Type.String()),
    description: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const ScenarioPageSchema = Type.Object(
  { items: Type.Array(ScenarioSchema), next: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const ScenarioQuerySchema = Type.Object(
  {
    certificateTypeCode: Type.Optional(Type.String({ maxLength: 64 })),
    after: Type.Optional(Type.String({ maxLength: 80 })),
    limit: Type.Optional(Type.String({ maxLength: 4 })),
  },
  { additionalProperties: false },
);
export type ScenarioQuery = Static<typeof ScenarioQuerySchema>;

export const ScenarioParamsSchema = Type.Object(
  { id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export type ScenarioParams = Static<typeof ScenarioParamsSchema>;
