import { type Static, Type } from '@sinclair/typebox';
import { LicenceDocument } from './licence.schema.js';

const UseCause = Type.Optional(
  Type.String({
    maxLength: 1000,
    description: '用证事由: why the licence is read (1–200 characters, recorded); required from API clients',
  }),
);

export const IdentifierParams = Type.Object(
  { identifier: Type.String({ maxLength: 200, description: 'GB/T 36904 licence identifier (any version)' }) },
  { additionalProperties: false },
);
export type IdentifierParams = Static<typeof IdentifierParams>;

export const ReadQuery = Type.Object({ useCause: UseCause }, { additionalProperties: false });
export type ReadQuery = Static<typeof ReadQuery>;

export const FindQuery = Type.Object(
  {
    holderCode: Type.Optional(Type.String({ maxLength: 64 })),
    holderCodeType: Type.Optional(Type.String({ maxLength: 3 })),
    typeCode: Type.Optional(Type.String({ maxLength: 21 })),
    issuerCode: Type.Optional(Type.String({ maxLength: 18 })),
    status: Type.Optional(Type.String({ maxLength: 32 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    useCause: UseCause,
  },
  { additionalProperties: false },
);
export type FindQuery = Static<typeof FindQuery>;

export const LicencePageSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({ licence: LicenceDocument, status: Type.String() }, { additionalProperties: false }),
    ),
    nextCursor: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const LicenceHistorySchema = Type.Object(
  {
    versions: Type.Array(
      Type.Object(
        { identifier: Type.String(), version: Type.String(), status: Type.String(), issuedAt: Type.String() },
        { additionalProperties: false },
      ),
    ),
    events: Type.Array(
      Type.Object(
        {
          identifier: Type.String(),
          seq: Type.Integer(),
          type: Type.String(),
          event: Type.Record(Type.String(), Type.Unknown()),
          from: Type.String(),
          to: Type.String(),
          at: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Counted = (member: string, description: string) =>
  Type.Array(
    Type.Object(
      { [member]: Type.String({ description }), count: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
  );

/** `GET /api/v1/statistics/licences`: the library in figures (no personal data). */
export const LicenceStatisticsSchema = Type.Object(
  {
    total: Type.Integer({ minimum: 0, description: 'licences, each counted once at its current version' }),
    byType: Counted('certificateTypeCode', 'GB/T 36904 type code'),
    byIssuer: Counted('issuerCode', 'USCC of the issuing department'),
    byStatus: Counted('status', 'current status of the licence'),
    byOrigin: Counted('origin', 'issued, aggregated or imported (converted from paper stock)'),
  },
  { additionalProperties: false },
);
