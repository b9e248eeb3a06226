import { type Static, Type } from '@sinclair/typebox';

export const CreateGrantBody = Type.Object(
  {
    clientId: Type.String({ maxLength: 64, description: 'The relying party’s registered client (kind relying-party)' }),
    typeCodes: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 50,
        description: 'Licence types: every licence of the holder of each type',
      }),
    ),
    identifiers: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 50,
        description: 'Specific licences (any version; later versions follow)',
      }),
    ),
    matterCode: Type.String({ maxLength: 64, description: 'The service matter’s code (政务服务事项编码)' }),
    purpose: Type.String({ maxLength: 1000, description: 'The purpose, 1–200 characters' }),
    validUntil: Type.String({ maxLength: 40, description: 'RFC 3339; after now, at most 366 days ahead' }),
  },
  { additionalProperties: false },
);
export type CreateGrantBody = Static<typeof CreateGrantBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'a retry with the same key returns the first answer' })),
});

export const GrantParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export type GrantParams = Static<typeof GrantParams>;

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ maxLength: 3, description: '1–100, default 20' })),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const CounterGrantsQuery = Type.Object(
  {
    matterCode: Type.Optional(Type.String({ maxLength: 64, description: 'Only grants for this matter' })),
    holderCodeType: Type.Optional(
      Type.String({ maxLength: 3, description: 'GB/T 36903 holder code type of holderCode; default 111 (citizen ID)' }),
    ),
    holderCode: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          "Only the grants of this holder: the full code as the applicant hands it over (check character included), matched through the node's keyed holder index; never logged or recorded",
      }),
    ),
    limit: Type.Optional(Type.String({ maxLength: 3, description: '1–100, default 20' })),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type CounterGrantsQuery = Static<typeof CounterGrantsQuery>;

export const FetchBody = Type.Object(
  {
    grantId: Type.Optional(Type.String({ maxLength: 64, description: 'A live grant given to this client' })),
    code: Type.Optional(Type.String({ maxLength: 2000, description: 'A show code (HT1:…) the holder presented' })),
    useCause: Type.String({ maxLength: 1000, description: '用证事由, 1–200 characters, recorded' }),
    typeCodes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    identifiers: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type FetchBody = Static<typeof FetchBody>;

export const ClearanceParams = Type.Object({ clientId: Type.String({ maxLength: 64 }) });
export type ClearanceParams = Static<typeof ClearanceParams>;

export const ClearanceBody = Type.Object(
  {
    clearance: Type.Integer({
      minimum: 1,
      maximum: 4,
      description: 'Highest sensitivity grade seen unmasked: 1 public, 2 internal, 3 sensitive, 4 most sensitive',
    }),
  },
  { additionalProperties: false },
);
export type ClearanceBody = Static<typeof ClearanceBody>;

export const UsageRecordParams = Type.Object({ usageRecordId: Type.String({ maxLength: 64 }) });
export type UsageRecordParams = Static<typeof UsageRecordParams>;
