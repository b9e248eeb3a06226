import { AUTHORITY_LEVELS } from '@hutong/core';
import { type Static, Type } from '@sinclair/typebox';
import { ORGANISATION_KINDS } from './organisation.js';

export const LabelSchema = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false, description: 'a name in Chinese and English' },
);

const Uscc = Type.String({ minLength: 18, maxLength: 18, description: 'unified social credit code (GB 32100)' });

export const OrganisationInputSchema = Type.Object(
  {
    code: Uscc,
    name: LabelSchema,
    kind: Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k))),
    level: Type.Union(
      AUTHORITY_LEVELS.map((l) => Type.Literal(l)),
      { description: 'GB/T 36902 administrative level' },
    ),
    areaCode: Type.String({ minLength: 6, maxLength: 6, description: 'GB/T 2260 area code' }),
  },
  { additionalProperties: false },
);
export type OrganisationInputBody = Static<typeof OrganisationInputSchema>;

export const OrganisationSchema = Type.Object(
  {
    code: Uscc,
    name: LabelSchema,
    kind: Type.String(),
    level: Type.String(),
    areaCode: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const OrganisationPageSchema = Type.Object(
  {
    items: Type.Array(OrganisationSchema),
    next: Type.Optional(Type.String({ description: 'pass as `after` for the next page' })),
  },
  { additionalProperties: false },
);

export const OrganisationQuerySchema = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20 })),
    after: Type.Optional(Type.String({ maxLength: 18 })),
    limit: Type.Optional(Type.String({ maxLength: 4, description: '1–500, default 100' })),
  },
  { additionalProperties: false },
);
export type OrganisationQuery = Static<typeof OrganisationQuerySchema>;

export const UsccParamsSchema = Type.Object({ uscc: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export type UsccParams = Static<typeof UsccParamsSchema>;
