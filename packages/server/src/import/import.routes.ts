import { createReadStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { negotiateLanguage } from '../api/language.js';
import type { AppContext } from '../app-context.js';
import { assertMayActFor } from '../auth/assert-may-act-for.js';
import { actorOf } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { commitImport } from './commit-import.js';
import { describeImportUpload, findImportUpload, readImportPreview } from './get-import-upload.js';
import {
  ImportUploadList,
  ImportUploadSchema,
  ListQuery,
  PreviewPage,
  PreviewQuery,
  UploadIdParams,
  UploadQuery,
} from './import.schema.js';
import { IMPORT_REPORT_COLUMNS } from './import-report.js';
import { commitReportPath, ImportUploadRunner } from './import-upload-runner.js';
import { type ImportUpload, listImportUploads } from './import-uploads.js';
import { assertImportFilesKept, DEFAULT_IMPORT_RETENTION_DAYS, sweepImportFiles } from './sweep-import-files.js';
import { DEFAULT_IMPORT_UPLOAD_LIMIT, uploadImportFile } from './upload-import-file.js';

/** RFC 7111 / RFC 4180 CSV, Excel's .csv on Windows, Office Open XML workbooks, anything else as bytes. */
const UPLOAD_MEDIA_TYPES = [
  'text/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

/** How long a closing node waits for a running import before it leaves it to resume at the next start. */
const CLOSE_WAIT_MS = 5_000;

/** How often the import folder's retention sweep runs while the node is up (and once at start). */
const SWEEP_INTERVAL_MS = 3_600_000;

export interface ImportRouteOptions {
  readonly publicUrl: string;
  /** The node's import folder (`<dataDir>/imports`); a folder under the system's temporary one when not given. */
  readonly dir?: string | undefined;
  /** Largest uploaded file, in bytes (default 64 MiB). */
  readonly maxUploadBytes?: number | undefined;
  /** Signing threads of an import job. */
  readonly workers?: number | undefined;
  /** Rows per committed batch (progress moves once a batch). */
  readonly batchSize?: number | undefined;
  /** Take up unfinished dry runs and commits when the app is ready (default true). */
  readonly resumeOnStart?: boolean | undefined;
  /**
   * Days the files of a finished import are kept (`HUTONG_IMPORT_RETENTION_DAYS`, default 30);
   * `false`: never swept. Swept at start and every `sweepIntervalMs` (default one hour).
   */
  readonly retentionDays?: number | false | undefined;
  readonly sweepIntervalMs?: number | undefined;
}

/**
 * `/api/v1/imports`: the import wizard's routes — upload (a dry run starts), state and
 * progress, preview rows, commit (a background import job), report. Thin: parse, call the
 * use case, present.
 */
export function registerImportRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: ImportRouteOptions,
): ImportUploadRunner {
  const runner = new ImportUploadRunner(ctx, {
    dir: options.dir ?? join(tmpdir(), `hutong-imports-${ctx.nodeId}`),
    publicUrl: options.publicUrl,
    workers: options.workers,
    batchSize: options.batchSize,
    log: app.log,
  });
  const maxBytes = options.maxUploadBytes ?? DEFAULT_IMPORT_UPLOAD_LIMIT;
  if (options.resumeOnStart !== false) {
    app.addHook('onReady', async () => {
      // A store that does not answer must not keep the node from starting (health says 503):
      // the uploads wait for the next start.
      await runner.resumeAll().catch((error: unknown) => {
        app.log.error({ code: (error as { code?: unknown } | null)?.code ?? 'unknown' }, 'import uploads not resumed');
      });
    });
  }
  const retentionDays = options.retentionDays ?? DEFAULT_IMPORT_RETENTION_DAYS;
  if (retentionDays !== false) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const round = () => {
      running = running.then(() =>
        sweepImportFiles(ctx, { dir: runner.dir, retentionDays }).catch((error: unknown) => {
          // The code only: a path in the folder can carry a file name an operator chose.
          app.log.error({ code: (error as { code?: unknown } | null)?.code ?? 'unknown' }, 'import files not swept');
        }),
      );
    };
    app.addHook('onReady', async () => {
      round();
      // unref: the schedule never keeps a process alive on its own.
      timer = setInterval(round, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS).unref();
    });
    app.addHook('preClose', async () => {
      if (timer !== undefined) clearInterval(timer);
      await running;
    });
  }
  const assertFilesKept = (upload: ImportUpload): void => assertImportFilesKept(upload, retentionDays);

  // Before the store closes (`onClose`): running imports get a moment to end; a longer one
  // stays `committing` and resumes at the next start.
  app.addHook('preClose', async () => {
    await runner.close(CLOSE_WAIT_MS);
  });

  // The file is the body, streamed to disk by the use case: in its own scope, the upload's
  // media types hand the request stream over unread (no body limit of the JSON routes).
  app.register(async (scope) => {
    // Fastify's own JSON and text/plain parsers would hand over a parsed body: only files here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(UPLOAD_MEDIA_TYPES, (_request, payload, done) => done(null, payload));
    scope.post<{ Querystring: UploadQuery; Body: Readable }>(
      '/api/v1/imports',
      {
        schema: {
          tags: ['import'],
          description:
            'The request body is the file itself, streamed (Content-Type text/csv, application/vnd.ms-excel, the Office Open XML workbook type or application/octet-stream), at most the node’s upload limit (64 MiB by default). Columns as `hutong import`.',
          querystring: UploadQuery,
          consumes: UPLOAD_MEDIA_TYPES,
          response: { 201: ImportUploadSchema },
        },
      },
      async (request, reply) => {
        const language = negotiateLanguage(request.headers['accept-language']);
        const declared = Number(request.headers['content-length']);
        const body = request.body;
        try {
          const upload = await uploadImportFile(
            ctx,
            request.principal,
            body,
            {
              typeCode: request.query.typeCode,
              issuerCode: request.query.issuerCode,
              fileName: request.query.fileName,
              legacy: request.query.legacy,
              declaredLength: Number.isSafeInteger(declared) ? declared : undefined,
            },
            { runner, by: { actor: actorOf(request.principal), requestId: request.id }, language, maxBytes },
          );
          reply.header('location', `/api/v1/imports/${upload.id}`);
          return reply.code(201).send(await describeImportUpload(ctx, upload, language));
        } finally {
          // A refusal before the body was read: let the rest of it go (the connection stays usable).
          if (!body.readableEnded) body.resume();
        }
      },
    );
  });

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/imports',
    { schema: { tags: ['import'], querystring: ListQuery, response: { 200: ImportUploadList } } },
    async (request) => {
      const language = negotiateLanguage(request.headers['accept-language']);
      const principal = request.principal;
      const own = principal.kind === 'client' || principal.kind === 'staff' ? principal.organisationCode : null;
      const issuerCode = request.query.issuerCode ?? own ?? undefined;
      assertMayActFor(principal, { issuerCode });
      const uploads = await listImportUploads(ctx.store.db, issuerCode, request.query.limit ?? 20);
      const visible = uploads.filter((u) => {
        try {
          assertMayActFor(principal, { issuerCode: u.issuerCode, typeCode: u.typeCode });
          return true;
        } catch {
          return false;
        }
      });
      return { uploads: await Promise.all(visible.map((u) => describeImportUpload(ctx, u, language))) };
    },
  );

  app.get<{ Params: UploadIdParams }>(
    '/api/v1/imports/:id',
    { schema: { tags: ['import'], params: UploadIdParams, response: { 200: ImportUploadSchema } } },
    async (request, reply) => {
      const upload = await findImportUpload(ctx, request.principal, request.params.id);
      // Polled for progress: never from a cache.
      reply.header('cache-control', 'no-store');
      return describeImportUpload(
        ctx,
        upload,
        negotiateLanguage(request.headers['accept-language']),
        runner.checkProgress(upload.id),
      );
    },
  );

  app.get<{ Params: UploadIdParams; Querystring: PreviewQuery }>(
    '/api/v1/imports/:id/preview',
    {
      schema: {
        tags: ['import'],
        params: UploadIdParams,
        querystring: PreviewQuery,
        response: { 200: PreviewPage },
      },
    },
    async (request) => {
      const upload = await findImportUpload(ctx, request.principal, request.params.id);
      assertFilesKept(upload);
      const page = await readImportPreview(runner.dir, upload, {
        outcome: request.query.outcome,
        after: request.query.after,
        limit: request.query.limit ?? 50,
      });
      return {
        counts: upload.preview ?? { accepted: 0, rejected: 0, skipped: 0 },
        rows: page.rows,
        ...(page.next === undefined ? {} : { next: page.next }),
      };
    },
  );

  app.post<{ Params: UploadIdParams }>(
    '/api/v1/imports/:id/commit',
    { schema: { tags: ['import'], params: UploadIdParams, response: { 202: ImportUploadSchema } } },
    async (request, reply) => {
      const upload = await commitImport(ctx, request.principal, request.params.id, {
        runner,
        retentionDays,
        by: { actor: actorOf(request.principal), requestId: request.id },
      });
      reply.header('location', `/api/v1/imports/${upload.id}`);
      return reply
        .code(202)
        .send(await describeImportUpload(ctx, upload, negotiateLanguage(request.headers['accept-language'])));
    },
  );

  app.get<{ Params: UploadIdParams }>(
    '/api/v1/imports/:id/report.csv',
    { schema: { tags: ['import'], params: UploadIdParams } },
    async (request, reply) => {
      const upload = await findImportUpload(ctx, request.principal, request.params.id);
      assertFilesKept(upload);
      const path = commitReportPath(runner.dir, upload.id);
      if (upload.status !== 'completed' || !existsSync(path)) {
        throw new ServerError('ERR_IMPORT_UPLOAD_STATE', {
          field: 'id',
          params: { status: upload.status, action: 'the report', actionZh: '下载报告', expected: 'completed' },
        });
      }
      // The file is `hutong import`'s report; for a download a UTF-8 byte-order mark (so that
      // Excel reads the Chinese reasons) and a header line naming the columns come first.
      const head = `\uFEFF${IMPORT_REPORT_COLUMNS.join(',')}\n`;
      const stream = createReadStream(path);
      async function* withHead(): AsyncGenerator<Buffer> {
        yield Buffer.from(head, 'utf8');
        for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${upload.id}-report.csv"`)
        .header('cache-control', 'private, no-store')
        .send(Readable.from(withHead()));
    },
  );

  return runner;
}
