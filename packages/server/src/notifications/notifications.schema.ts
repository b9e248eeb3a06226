import { type Static, Type } from '@sinclair/typebox';

export const SubscriptionBody = Type.Object(
  {
    url: Type.String({ maxLength: 2048, description: 'where to POST signed notifications (http or https)' }),
    typeCodes: Type.Optional(Type.Array(Type.String({ maxLength: 21 }), { minItems: 1, maxItems: 200 })),
    identifiers: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type SubscriptionBody = Static<typeof SubscriptionBody>;

export const CreatedSubscriptionSchema = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    secret: Type.String({ description: 'HMAC-SHA256 key (base64url) of the Hutong-Signature header; shown once' }),
    typeCodes: Type.Union([Type.Array(Type.String()), Type.Null()]),
    identifiers: Type.Union([Type.Array(Type.String()), Type.Null()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

export const SubscriptionParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export type SubscriptionParams = Static<typeof SubscriptionParams>;

export const DeliveryList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          messageId: Type.String(),
          eventType: Type.String(),
          target: Type.String(),
          attempt: Type.Integer(),
          at: Type.String(),
          outcome: Type.String(),
          httpStatus: Type.Union([Type.Integer(), Type.Null()]),
          error: Type.Union([Type.String(), Type.Null()]),
          durationMs: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
