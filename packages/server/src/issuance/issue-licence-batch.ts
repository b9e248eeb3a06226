import type { Licence, SigningKey } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { assertMayActFor } from '../auth/assert-may-act-for.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { isServerError, type LocalizedError, ServerError } from '../errors.js';
import { type PublicUrlOption, writeContextFor } from '../library/write-context-for.js';
import { batchSigningKey, POOL_SIGNING_THRESHOLD } from './batch-signing-pool.js';
import {
  ISSUANCE_CHUNK,
  type IssuanceItem,
  type IssuanceOutcome,
  issuePreparedLicences,
} from './issue-prepared-licences.js';
import { issuanceCache } from './load-issuance.js';
import { type IssueLicenceInput, prepareLicence } from './prepare-licence.js';
import { requestHash } from './request-hash.js';

/** Most licences in one batch request. */
export const MAX_BATCH = 1000;

// RFC 9110 token-ish: visible ASCII, as the IETF Idempotency-Key draft's examples use.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export interface IssueOptions extends PublicUrlOption {
  /** The `Idempotency-Key` header: a retry with it answers what the first request got. */
  readonly idempotencyKey?: string | undefined;
  readonly requestId?: string | undefined;
  /** Legacy stock (`--legacy`): USCCs failing their check become warnings. */
  readonly legacy?: boolean | undefined;
  /** `imported` for bulk legacy import; default `issued`. */
  readonly origin?: 'issued' | 'imported' | undefined;
}

export type BatchItemOutcome =
  | {
      readonly index: number;
      readonly outcome: 'issued' | 'existing';
      readonly licence: Licence;
      /** The UTF-8 of `licenceAnswerText(licence)` when the signing thread made it. */
      readonly answerText?: Uint8Array | undefined;
    }
  | { readonly index: number; readonly outcome: 'rejected'; readonly error: LocalizedError };

export interface BatchOutcome {
  readonly items: readonly BatchItemOutcome[];
}

/** Checks an Idempotency-Key header value. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw new ServerError('ERR_ISSUANCE_IDEMPOTENCY_KEY', { field: 'Idempotency-Key' });
  return key;
}

function isLocalized(error: unknown): error is LocalizedError {
  return (
    isServerError(error) ||
    (error instanceof Error && typeof (error as { localize?: unknown }).localize === 'function' && 'code' in error)
  );
}

/**
 * A large batch signs on the process's signing threads (`batch-signing-pool.ts`): `items`, part
 * of a batch of `count` licences. Should the threads fail to start, the batch signs on the main
 * thread as a small one does.
 */
async function onPool(items: readonly IssuanceItem[], count = items.length): Promise<readonly IssuanceItem[]> {
  if (count < POOL_SIGNING_THRESHOLD) return items;
  const pooled = new Map<SigningKey, Promise<SigningKey>>();
  try {
    for (const item of items) if (!pooled.has(item.key)) pooled.set(item.key, batchSigningKey(item.key));
    const keys = new Map<SigningKey, SigningKey>();
    for (const [key, promise] of pooled) keys.set(key, await promise);
    return items.map((item) => ({ ...item, key: keys.get(item.key) ?? item.key }));
  } catch {
    return items;
  }
}

/**
 * Prepares and issues inputs: each item is checked (issuer and type permission through
 * `assertMayActFor`, the published type, face, holder, dates), then issued all-or-nothing
 * per item (see `issuePreparedLicences`). `keyOf(i)` names the item's idempotency key.
 */
export async function issueInputs(
  ctx: AppContext,
  principal: Principal,
  inputs: readonly IssueLicenceInput[],
  options: IssueOptions,
  keyOf: (index: number) => string | undefined,
): Promise<IssuanceOutcome[]> {
  const resources = issuanceCache(ctx);
  const actor = actorOf(principal);
  const now = ctx.now();
  const outcomes: Array<IssuanceOutcome | undefined> = new Array(inputs.length);
  const items: IssuanceItem[] = [];
  const positions: number[] = [];
  /** Checks inputs[from…to) (see above): an item to issue, or the input's refusal. */
  const prepare = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) {
      const input = inputs[i] as IssueLicenceInput;
      try {
        const issuerCode =
          input.certificateIssuingAuthorityCode ??
          (principal.kind === 'client' || principal.kind === 'staff'
            ? (principal.organisationCode ?? undefined)
            : undefined);
        if (issuerCode === undefined) {
          throw new ServerError('ERR_AUTH_ISSUER_FORBIDDEN', {
            field: 'certificateIssuingAuthorityCode',
            params: { issuerCode: '' },
          });
        }
        assertMayActFor(principal, { issuerCode, typeCode: input.certificateTypeCode });
        const { type, issuer, key } = await resources(input.certificateTypeCode, issuerCode);
        const prepared = prepareLicence(input, type, issuer, { now, legacy: options.legacy === true });
        const idempotencyKey = keyOf(i);
        items.push({
          prepared,
          key,
          // The issuer is part of what was asked, whether it was named or implied.
          requestHash: requestHash({ ...input, certificateIssuingAuthorityCode: issuerCode }),
          sourceKey: input.sourceKey,
          idempotency: idempotencyKey === undefined ? undefined : { principal: actor, key: idempotencyKey },
          origin: options.origin ?? 'issued',
        });
        positions.push(i);
      } catch (error) {
        if (!isLocalized(error)) throw error;
        outcomes[i] = { status: 'rejected', error };
      }
    }
  };
  // More than one chunk's worth: the first chunk's inputs are checked, numbered and sent to the
  // signing threads before the others are checked (issue 3: the threads used to sit idle while
  // the main thread checked all 1,000 items of a batch, about 15 ms on a quiet machine); the
  // others are checked while the threads sign it, and are numbered in a second short
  // transaction (issuePreparedLicences' `more`).
  const first = Math.min(inputs.length, ISSUANCE_CHUNK);
  await prepare(0, first);
  const firstItems = items.slice();
  const wctx = writeContextFor(ctx, principal, options);
  const issued =
    first === inputs.length
      ? await issuePreparedLicences(wctx, await onPool(items))
      : await issuePreparedLicences(wctx, await onPool(firstItems, inputs.length), {
          more: async () => {
            await prepare(first, inputs.length);
            return onPool(items.slice(firstItems.length), inputs.length);
          },
        });
  issued.forEach((outcome, k) => {
    outcomes[positions[k] as number] = outcome;
  });
  return outcomes.map((outcome) => {
    // Every position got an outcome above (rejected while preparing, or from issuance).
    if (outcome === undefined) throw new Error('an issuance input got no outcome');
    return outcome;
  });
}

/**
 * Issues up to {@link MAX_BATCH} licences in one request, each all-or-nothing with its own
 * outcome (`issued`, `existing` for a retry, `rejected` with the precise error), in input
 * order. With an `Idempotency-Key`, item `n` is idempotent under `<key>#<n>`: a batch
 * retried after a crash issues only what the first attempt did not.
 *
 * @example const { items } = await issueLicenceBatch(ctx, principal, inputs, { publicUrl, idempotencyKey });
 */
export async function issueLicenceBatch(
  ctx: AppContext,
  principal: Principal,
  inputs: readonly IssueLicenceInput[],
  options: IssueOptions,
): Promise<BatchOutcome> {
  if (inputs.length === 0 || inputs.length > MAX_BATCH) {
    throw new ServerError('ERR_ISSUANCE_BATCH_SIZE', {
      field: 'items',
      params: { max: MAX_BATCH, found: inputs.length },
    });
  }
  const key = checkIdempotencyKey(options.idempotencyKey);
  if (key !== undefined) {
    // One key names one batch: the same key with other items is a conflict, never a merge.
    const hash = requestHash(inputs);
    const actor = actorOf(principal);
    const earlier = await ctx.store.db
      .selectFrom('idempotency_records')
      .select(['request_hash', 'operation'])
      .where('principal', '=', actor)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (earlier !== undefined && (earlier.request_hash !== hash || earlier.operation !== 'batch')) {
      throw new ServerError('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', { field: 'Idempotency-Key', params: { key } });
    }
    if (earlier === undefined) {
      await ctx.store.db
        .insertInto('idempotency_records')
        .values({
          principal: actor,
          idempotency_key: key,
          operation: 'batch',
          request_hash: hash,
          response: JSON.stringify({ items: inputs.length }),
          created_at: ctx.now().toISOString(),
        })
        .onConflict((conflict) => conflict.columns(['principal', 'idempotency_key']).doNothing())
        .execute();
    }
  }
  const outcomes = await issueInputs(ctx, principal, inputs, options, (i) =>
    key === undefined ? undefined : `${key}#${i}`,
  );
  return {
    items: outcomes.map((outcome, index) =>
      outcome.status === 'rejected'
        ? { index, outcome: 'rejected', error: outcome.error }
        : outcome.status === 'issued'
          ? { index, outcome: 'issued', licence: outcome.licence, answerText: outcome.answerText }
          : { index, outcome: 'existing', licence: outcome.licence },
    ),
  };
}
