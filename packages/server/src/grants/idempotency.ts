/**
 * Idempotent writes of the grants domain (`POST /api/v1/me/grants`, `POST /api/v1/fetch`):
 * an `Idempotency-Key` names one request of one principal; a retry with the same key and the
 * same body gets the first answer and writes nothing, the same key with another body is
 * `ERR_GRANTS_IDEMPOTENCY_CONFLICT` (docs/design/server-conventions.md, "Idempotent writes take
 * Idempotency-Key"). The record is written in the write's own transaction, so an answer is
 * remembered exactly when its write committed.
 */
import type { Kysely, Transaction } from 'kysely';
import { ServerError } from '../errors.js';
import { requestHash } from '../issuance/request-hash.js';
import type { Database } from '../store/database.js';
import { readText } from './grant.js';

export interface IdempotencyScope {
  /** Whose key it is: `holder:<index>`, `client:<id>` (never a holder code in clear). */
  readonly principal: string;
  readonly key: string;
  /** The operation, so that one key cannot answer for another route. */
  readonly operation: string;
  /** SHA-256 of the request's canonical JSON. */
  readonly hash: string;
}

/**
 * The scope of a request with an `Idempotency-Key` header, or undefined without one (the key is
 * 1–200 characters, no control characters).
 *
 * @example const scope = idempotencyScope(`client:${id}`, request.headers['idempotency-key'], 'licence.fetch', body);
 */
export function idempotencyScope(
  principal: string,
  key: string | undefined,
  operation: string,
  request: unknown,
): IdempotencyScope | undefined {
  if (key === undefined) return undefined;
  return { principal, key: readText(key, 'Idempotency-Key', 200), operation, hash: requestHash(request) };
}

/**
 * The first answer (the JSON text remembered) for this key, or undefined when the key is new.
 * Throws `ERR_GRANTS_IDEMPOTENCY_CONFLICT` when the key was used for another request.
 *
 * @example const earlier = await earlierAnswer(ctx.store.db, scope); if (earlier) return JSON.parse(earlier);
 */
export async function earlierAnswer(db: Kysely<Database>, scope: IdempotencyScope): Promise<string | undefined> {
  const record = await db
    .selectFrom('idempotency_records')
    .select(['request_hash', 'response', 'operation'])
    .where('principal', '=', scope.principal)
    .where('idempotency_key', '=', scope.key)
    .executeTakeFirst();
  if (record === undefined) return undefined;
  if (record.request_hash !== scope.hash || record.operation !== scope.operation) {
    throw new ServerError('ERR_GRANTS_IDEMPOTENCY_CONFLICT', {
      field: 'Idempotency-Key',
      params: { key: scope.key.slice(0, 128) },
    });
  }
  return record.response;
}

/**
 * Remembers the answer in the write's transaction. A concurrent retry that committed first
 * makes this insert fail on the key (`isUniqueViolation`): the caller then reads that answer.
 *
 * @example await rememberAnswer(trx, scope, JSON.stringify({ grantId }), at);
 */
export async function rememberAnswer(
  trx: Transaction<Database>,
  scope: IdempotencyScope,
  response: string,
  at: string,
): Promise<void> {
  await trx
    .insertInto('idempotency_records')
    .values({
      principal: scope.principal,
      idempotency_key: scope.key,
      operation: scope.operation,
      request_hash: scope.hash,
      response,
      created_at: at,
    })
    .execute();
}
