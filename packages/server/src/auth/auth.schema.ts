/** TypeBox schemas of the `auth/` routes (validation, serialisation and the OpenAPI document). */
import { type Static, Type } from '@sinclair/typebox';
import { CLIENT_KINDS, SCOPES, STAFF_ROLES } from './principal.js';

const ScopeSchema = Type.Union(SCOPES.map((scope) => Type.Literal(scope)));
const RoleSchema = Type.Union(STAFF_ROLES.map((role) => Type.Literal(role)));
const KindSchema = Type.Union(CLIENT_KINDS.map((kind) => Type.Literal(kind)));
const Uscc = Type.String({ minLength: 18, maxLength: 18, description: 'unified social credit code (GB 32100)' });
const TypeCode = Type.String({ minLength: 21, maxLength: 21, description: 'licence type code (GB/T 36904 §4)' });

/** RFC 6749 §4.4.2 / RFC 7523 §2.2 form parameters (application/x-www-form-urlencoded). */
export const TokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ description: 'client_credentials' })),
    scope: Type.Optional(Type.String({ description: 'space-separated scopes; default: all of the client’s' })),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String({ description: 'client_secret_post' })),
    client_assertion_type: Type.Optional(
      Type.String({ description: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }),
    ),
    client_assertion: Type.Optional(Type.String({ description: 'a JWS signed with EdDSA, ES256 or SM2SM3' })),
  },
  { additionalProperties: Type.String() },
);

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'seconds' }),
    scope: Type.String(),
  },
  { additionalProperties: false },
);

export const RevokeRequest = Type.Object(
  {
    token: Type.Optional(Type.String()),
    token_type_hint: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
    client_assertion_type: Type.Optional(Type.String()),
    client_assertion: Type.Optional(Type.String()),
  },
  { additionalProperties: Type.String() },
);

export const ClientRegistrationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    organisationCode: Uscc,
    kind: KindSchema,
    scopes: Type.Array(ScopeSchema, { maxItems: SCOPES.length, uniqueItems: true }),
    licenceTypes: Type.Union([Type.Literal('*'), Type.Array(TypeCode, { maxItems: 500 })]),
    publicKeys: Type.Optional(Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 5 })),
    withSecret: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ClientRegistrationBody = Static<typeof ClientRegistrationBody>;

export const ClientViewSchema = Type.Object(
  {
    clientId: Type.String(),
    name: Type.String(),
    organisationCode: Type.String(),
    kind: KindSchema,
    scopes: Type.Array(ScopeSchema),
    licenceTypes: Type.Union([Type.Literal('*'), Type.Array(Type.String())]),
    publicKeys: Type.Array(Type.Object({ keyId: Type.String(), suite: Type.String(), pem: Type.String() })),
    hasSecret: Type.Boolean(),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const RegisteredClientSchema = Type.Object(
  {
    client: ClientViewSchema,
    clientSecret: Type.Optional(Type.String({ description: 'shown once; stored only as a scrypt hash' })),
  },
  { additionalProperties: false },
);

export const ClientPageSchema = Type.Object(
  { items: Type.Array(ClientViewSchema), next: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

export const ClientListQuery = Type.Object(
  {
    organisationCode: Type.Optional(Uscc),
    after: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const ClientParams = Type.Object({ clientId: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

export const StaffUserViewSchema = Type.Object(
  {
    userId: Type.String(),
    username: Type.String(),
    roles: Type.Array(RoleSchema),
    organisationCode: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const NewStaffUserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64 }),
    password: Type.String({ minLength: 12, maxLength: 256 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: STAFF_ROLES.length, uniqueItems: true }),
    organisationCode: Type.Optional(Type.Union([Uscc, Type.Null()])),
  },
  { additionalProperties: false },
);
export type NewStaffUserBody = Static<typeof NewStaffUserBody>;

export const CreatedStaffUserSchema = Type.Object(
  {
    user: StaffUserViewSchema,
    totpSecret: Type.String({ description: 'RFC 4648 base32; shown once' }),
    otpauthUri: Type.String({ description: 'scan into an authenticator app; shown once' }),
  },
  { additionalProperties: false },
);

export const StaffPageSchema = Type.Object(
  { items: Type.Array(StaffUserViewSchema), next: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

export const StaffListQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const SignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totp: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$', description: 'the current RFC 6238 code' }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const SessionSchema = Type.Object(
  {
    userId: Type.String(),
    username: Type.String(),
    roles: Type.Array(RoleSchema),
    organisationCode: Type.Union([Type.String(), Type.Null()]),
    csrfToken: Type.String({ description: 'echo it in X-CSRF-Token on every change' }),
  },
  { additionalProperties: false },
);
