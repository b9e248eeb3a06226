/**
 * Receives a department's import file over HTTP (the import wizard's upload step): the
 * caller's right to import this type for this issuer is checked before a byte is kept, the
 * body is streamed to a file in the node's import folder under a size limit (never held in
 * memory), the file is looked at as `hutong import` looks at it (`inspectImportFile`), and
 * the upload is recorded with its audit event in one transaction. Its dry run then starts in
 * the background (`ImportUploadRunner.check`).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Language } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { assertMayActFor } from '../auth/assert-may-act-for.js';
import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/index.js';
import { loadIssuance } from '../issuance/load-issuance.js';
import { importFormatOf, inspectImportFile } from './import-file.js';
import { currentRunner } from './import-jobs.js';
import type { ImportUploadRunner } from './import-upload-runner.js';
import { getImportUpload, type ImportUpload, insertImportUpload } from './import-uploads.js';

/** 64 MiB: a few hundred thousand rows of CSV; larger stocks go through `hutong import`. */
export const DEFAULT_IMPORT_UPLOAD_LIMIT = 64 * 1_048_576;

export interface UploadImportInput {
  readonly typeCode: string;
  readonly issuerCode: string;
  /** The operator's file name: its extension says the format (`.csv` | `.xlsx`). */
  readonly fileName: string;
  readonly legacy?: boolean | undefined;
  /** The body's declared length, when the client sent one (refused early when too large). */
  readonly declaredLength?: number | undefined;
}

export interface UploadImportOptions {
  readonly runner: ImportUploadRunner;
  readonly by: ActingAs;
  /** The language of the preview's and the report's reasons (the caller's). */
  readonly language: Language;
  readonly maxBytes: number;
}

function tooLarge(limit: number): ServerError {
  return new ServerError('ERR_API_BODY_TOO_LARGE', { field: 'file', params: { limit } });
}

/** Passes bytes on while they stay within the limit; fails the pipeline past it. */
function limitBytes(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
}

/**
 * Stores an uploaded import file and starts its dry run. Refuses, keeping nothing: a type or
 * issuer the caller may not act for (`ERR_AUTH_*`), a name without `.csv`/`.xlsx`
 * (`ERR_IMPORT_FORMAT`), a type the issuer may not issue or an issuer without a key
 * (issuance's own refusals), a body over the limit (`ERR_API_BODY_TOO_LARGE`), an empty file,
 * and a file `inspectImportFile` refuses (encoding, not a workbook).
 *
 * @example
 * const upload = await uploadImportFile(ctx, principal, request.raw, { typeCode, issuerCode, fileName: 'stock.csv' },
 *   { runner, by: { actor: actorOf(principal), requestId }, language: 'zh-CN', maxBytes: DEFAULT_IMPORT_UPLOAD_LIMIT });
 */
export async function uploadImportFile(
  ctx: AppContext,
  principal: Principal,
  body: Readable,
  input: UploadImportInput,
  options: UploadImportOptions,
): Promise<ImportUpload> {
  assertMayActFor(principal, { issuerCode: input.issuerCode, typeCode: input.typeCode });
  // Only the base name is kept: a path could name a person's folder.
  const fileName = basename(input.fileName.replace(/\\/g, '/')).slice(0, 255);
  const format = importFormatOf(fileName);
  // Issuance's refusals (an unknown or unpublished type, an issuer off its responsibility
  // list, no signing key) come before the body is read.
  await loadIssuance(ctx, input.typeCode, input.issuerCode);
  if (input.declaredLength !== undefined && input.declaredLength > options.maxBytes) throw tooLarge(options.maxBytes);

  const dir = options.runner.dir;
  const id = randomUUID();
  const storedName = `${id}.${format}`;
  const path = `${dir}/${storedName}`;
  const partial = `${path}.partial`;
  mkdirSync(dir, { recursive: true });
  try {
    await pipeline(body, limitBytes(options.maxBytes), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  try {
    const file = await inspectImportFile(path);
    if (file.size === 0) throw new ServerError('ERR_IMPORT_FILE_EMPTY', { field: 'file' });
    const at = ctx.now().toISOString();
    await ctx.store.db.transaction().execute(async (trx) => {
      await insertImportUpload(trx, {
        id,
        storedName,
        fileName,
        format: file.format,
        size: file.size,
        fileSha256: file.sha256,
        typeCode: input.typeCode,
        issuerCode: input.issuerCode,
        legacy: input.legacy === true,
        language: options.language,
        createdBy: options.by.actor,
        createdAt: at,
        // This process runs the dry run it starts below.
        runner: currentRunner(),
      });
      // The file's name stays out of the audit record: names of stock files can name people.
      await recordEvent(trx, {
        type: 'import.uploaded',
        actor: options.by.actor,
        requestId: options.by.requestId,
        target: id,
        details: {
          uploadId: id,
          fileSha256: file.sha256,
          format: file.format,
          size: file.size,
          typeCode: input.typeCode,
          issuerCode: input.issuerCode,
          legacy: input.legacy === true,
        },
        at,
      });
    });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  const upload = await getImportUpload(ctx.store.db, id);
  if (upload === undefined) throw new Error('the upload just recorded is missing');
  options.runner.check(upload);
  return upload;
}
