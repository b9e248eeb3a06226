import { type Static, Type } from '@sinclair/typebox';

export const RegisterEntryBody = Type.Object(
  {
    code: Type.String({ maxLength: 2000, description: 'The show code (HT1:…) the person presents' }),
    useCause: Type.Optional(
      Type.String({ maxLength: 1000, description: '用证事由 (1–200 characters); default 入场登记' }),
    ),
  },
  { additionalProperties: false },
);
export type RegisterEntryBody = Static<typeof RegisterEntryBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'a retry with the same key returns the first entry' })),
});

export const RegisterQuery = Type.Object(
  { date: Type.Optional(Type.String({ maxLength: 40, description: 'yyyyMMdd, China Standard Time; default today' })) },
  { additionalProperties: false },
);
export type RegisterQuery = Static<typeof RegisterQuery>;

const RegisterField = Type.Object({
  key: Type.String(),
  label: Type.String(),
  value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  masked: Type.Boolean(),
});

export const VenueEntrySchema = Type.Object({
  id: Type.String(),
  enteredAt: Type.String(),
  day: Type.String(),
  identifier: Type.String(),
  typeCode: Type.String(),
  issuerCode: Type.String(),
  fields: Type.Array(RegisterField),
  useCause: Type.String(),
});

export const VenueRegisterSchema = Type.Object({
  date: Type.String(),
  venue: Type.String(),
  entries: Type.Array(VenueEntrySchema),
});
