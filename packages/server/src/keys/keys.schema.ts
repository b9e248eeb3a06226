import { SUITE_NAMES } from '@hutong/core';
import { type Static, Type } from '@sinclair/typebox';
import { ISSUER_KEY_STATUSES, KEY_CUSTODIES } from './issuer-key.js';

const Suite = Type.Union(
  SUITE_NAMES.map((s) => Type.Literal(s)),
  { description: 'signature suite' },
);
const Timestamp = Type.String({ maxLength: 40, description: 'RFC 3339 date-time with an offset' });

export const PublicJwkSchema = Type.Object(
  {
    kty: Type.Union([Type.Literal('EC'), Type.Literal('OKP')]),
    crv: Type.String(),
    x: Type.String(),
    y: Type.Optional(Type.String()),
  },
  { additionalProperties: false, description: 'the public key as a JWK (RFC 7517; SM2 as kty EC, crv SM2)' },
);

/** What `GET /api/v1/issuers/{uscc}/keys` publishes of each key. */
export const PublishedKeySchema = Type.Object(
  {
    keyId: Type.String({ description: 'RFC 7638 thumbprint of the public key' }),
    suite: Suite,
    publicKeyPem: Type.String({ description: 'SubjectPublicKeyInfo PEM' }),
    jwk: PublicJwkSchema,
    validFrom: Type.String({ format: 'date-time' }),
    validUntil: Type.Optional(Type.String({ format: 'date-time' })),
    status: Type.Union(ISSUER_KEY_STATUSES.map((s) => Type.Literal(s))),
    revokedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

/** A key as its administrators see it. */
export const IssuerKeySchema = Type.Object(
  {
    keyId: Type.String(),
    issuerCode: Type.String(),
    suite: Suite,
    custody: Type.Union(KEY_CUSTODIES.map((c) => Type.Literal(c))),
    publicKeyPem: Type.String(),
    jwk: PublicJwkSchema,
    status: Type.Union(ISSUER_KEY_STATUSES.map((s) => Type.Literal(s))),
    validFrom: Type.String({ format: 'date-time' }),
    validUntil: Type.Optional(Type.String({ format: 'date-time' })),
    revokedAt: Type.Optional(Type.String({ format: 'date-time' })),
    revocationReason: Type.Optional(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const PublishedKeysSchema = Type.Array(PublishedKeySchema);

/** `POST /api/v1/issuers/{uscc}/keys`: generate a node-held key, or register an external public key. */
export const AddKeyBodySchema = Type.Union([
  Type.Object(
    {
      custody: Type.Literal('node'),
      suite: Type.Optional(Suite),
      validFrom: Type.Optional(Timestamp),
      validUntil: Type.Optional(Timestamp),
    },
    { additionalProperties: false, description: 'generate a key on the node (private key sealed at rest)' },
  ),
  Type.Object(
    {
      custody: Type.Literal('external'),
      publicKeyPem: Type.String({ maxLength: 4096 }),
      validFrom: Type.Optional(Timestamp),
      validUntil: Type.Optional(Timestamp),
    },
    {
      additionalProperties: false,
      description: 'register the public key of a department that signs in its own system',
    },
  ),
]);
export type AddKeyBody = Static<typeof AddKeyBodySchema>;

export const RotateKeyBodySchema = Type.Object(
  { suite: Type.Optional(Suite), validUntil: Type.Optional(Timestamp) },
  { additionalProperties: false },
);
export type RotateKeyBody = Static<typeof RotateKeyBodySchema>;

export const RotationSchema = Type.Object(
  { key: IssuerKeySchema, retired: Type.Optional(IssuerKeySchema) },
  { additionalProperties: false },
);

export const RevokeKeyBodySchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }), revokedAt: Type.Optional(Timestamp) },
  { additionalProperties: false },
);
export type RevokeKeyBody = Static<typeof RevokeKeyBodySchema>;

export const IssuerParamsSchema = Type.Object(
  { uscc: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export type IssuerParams = Static<typeof IssuerParamsSchema>;
export const KeyParamsSchema = Type.Object(
  { uscc: Type.String({ maxLength: 64 }), keyId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export type KeyParams = Static<typeof KeyParamsSchema>;
