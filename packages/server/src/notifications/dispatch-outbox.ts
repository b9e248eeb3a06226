import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sealClearValues } from '../secrets/seal-clear-values.js';
import { SEALED_COLUMNS } from '../secrets/sealed-columns.js';
import type { Secrets } from '../secrets/secrets.js';
import type { Database } from '../store/database.js';
import { webhookSecretOf } from './create-subscription.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/** Retry schedule: 10 s, 20 s, 40 s … capped at 1 h; after 12 failed attempts the message is dead. */
export const RETRY_POLICY = { baseMs: 10_000, maxMs: 3_600_000, maxAttempts: 12 } as const;

/** While one dispatcher delivers a message, others leave it alone for this long. */
const LEASE_MS = 60_000;

export interface DispatchOptions {
  readonly now: () => Date;
  /** Opens the subscriptions' sealed secrets. */
  readonly secrets: Secrets;
  /** Most messages taken per round. */
  readonly batchSize?: number;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
}

/**
 * Exponential backoff (RFC-less but the common scheme): `base × 2^(attempts−1)`, capped.
 *
 * @example retryDelayMs(3) // 40000
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_POLICY.baseMs * 2 ** Math.max(0, attempts - 1), RETRY_POLICY.maxMs);
}

interface DueMessage {
  readonly id: string;
  readonly subscription_id: string;
  readonly event_type: string;
  readonly payload: string;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly url: string;
  readonly secret: string;
  readonly master_key_id: string | null;
}

/**
 * Claims a message with a compare-and-set on its due time: of several dispatchers (server
 * processes sharing one PostgreSQL, or the CLI beside a server) exactly one wins it,
 * with portable SQL (no `FOR UPDATE SKIP LOCKED`).
 */
async function claim(db: Kysely<Database>, message: DueMessage, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('id', '=', message.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', message.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function deliver(
  message: DueMessage,
  secret: string,
  now: Date,
  timeoutMs: number,
): Promise<{ ok: boolean; httpStatus: number | null; error: string | null }> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetch(message.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, message.payload),
        'hutong-event-id': message.id,
        'hutong-event-type': message.event_type,
      },
      body: message.payload,
      // A subscriber must not move us elsewhere (SSRF through redirects).
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not needed; consume it so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, httpStatus: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, httpStatus: null, error: reason.slice(0, 500) };
  }
}

/**
 * One round of the dispatcher: takes the pending messages that are due, delivers each
 * (signed POST), logs the attempt in `webhook_deliveries`, and marks the message delivered,
 * reschedules it with backoff, or gives up on it (`dead`) after the last attempt.
 *
 * @example const { delivered, failed } = await dispatchDueMessages(store.db, { now: () => new Date(), secrets });
 */
export async function dispatchDueMessages(
  db: Kysely<Database>,
  options: DispatchOptions,
): Promise<{ delivered: number; failed: number }> {
  const now = options.now();
  const due = (await db
    .selectFrom('outbox_messages as m')
    .innerJoin('webhook_subscriptions as s', 's.id', 'm.subscription_id')
    .select([
      'm.id',
      'm.subscription_id',
      'm.event_type',
      'm.payload',
      'm.attempts',
      'm.next_attempt_at',
      's.url',
      's.secret',
      's.master_key_id',
    ])
    .where('m.status', '=', 'pending')
    .where('m.next_attempt_at', '<=', now.toISOString())
    .orderBy('m.next_attempt_at')
    .orderBy('m.id')
    .limit(options.batchSize ?? 100)
    .execute()) as DueMessage[];
  // A subscription written in clear by a server from before migration 0021 (sharing this
  // PostgreSQL) is sealed as soon as it is seen.
  if (due.some((message) => message.master_key_id === null)) {
    await sealClearValues(
      db,
      options.secrets,
      SEALED_COLUMNS.filter((column) => column.table === 'webhook_subscriptions'),
    );
  }
  let delivered = 0;
  let failed = 0;
  await Promise.all(
    due.map(async (message) => {
      if (!(await claim(db, message, now))) return;
      const started = Date.now();
      const secret = webhookSecretOf(options.secrets, { ...message, id: message.subscription_id });
      const outcome = await deliver(message, secret, now, options.timeoutMs ?? 10_000);
      const attempts = message.attempts + 1;
      const finished = options.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('webhook_deliveries')
          .values({
            id: randomUUID(),
            message_id: message.id,
            subscription_id: message.subscription_id,
            attempt: attempts,
            at: finished.toISOString(),
            outcome: outcome.ok ? 'delivered' : 'failed',
            http_status: outcome.httpStatus,
            error: outcome.error,
            duration_ms: Date.now() - started,
          })
          .execute();
        if (outcome.ok) {
          await trx
            .updateTable('outbox_messages')
            .set({ status: 'delivered', attempts, delivered_at: finished.toISOString(), last_error: null })
            .where('id', '=', message.id)
            .execute();
        } else {
          const dead = attempts >= RETRY_POLICY.maxAttempts;
          await trx
            .updateTable('outbox_messages')
            .set({
              status: dead ? 'dead' : 'pending',
              attempts,
              last_error: outcome.error,
              next_attempt_at: new Date(finished.getTime() + retryDelayMs(attempts)).toISOString(),
            })
            .where('id', '=', message.id)
            .execute();
        }
      });
      if (outcome.ok) delivered++;
      else failed++;
    }),
  );
  return { delivered, failed };
}

/** A running dispatcher. */
export interface OutboxDispatcher {
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs {@link dispatchDueMessages} every `intervalMs` in the background until stopped
 * (the server starts one; errors of a round are reported and the next round retries).
 *
 * @example const dispatcher = startOutboxDispatcher(store.db, { now: () => new Date(), secrets, intervalMs: 1000 });
 */
export function startOutboxDispatcher(
  db: Kysely<Database>,
  options: DispatchOptions & { readonly intervalMs: number; readonly onError?: (error: unknown) => void },
): OutboxDispatcher {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = dispatchDueMessages(db, options)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs).unref();
      });
  };
  // unref: a dispatcher never keeps a process alive on its own (the server's listener does).
  let timer: NodeJS.Timeout = setTimeout(tick, 0).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
