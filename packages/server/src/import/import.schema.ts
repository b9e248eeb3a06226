/** TypeBox schemas of the import routes (`/api/v1/imports`, the import wizard). */
import { type Static, Type } from '@sinclair/typebox';
import { IMPORT_ROW_OUTCOMES } from './import-jobs.js';
import { IMPORT_UPLOAD_STATUSES } from './import-uploads.js';

export const UploadQuery = Type.Object(
  {
    typeCode: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The licence type the rows are (certificateTypeCode)',
    }),
    issuerCode: Type.String({ minLength: 1, maxLength: 64, description: 'The issuing department (USCC)' }),
    fileName: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'The file’s name; its extension (.csv or .xlsx) says the format',
    }),
    legacy: Type.Optional(
      Type.Boolean({ description: 'Accept early-pilot USCCs that fail their check, flagged as warnings' }),
    ),
  },
  { additionalProperties: false },
);
export type UploadQuery = Static<typeof UploadQuery>;

export const UploadIdParams = Type.Object(
  { id: Type.String({ maxLength: 64, description: 'The upload id' }) },
  { additionalProperties: false },
);
export type UploadIdParams = Static<typeof UploadIdParams>;

export const ListQuery = Type.Object(
  {
    issuerCode: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const PreviewQuery = Type.Object(
  {
    outcome: Type.Optional(Type.Union(IMPORT_ROW_OUTCOMES.map((o) => Type.Literal(o)))),
    after: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Rows after this file row number (a page’s `next`)' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type PreviewQuery = Static<typeof PreviewQuery>;

const Reason = Type.Object({
  code: Type.String(),
  field: Type.Optional(Type.String()),
  message: Type.String(),
});

export const ImportUploadSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  size: Type.Integer(),
  typeCode: Type.String(),
  issuerCode: Type.String(),
  legacy: Type.Boolean(),
  status: Type.Union(
    IMPORT_UPLOAD_STATUSES.map((s) => Type.Literal(s)),
    {
      description:
        'checking → checked | refused → committing → completed | failed | interrupted (commit again to resume)',
    },
  ),
  preview: Type.Optional(
    Type.Object(
      { accepted: Type.Integer(), rejected: Type.Integer(), skipped: Type.Integer() },
      {
        description: 'The dry run over the whole file',
      },
    ),
  ),
  error: Type.Optional(Reason),
  job: Type.Optional(
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      rowsTotal: Type.Integer(),
      rowsDone: Type.Integer(),
      accepted: Type.Integer(),
      rejected: Type.Integer(),
      skipped: Type.Integer(),
    }),
  ),
  reportReady: Type.Boolean(),
  reportState: Type.Union([Type.Literal('pending'), Type.Literal('ready'), Type.Literal('expired')], {
    description:
      '`expired`: the files (upload, preview, report) were deleted after the node’s retention (HUTONG_IMPORT_RETENTION_DAYS); the counts remain.',
  }),
  checking: Type.Optional(
    Type.Object(
      { bytesRead: Type.Integer(), bytesTotal: Type.Integer() },
      { description: 'While the dry run runs: how much of the file it has read' },
    ),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ImportUploadSchema = Static<typeof ImportUploadSchema>;

export const ImportUploadList = Type.Object({ uploads: Type.Array(ImportUploadSchema) });

export const PreviewPage = Type.Object({
  counts: Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), skipped: Type.Integer() }),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      sourceKey: Type.Optional(Type.String()),
      outcome: Type.Union(IMPORT_ROW_OUTCOMES.map((o) => Type.Literal(o))),
      identifier: Type.Optional(Type.String()),
      reasons: Type.Array(Reason),
      warnings: Type.Array(Reason),
    }),
  ),
  next: Type.Optional(Type.Integer({ description: 'Pass as `after` for the next page' })),
});
