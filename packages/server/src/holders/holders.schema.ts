/** TypeBox schemas of the `holders/` routes (validation, serialisation and the OpenAPI document). */
import { type Static, Type } from '@sinclair/typebox';

const HolderCodeType = Type.String({
  maxLength: 3,
  description: 'holder code type (GB/T 36903): 111 citizen ID, 001 USCC …',
});
const HolderCode = Type.String({ maxLength: 64, description: 'holder code: citizen ID number, USCC …' });

export const SignInStartBody = Type.Object(
  { holderCodeType: HolderCodeType, holderCode: HolderCode },
  { additionalProperties: false },
);
export type SignInStartBody = Static<typeof SignInStartBody>;

export const SignInChallengeSchema = Type.Object(
  {
    challengeId: Type.String(),
    expiresAt: Type.String({ description: 'RFC 3339 UTC' }),
    delivery: Type.Literal('dev-mailbox', { description: 'where the one-time code went' }),
  },
  { additionalProperties: false },
);

export const SignInVerifyBody = Type.Object(
  {
    challengeId: Type.String({ maxLength: 64 }),
    code: Type.String({ maxLength: 16, description: 'the one-time code from the mailbox' }),
  },
  { additionalProperties: false },
);
export type SignInVerifyBody = Static<typeof SignInVerifyBody>;

const HolderRef = Type.Object(
  { holderCodeType: Type.String(), holderCode: Type.String() },
  { additionalProperties: false },
);

export const HolderMeSchema = Type.Object(
  {
    holderCodeType: Type.String({ description: 'whose licences the session concerns' }),
    holderCode: Type.String(),
    holderKind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
    provider: Type.Union([Type.Literal('dev'), Type.Literal('oidc')]),
    person: Type.Object(
      { holderCodeType: Type.String(), holderCode: Type.String(), name: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false, description: 'the person who signed in' },
    ),
    representative: Type.Optional(HolderRef),
    csrfToken: Type.String({ description: 'echo in X-CSRF-Token on every change' }),
    expiresAt: Type.String(),
  },
  { additionalProperties: false },
);

export const ActingForBody = Type.Object(
  {
    holderCodeType: Type.String({ maxLength: 3, description: '001: the organisation’s USCC' }),
    holderCode: HolderCode,
  },
  { additionalProperties: false },
);
export type ActingForBody = Static<typeof ActingForBody>;

export const MailboxQuery = Type.Object(
  { challengeId: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
export type MailboxQuery = Static<typeof MailboxQuery>;

export const MailboxSchema = Type.Object(
  {
    messages: Type.Array(
      Type.Object(
        {
          messageId: Type.String(),
          challengeId: Type.String(),
          holderCodeType: Type.String(),
          to: Type.String({ description: 'the recipient’s holder code, masked' }),
          code: Type.String(),
          text: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
          sentAt: Type.String(),
          expiresAt: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Names = Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false });
const Category = Type.Object(
  { code: Type.String({ description: 'the type’s defining authority (USCC)' }), name: Type.String() },
  { additionalProperties: false },
);

export const MyLicencesQuery = Type.Object(
  {
    category: Type.Optional(
      Type.String({
        maxLength: 18,
        description: 'a defining authority’s USCC: the first 18 characters of the type codes',
      }),
    ),
    typeCode: Type.Optional(Type.String({ maxLength: 21 })),
    issuerCode: Type.Optional(Type.String({ maxLength: 18 })),
    status: Type.Optional(Type.String({ maxLength: 32 })),
    includeSuperseded: Type.Optional(Type.Boolean({ description: 'also list versions a newer version replaced' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type MyLicencesQuery = Static<typeof MyLicencesQuery>;

export const MyLicencePageSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          identifier: Type.String(),
          version: Type.String(),
          typeCode: Type.String(),
          typeName: Names,
          category: Category,
          certificateName: Type.String(),
          certificateNumber: Type.String(),
          issuerCode: Type.String(),
          issuerName: Type.String(),
          holderName: Type.String(),
          issuedDate: Type.String(),
          effectiveDate: Type.String(),
          expiringDate: Type.Optional(Type.String()),
          status: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    groups: Type.Array(
      Type.Object(
        { category: Category, typeCode: Type.String(), typeName: Names, count: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    nextCursor: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const MyLicenceParams = Type.Object(
  { identifier: Type.String({ maxLength: 200, description: 'GB/T 36904 licence identifier (any version)' }) },
  { additionalProperties: false },
);
export type MyLicenceParams = Static<typeof MyLicenceParams>;

export const ProvidersSchema = Type.Object(
  { dev: Type.Boolean({ description: 'the development provider (demo nodes)' }), oidc: Type.Boolean() },
  { additionalProperties: false },
);

export const OidcStartQuery = Type.Object(
  { returnTo: Type.Optional(Type.String({ maxLength: 512, description: 'a same-origin path to come back to' })) },
  { additionalProperties: false },
);
export type OidcStartQuery = Static<typeof OidcStartQuery>;

/** The provider's redirect (OIDC Core §3.1.2.5–6, RFC 9207 `iss`): any parameters, checked by the client library. */
export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2048 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    iss: Type.Optional(Type.String({ maxLength: 512 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
    error_description: Type.Optional(Type.String({ maxLength: 1024 })),
    session_state: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: Type.String({ maxLength: 1024 }) },
);
export type OidcCallbackQuery = Static<typeof OidcCallbackQuery>;
