import { type Static, Type } from '@sinclair/typebox';

export const RecordInspectionBody = Type.Object(
  {
    code: Type.String({
      maxLength: 2000,
      description: 'The show code (HT1:…) or print code (HP1:…) of the licence inspected',
    }),
    result: Type.Union([Type.Literal('pass'), Type.Literal('issues-found'), Type.Literal('closed')], {
      description: 'pass (合格), issues-found (发现问题: notes required), closed (责令停业/已关闭)',
    }),
    notes: Type.Optional(Type.String({ maxLength: 4000, description: 'What was found (required with issues-found)' })),
    place: Type.String({ maxLength: 400, description: 'Where the inspection took place' }),
    inspectedAt: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339; default now' })),
    useCause: Type.Optional(Type.String({ maxLength: 1000, description: '用证事由; default 执法检查' })),
  },
  { additionalProperties: false },
);
export type RecordInspectionBody = Static<typeof RecordInspectionBody>;

export const InspectionSchema = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  typeCode: Type.String(),
  issuerCode: Type.String(),
  inspector: Type.String(),
  result: Type.String(),
  notes: Type.Optional(Type.String()),
  place: Type.String(),
  inspectedAt: Type.String(),
  recordedAt: Type.String(),
  codeKind: Type.String(),
  codeValid: Type.Boolean(),
  failedChecks: Type.Array(Type.String()),
  licenceStatus: Type.Optional(Type.String()),
});

export const InspectionHistorySchema = Type.Object({
  identifier: Type.String(),
  inspections: Type.Array(InspectionSchema),
});
