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
