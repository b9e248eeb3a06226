/**
 * Configuration of witnessing, both ways (platform administrators):
 *   - the logs this node witnesses (`witnessed_logs`): origin and verifier key, starting
 *     from the empty tree;
 *   - the witnesses this node asks to cosign its own checkpoints (`log_witnesses`): their
 *     add-checkpoint URL prefix and cosignature/v1 key.
 * Both changes are audited through `recordEvent`; the refusals this node made as a witness
 * are public (they prove a log misbehaved).
 */
import { isHutongError, parseVerifierKey } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import { sm2Importer } from './log-keys.js';
import { emptyCosignedHead } from './witness-add-checkpoint.js';

export interface WitnessedLogView {
  readonly origin: string;
  readonly vkey: string;
  /** The latest size this node cosigned (0: never). */
  readonly size: number;
  readonly rootHash: string;
  readonly addedAt: string;
  readonly updatedAt: string;
}

export interface LogWitnessView {
  readonly name: string;
  readonly url: string;
  readonly vkey: string;
  readonly size: number;
  readonly lastError: string | null;
  readonly addedAt: string;
  readonly updatedAt: string;
}

export interface WitnessRefusalView {
  readonly id: string;
  readonly at: string;
  readonly origin: string;
  readonly code: string;
  readonly oldSize: number;
  readonly checkpointSize: number | null;
  readonly cosignedSize: number;
  readonly cosignedRoot: string;
  /** The add-checkpoint body as received: it carries the log's signature, so it is the evidence. */
  readonly request: string;
}

/** The Chinese readings of the reasons this module gives a vkey itself. */
const OWN_VKEY_REASONS_ZH: Readonly<Record<string, string>> = {
  'a cosignature key signs no checkpoints': '联署密钥不签署检查点',
  'a witness key is a cosignature/v1 key (type 0x04)': '见证方密钥须为 cosignature/v1 密钥（类型 0x04）',
};

/** Why a vkey was refused, in Chinese: core's Chinese message, or this module's own reason. */
function vkeyProblemZh(cause: unknown): string {
  if (isHutongError(cause)) return cause.localize('zh-CN');
  return (cause instanceof Error ? OWN_VKEY_REASONS_ZH[cause.message] : undefined) ?? '不是有效的验证密钥';
}

/**
 * Starts witnessing a log: its checkpoints signed by `vkey` are cosigned from now on.
 *
 * @example await addWitnessedLog(ctx, { vkey: 'licences.xj.gov.cn/hutong-log+1a2b3c4d+AW…' }, { actor: 'staff:7' });
 */
export async function addWitnessedLog(
  ctx: AppContext,
  input: { readonly vkey: string; readonly origin?: string | undefined },
  by: ActingAs,
): Promise<WitnessedLogView> {
  let name: string;
  try {
    const parsed = parseVerifierKey(input.vkey, { sm2: sm2Importer(ctx), hashes: nodeHashProvider });
    if (parsed.type === 'cosignature/v1') throw new Error('a cosignature key signs no checkpoints');
    name = parsed.name;
  } catch (cause) {
    throw new ServerError('ERR_LOG_WITNESSED_LOG_INVALID', {
      field: 'vkey',
      params: { reason: isHutongError(cause) ? cause.message : cause instanceof Error ? cause.message : 'not a vkey' },
      zhParams: { reason: vkeyProblemZh(cause) },
      cause,
    });
  }
  const origin = input.origin ?? name;
  if (origin === '' || origin.length > 255 || /\p{Cc}/u.test(origin)) {
    throw new ServerError('ERR_LOG_WITNESSED_LOG_INVALID', {
      field: 'origin',
      params: { reason: 'the origin must be one line of text' },
      zhParams: { reason: '来源必须是一行文本' },
    });
  }
  const at = ctx.now().toISOString();
  const head = emptyCosignedHead();
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('witnessed_logs')
        .values({ origin, vkey: input.vkey, size: head.size, root_hash: head.rootHash, added_at: at, updated_at: at })
        .execute();
      await recordEvent(trx, {
        type: 'log.witnessed-log-added',
        actor: by.actor,
        requestId: by.requestId,
        target: origin,
        details: { vkey: input.vkey },
        at,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ServerError('ERR_LOG_WITNESSED_LOG_EXISTS', { field: 'origin', params: { origin } });
    throw error;
  }
  return { origin, vkey: input.vkey, size: 0, rootHash: head.rootHash, addedAt: at, updatedAt: at };
}

/** @example const logs = await listWitnessedLogs(ctx); */
export async function listWitnessedLogs(ctx: Pick<AppContext, 'store'>): Promise<WitnessedLogView[]> {
  const rows = await ctx.store.db.selectFrom('witnessed_logs').selectAll().orderBy('origin').execute();
  return rows.map((r) => ({
    origin: r.origin,
    vkey: r.vkey,
    size: Number(r.size),
    rootHash: r.root_hash,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
  }));
}

/**
 * Adds a witness for this node's log: `url` is its add-checkpoint prefix (the request goes
 * to `<url>/add-checkpoint`), `vkey` its cosignature/v1 key.
 *
 * @example await addLogWitness(ctx, { url: 'https://witness.example/log/witness', vkey }, { actor: 'staff:7' });
 */
export async function addLogWitness(
  ctx: AppContext,
  input: { readonly url: string; readonly vkey: string },
  by: ActingAs,
): Promise<LogWitnessView> {
  let name: string;
  try {
    const parsed = parseVerifierKey(input.vkey, { hashes: nodeHashProvider });
    if (parsed.type !== 'cosignature/v1') throw new Error('a witness key is a cosignature/v1 key (type 0x04)');
    name = parsed.name;
  } catch (cause) {
    throw new ServerError('ERR_LOG_WITNESS_INVALID', {
      field: 'vkey',
      params: { reason: isHutongError(cause) ? cause.message : cause instanceof Error ? cause.message : 'not a vkey' },
      zhParams: { reason: vkeyProblemZh(cause) },
      cause,
    });
  }
  let url: URL;
  try {
    url = new URL(input.url);
  } catch (cause) {
    throw new ServerError('ERR_LOG_WITNESS_INVALID', {
      field: 'url',
      params: { reason: 'not a URL' },
      zhParams: { reason: '不是 URL' },
      cause,
    });
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new ServerError('ERR_LOG_WITNESS_INVALID', {
      field: 'url',
      params: { reason: 'an http(s) URL without credentials, query or fragment' },
      zhParams: { reason: '须为不含用户信息、查询和片段的 http(s) URL' },
    });
  }
  const at = ctx.now().toISOString();
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('log_witnesses')
        .values({
          name,
          url: url.toString(),
          vkey: input.vkey,
          size: 0,
          last_error: null,
          added_at: at,
          updated_at: at,
        })
        .execute();
      await recordEvent(trx, {
        type: 'log.witness-added',
        actor: by.actor,
        requestId: by.requestId,
        target: name,
        details: { url: url.toString(), vkey: input.vkey },
        at,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServerError('ERR_LOG_WITNESS_EXISTS', { field: 'vkey', params: { name } });
    throw error;
  }
  return { name, url: url.toString(), vkey: input.vkey, size: 0, lastError: null, addedAt: at, updatedAt: at };
}

/** @example const witnesses = await listLogWitnesses(ctx); */
export async function listLogWitnesses(ctx: Pick<AppContext, 'store'>): Promise<LogWitnessView[]> {
  const rows = await ctx.store.db.selectFrom('log_witnesses').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    url: r.url,
    vkey: r.vkey,
    size: Number(r.size),
    lastError: r.last_error,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
  }));
}

/**
 * The refusals this node made as a witness, newest first.
 *
 * @example const refusals = await listWitnessRefusals(ctx, { origin: 'other.example/hutong-log', limit: 50 });
 */
export async function listWitnessRefusals(
  ctx: Pick<AppContext, 'store'>,
  query: { readonly origin?: string | undefined; readonly limit: number },
): Promise<WitnessRefusalView[]> {
  let q = ctx.store.db.selectFrom('witness_refusals').selectAll();
  if (query.origin !== undefined) q = q.where('origin', '=', query.origin);
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    origin: r.origin,
    code: r.code,
    oldSize: Number(r.old_size),
    checkpointSize: r.checkpoint_size === null ? null : Number(r.checkpoint_size),
    cosignedSize: Number(r.cosigned_size),
    cosignedRoot: r.cosigned_root,
    request: r.request,
  }));
}
