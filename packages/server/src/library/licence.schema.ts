import { type Static, Type } from '@sinclair/typebox';

/**
 * The signed licence document (`hutong-licence/1`, docs/design/licence-format.md) as the
 * API presents it. Core's strict parser is the authority on its content; this schema gives
 * the OpenAPI document its shape and lets the serializer pass every member through.
 */
export const LicenceDocument = Type.Object(
  {
    format: Type.Literal('hutong-licence/1'),
    metadata: Type.Record(Type.String(), Type.String(), { description: 'GB/T 36903 metadata, yyyyMMdd dates' }),
    face: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: 'face (照面) fields of the licence type',
    }),
    statusReference: Type.Optional(
      Type.Object(
        { uri: Type.String({ format: 'uri' }), index: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
    proof: Type.Object(
      {
        suite: Type.String(),
        verificationMethod: Type.String(),
        created: Type.String(),
        signatureValue: Type.String(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'LicenceDocument' },
);
export type LicenceDocument = Static<typeof LicenceDocument>;

export const EncumbranceView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('mortgage'), Type.Literal('pledge')]),
    creditor: Type.Optional(Type.String()),
    start: Type.String(),
    end: Type.Optional(Type.String()),
    releasedAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const LicenceStatusViewSchema = Type.Object(
  {
    status: Type.String({
      description: 'valid, suspended, revoked, cancelled, abolished, expired, superseded, transferred-out',
    }),
    expiringDate: Type.Optional(Type.String()),
    suspendedBy: Type.Optional(Type.Array(Type.String())),
    statusList: Type.Object({ listId: Type.Integer(), index: Type.Integer(), value: Type.Integer() }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const LicenceVersionSummarySchema = Type.Object(
  { identifier: Type.String(), version: Type.String(), status: Type.String(), issuedAt: Type.String() },
  { additionalProperties: false },
);

/** `GET /api/v1/licences/{identifier}` and `hutong licence get`. */
export const LicenceViewSchema = Type.Object(
  {
    licence: LicenceDocument,
    status: LicenceStatusViewSchema,
    encumbrances: Type.Array(EncumbranceView),
    versions: Type.Array(LicenceVersionSummarySchema),
  },
  { additionalProperties: false },
);
