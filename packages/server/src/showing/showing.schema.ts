import { type Static, Type } from '@sinclair/typebox';

export const VerifyBody = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2000, description: 'A show code (HT1:…) or a print code (HP1:…)' })),
    face: Type.Optional(
      Type.Unknown({
        description:
          'Print codes only: the face as read off the paper ({"metadata":{…},"face":{…}}), compared with the digest in the code',
      }),
    ),
    licence: Type.Optional(
      Type.Unknown({ description: 'A licence document (hutong-licence/1), instead of a show code' }),
    ),
    mode: Type.Optional(
      Type.Union([Type.Literal('verify'), Type.Literal('entry-registration')], {
        description:
          'verify (default): a code seen before is reported, not refused; entry-registration: a code seen before is refused',
      }),
    ),
    useCause: Type.Optional(
      Type.String({ maxLength: 1000, description: '用证事由 (1–200 characters, recorded); required from API clients' }),
    ),
  },
  { additionalProperties: false },
);
export type VerifyBody = Static<typeof VerifyBody>;

/** `POST /api/v1/verify/public`: the verification page's online check (anonymous). */
export const PublicVerifyBody = Type.Object(
  {
    code: Type.String({
      maxLength: 2000,
      description: 'A show code (HT1:…) or a print code (HP1:…), as the QR code carries it',
    }),
  },
  { additionalProperties: false },
);
export type PublicVerifyBody = Static<typeof PublicVerifyBody>;

/** `POST /api/v1/show-codes`: a show code of one of the signed-in holder's licences. */
export const ShowCodeBody = Type.Object(
  {
    identifier: Type.String({ maxLength: 200, description: 'the licence identifier (GB/T 36904)' }),
    purpose: Type.String({
      maxLength: 100,
      description: '用证事由: a purpose code (entry, identity, inspection, service …) or 1–32 characters',
    }),
    disclose: Type.Optional(
      Type.Array(
        Type.Union([
          Type.String({ maxLength: 64 }),
          Type.Object(
            { key: Type.String({ maxLength: 64 }), masked: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
        ]),
        {
          maxItems: 32,
          description:
            'the fields to show: face field keys or certificateHolderName/certificateHolderCode/certificateNumber/certificateName, optionally masked; default the type’s default disclosure',
        },
      ),
    ),
    lifetimeSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'default 60' })),
  },
  { additionalProperties: false },
);
export type ShowCodeBody = Static<typeof ShowCodeBody>;

export const ShowCodeResponse = Type.Object(
  {
    identifier: Type.String(),
    code: Type.String({ description: 'the QR code text: HT1: + base45' }),
    status: Type.String({
      description: 'the licence status the code carries (a verifier shows anything but valid red)',
    }),
    issuedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time', description: 'show a fresh code before this' }),
    fields: Type.Array(
      Type.Object(
        {
          source: Type.Union([Type.Literal('face'), Type.Literal('metadata')]),
          key: Type.String(),
          value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
          masked: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
