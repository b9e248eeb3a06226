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
