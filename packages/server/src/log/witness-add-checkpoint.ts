/**
 * This node as a witness of other logs (C2SP tlog-witness `add-checkpoint`): it cosigns a
 * checkpoint of a log it is configured to witness only when the checkpoint is signed by
 * that log's key and consistent with the tree head it cosigned last (core
 * `witnessAddCheckpoint`), and it stores the new head with a compare-and-set, so two
 * concurrent requests can never both advance from the same head (the rollback race the
 * spec warns about). A validly signed checkpoint that contradicts the cosigned head — a
 * fork — is refused (409) and kept in `witness_refusals` as evidence anyone can read.
 */
import { randomUUID } from 'node:crypto';
import {
  emptyRoot,
  isHutongError,
  parseAddCheckpointRequest,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  witnessAddCheckpoint,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError, type ServerErrorCode } from '../errors.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import { fromBase64, toBase64 } from './base64.js';
import type { LogKeys } from './log-keys.js';
import { sm2Importer } from './log-keys.js';

/** How core's witness refusals answer over HTTP (tlog-witness §add-checkpoint). */
const REFUSALS: Readonly<Record<string, ServerErrorCode>> = {
  ERR_MERKLE_WITNESS_REQUEST_MALFORMED: 'ERR_LOG_WITNESS_MALFORMED',
  ERR_MERKLE_WITNESS_NOT_SIGNED: 'ERR_LOG_WITNESS_NOT_SIGNED',
  ERR_MERKLE_WITNESS_UNKNOWN_LOG: 'ERR_LOG_WITNESS_UNKNOWN_LOG',
  ERR_MERKLE_WITNESS_OLD_SIZE: 'ERR_LOG_WITNESS_OLD_SIZE',
  ERR_MERKLE_WITNESS_CONFLICT: 'ERR_LOG_WITNESS_CONFLICT',
  ERR_MERKLE_WITNESS_PROOF: 'ERR_LOG_WITNESS_PROOF',
};

/** Compare-and-set retries when concurrent requests for one log race. */
const ATTEMPTS = 3;

function malformed(cause: unknown): ServerError {
  const reason = isHutongError(cause) ? String(cause.params.reason ?? cause.message) : 'unreadable';
  // Core's Chinese reading of its reason (zhParams), else its whole Chinese message.
  const reasonZh = isHutongError(cause)
    ? String(cause.zhParams?.reason ?? cause.params.reason ?? cause.localize('zh-CN'))
    : '无法识读';
  return new ServerError('ERR_LOG_WITNESS_MALFORMED', {
    ...(isHutongError(cause) && cause.field !== undefined ? { field: cause.field } : {}),
    params: { reason },
    zhParams: { reason: reasonZh },
    cause,
  });
}

/**
 * Answers an add-checkpoint request body: the cosignature lines (each ending in "\n"),
 * or a ServerError — ERR_LOG_WITNESS_OLD_SIZE carries `latestSize` in its params for the
 * `text/x.tlog.size` body.
 *
 * @example const lines = await witnessAddCheckpointRequest(ctx, keys, await request.body);
 */
export async function witnessAddCheckpointRequest(
  ctx: Pick<AppContext, 'store' | 'now' | 'cryptoProvider'>,
  keys: Pick<LogKeys, 'witness'>,
  body: unknown,
): Promise<string> {
  let request: ReturnType<typeof parseAddCheckpointRequest>;
  try {
    request = parseAddCheckpointRequest(body);
  } catch (cause) {
    throw malformed(cause);
  }
  const db = ctx.store.db;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const row = await db
      .selectFrom('witnessed_logs')
      .selectAll()
      .where('origin', '=', request.origin)
      .executeTakeFirst();
    if (row === undefined) {
      throw new ServerError('ERR_LOG_WITNESS_UNKNOWN_LOG', { field: 'origin', params: { origin: request.origin } });
    }
    const verifier = parseVerifierKey(row.vkey, { sm2: sm2Importer(ctx), hashes: nodeHashProvider });
    const cosignedRoot = fromBase64(row.root_hash);
    if (cosignedRoot === undefined)
      throw new ServerError('ERR_LOG_STATE_CORRUPT', {
        params: { reason: `witnessed log ${row.origin} has a bad root` },
        zhParams: { reason: `被见证的日志 ${row.origin} 的根无效` },
      });
    const state = { size: Number(row.size), rootHash: cosignedRoot };
    const outcome = await witnessAddCheckpoint(
      state,
      request,
      [{ origin: row.origin, verifiers: [verifier] }],
      [keys.witness.signer],
      nodeHashProvider,
    );
    if (!outcome.ok) {
      const code = REFUSALS[outcome.error.code] ?? 'ERR_LOG_WITNESS_MALFORMED';
      const params: Record<string, string | number> = {
        origin: row.origin,
        oldSize: request.oldSize,
        latestSize: outcome.latestSize ?? state.size,
        size: Number(outcome.error.params.size ?? 0),
        reason: outcome.error.message,
      };
      // A refusal backed by the log's own signature proves a fork: keep it for everyone to see.
      if (outcome.evidence !== undefined) {
        let checkpointSize: number | null = null;
        try {
          checkpointSize = parseCheckpoint(parseNote(request.checkpointNote).text).size;
        } catch {
          checkpointSize = null;
        }
        await db
          .insertInto('witness_refusals')
          .values({
            id: randomUUID(),
            at: ctx.now().toISOString(),
            origin: row.origin,
            code,
            old_size: request.oldSize,
            checkpoint_size: checkpointSize,
            cosigned_size: state.size,
            cosigned_root: row.root_hash,
            request: typeof body === 'string' ? body : '',
          })
          .execute();
      }
      throw new ServerError(code, {
        ...(outcome.error.field === undefined ? {} : { field: outcome.error.field }),
        params,
        cause: outcome.error,
      });
    }
    const updated = await db
      .updateTable('witnessed_logs')
      .set({
        size: outcome.newState.size,
        root_hash: toBase64(outcome.newState.rootHash),
        updated_at: ctx.now().toISOString(),
      })
      .where('origin', '=', row.origin)
      .where('size', '=', row.size)
      .where('root_hash', '=', row.root_hash)
      .executeTakeFirst();
    // Check-and-update atomically (tlog-witness): only the request that moved the head answers with a cosignature.
    if (Number(updated.numUpdatedRows) === 1) return outcome.cosignatures;
  }
  const latest = await db
    .selectFrom('witnessed_logs')
    .select('size')
    .where('origin', '=', request.origin)
    .executeTakeFirst();
  throw new ServerError('ERR_LOG_WITNESS_OLD_SIZE', {
    field: 'oldSize',
    params: { origin: request.origin, oldSize: request.oldSize, latestSize: Number(latest?.size ?? 0) },
  });
}

/** The head a newly witnessed log starts from: the empty tree (tlog-witness: "the latest size is 0"). */
export function emptyCosignedHead(): { size: number; rootHash: string } {
  return { size: 0, rootHash: toBase64(emptyRoot(nodeHashProvider)) };
}
