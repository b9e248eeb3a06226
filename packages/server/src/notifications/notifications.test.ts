import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { ISSUER_CODE, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { sealClearValues } from '../secrets/seal-clear-values.js';
import { createSecrets } from '../secrets/secrets.js';
import { createSubscription, webhookSecretOf } from './create-subscription.js';
import { dispatchDueMessages, RETRY_POLICY, retryDelayMs } from './dispatch-outbox.js';
import { enqueueNotifications, type LicenceNotification } from './enqueue-notifications.js';
import { listDeliveries } from './list-deliveries.js';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

/** The node's master key: subscriptions' secrets are sealed under it. */
const SECRETS = createSecrets(new Uint8Array(randomBytes(32)));

const SERIES = `${TYPE_CODE}.${ISSUER_CODE}.2430599`;
const IDENTIFIER = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';

/** A subscriber on loopback that answers with the statuses it is told to, and keeps what it got. */
interface Receiver {
  readonly url: string;
  readonly received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }>;
  statuses: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const receiver = { received, statuses: [] as number[] } as unknown as Receiver & { server: Server };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = receiver.statuses.shift() ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/hutong`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function notification(at: string, overrides: Partial<LicenceNotification> = {}): LicenceNotification {
  return {
    type: 'licence.status',
    identifier: IDENTIFIER,
    series: SERIES,
    typeCode: TYPE_CODE,
    issuerCode: ISSUER_CODE,
    at,
    details: { status: 'revoked', event: 'revocation' },
    ...overrides,
  };
}

describe('webhook signatures (HMAC-SHA256 over t.body)', () => {
  const secret = Buffer.alloc(32, 7).toString('base64url');
  const now = new Date('2026-11-29T12:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('verifies its own signature and refuses tampering, other keys and stale timestamps', () => {
    const header = signWebhook(secret, t, '{"a":1}');
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(header, secret, '{"a":1}', { now })).toBe(true);
    expect(verifyWebhookSignature(header, secret, '{"a":2}', { now })).toBe(false);
    expect(verifyWebhookSignature(header, Buffer.alloc(32, 8).toString('base64url'), '{"a":1}', { now })).toBe(false);
    expect(verifyWebhookSignature(header, secret, '{"a":1}', { now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifyWebhookSignature(header.replace(/^t=\d+/, `t=${t + 1}`), secret, '{"a":1}', { now })).toBe(false);
    expect(verifyWebhookSignature('garbage', secret, '{"a":1}', { now })).toBe(false);
    expect(verifyWebhookSignature(undefined, secret, '{"a":1}', { now })).toBe(false);
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(30)).toBe(RETRY_POLICY.maxMs);
  });
});

describe.each(TEST_DATABASES)('notifications on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await receiver.close();
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    t = await openLibraryTestStore(create);
    receiver.received.length = 0;
    receiver.statuses = [];
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    await t.close();
  }, HOOK_TIMEOUT);

  it('writes outbox messages only for subscriptions that cover the licence', async () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const all = await createSubscription(
      t.store.db,
      SECRETS,
      { clientId: 'rp-all', licenceTypes: '*' },
      { url: receiver.url },
      now,
    );
    await createSubscription(
      t.store.db,
      SECRETS,
      { clientId: 'rp-other', licenceTypes: ['11100000000013338W011'] },
      { url: receiver.url },
      now,
    );
    const one = await createSubscription(
      t.store.db,
      SECRETS,
      { clientId: 'rp-one', licenceTypes: '*' },
      { url: receiver.url, identifiers: [IDENTIFIER] },
      now,
    );
    const written = await t.store.db
      .transaction()
      .execute((trx) => enqueueNotifications(trx, notification(now.toISOString())));
    expect(written).toBe(2);
    const targets = await t.store.db.selectFrom('outbox_messages').select('subscription_id').execute();
    expect(targets.map((row) => row.subscription_id).sort()).toEqual([all.id, one.id].sort());
  });

  it('writes nothing when the transaction that caused it rolls back', async () => {
    const now = new Date('2026-11-29T12:00:00Z');
    await createSubscription(t.store.db, SECRETS, { clientId: 'rp', licenceTypes: '*' }, { url: receiver.url }, now);
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        await enqueueNotifications(trx, notification(now.toISOString()));
        throw new Error('the status change failed');
      }),
    ).rejects.toThrow('the status change failed');
    expect(await t.store.db.selectFrom('outbox_messages').selectAll().execute()).toEqual([]);
  });

  it('delivers a signed webhook, retries with backoff after a failure, and logs each attempt', async () => {
    let clock = new Date('2026-11-29T12:00:00Z');
    const now = () => clock;
    const subscription = await createSubscription(
      t.store.db,
      SECRETS,
      { clientId: 'rp', licenceTypes: '*' },
      { url: receiver.url },
      clock,
    );
    await t.store.db.transaction().execute((trx) => enqueueNotifications(trx, notification(clock.toISOString())));

    receiver.statuses = [500];
    expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now })).toEqual({ delivered: 0, failed: 1 });
    // Not due again before the backoff.
    clock = new Date(clock.getTime() + 5_000);
    expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now })).toEqual({ delivered: 0, failed: 0 });
    clock = new Date(clock.getTime() + 10_000);
    expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now })).toEqual({ delivered: 1, failed: 0 });
    expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now })).toEqual({ delivered: 0, failed: 0 });

    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1];
    expect(last?.headers['content-type']).toBe('application/json');
    expect(
      verifyWebhookSignature(last?.headers['hutong-signature'], subscription.secret, last?.body ?? '', { now: clock }),
    ).toBe(true);
    const body = JSON.parse(last?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'licence.status', licence: { identifier: IDENTIFIER, typeCode: TYPE_CODE } });

    const log = await listDeliveries(t.store.db, 'rp', subscription.id);
    expect(log.map((d) => [d.attempt, d.outcome, d.httpStatus])).toEqual([
      [2, 'delivered', 204],
      [1, 'failed', 500],
    ]);
    const message = await t.store.db.selectFrom('outbox_messages').selectAll().executeTakeFirstOrThrow();
    expect([message.status, Number(message.attempts)]).toEqual(['delivered', 2]);
  });

  it('gives up after the last attempt, and logs an unreachable subscriber', async () => {
    let clock = new Date('2026-11-29T12:00:00Z');
    // Port 1 on loopback: the connection is refused at once.
    await createSubscription(
      t.store.db,
      SECRETS,
      { clientId: 'rp', licenceTypes: '*' },
      { url: 'http://127.0.0.1:1/hook' },
      clock,
    );
    await t.store.db.transaction().execute((trx) => enqueueNotifications(trx, notification(clock.toISOString())));
    for (let i = 0; i < RETRY_POLICY.maxAttempts; i++) {
      expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now: () => clock })).toEqual({
        delivered: 0,
        failed: 1,
      });
      clock = new Date(clock.getTime() + RETRY_POLICY.maxMs);
    }
    expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now: () => clock })).toEqual({
      delivered: 0,
      failed: 0,
    });
    const message = await t.store.db.selectFrom('outbox_messages').selectAll().executeTakeFirstOrThrow();
    expect(message.status).toBe('dead');
    const deliveries = await t.store.db.selectFrom('webhook_deliveries').selectAll().execute();
    expect(deliveries).toHaveLength(RETRY_POLICY.maxAttempts);
    expect(deliveries.every((d) => d.http_status === null && (d.error ?? '').length > 0)).toBe(true);
  });

  it('lets only one of two concurrent dispatchers deliver a message', async () => {
    const clock = new Date('2026-11-29T12:00:00Z');
    await createSubscription(t.store.db, SECRETS, { clientId: 'rp', licenceTypes: '*' }, { url: receiver.url }, clock);
    await t.store.db.transaction().execute((trx) => enqueueNotifications(trx, notification(clock.toISOString())));
    const rounds = await Promise.all([
      dispatchDueMessages(t.store.db, { secrets: SECRETS, now: () => clock }),
      dispatchDueMessages(t.store.db, { secrets: SECRETS, now: () => clock }),
    ]);
    expect(rounds.reduce((sum, r) => sum + r.delivered, 0)).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses bad URLs, types the client may not read, and other clients’ logs', async () => {
    const now = new Date();
    const codeOf = async (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (error: unknown) => (isServerError(error) ? error.code : String(error)),
      );
    const client = { clientId: 'rp', licenceTypes: ['11100000000013338W011'] };
    expect(await codeOf(createSubscription(t.store.db, SECRETS, client, { url: 'ftp://x/' }, now))).toBe(
      'ERR_NOTIFICATIONS_URL_INVALID',
    );
    expect(await codeOf(createSubscription(t.store.db, SECRETS, client, { url: 'https://u:p@x/' }, now))).toBe(
      'ERR_NOTIFICATIONS_URL_INVALID',
    );
    expect(
      await codeOf(createSubscription(t.store.db, SECRETS, client, { url: receiver.url, typeCodes: [TYPE_CODE] }, now)),
    ).toBe('ERR_NOTIFICATIONS_TYPE_FORBIDDEN');
    expect(
      await codeOf(
        createSubscription(t.store.db, SECRETS, client, { url: receiver.url, identifiers: [IDENTIFIER] }, now),
      ),
    ).toBe('ERR_NOTIFICATIONS_TYPE_FORBIDDEN');
    const mine = await createSubscription(t.store.db, SECRETS, client, { url: receiver.url }, now);
    expect(mine.typeCodes).toEqual(['11100000000013338W011']);
    expect(await codeOf(listDeliveries(t.store.db, 'someone-else', mine.id))).toBe('ERR_NOTIFICATIONS_NOT_FOUND');
    expect(await t.store.db.selectFrom('webhook_subscriptions').selectAll().execute()).toHaveLength(1);
  });
  it('keeps a subscription’s secret sealed at rest; a clear secret from before migration 0021 is sealed and still signs', async () => {
    const clock = new Date('2026-11-29T12:00:00Z');
    const created = await createSubscription(
      t.store.db,
      SECRETS,
      { clientId: 'rp', licenceTypes: '*' },
      { url: receiver.url },
      clock,
    );
    const row = await t.store.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(created.secret);
    expect(row.secret.split('.')[1]).toBe(SECRETS.masterKeyId);
    expect(row.master_key_id).toBe(SECRETS.masterKeyId);
    expect(webhookSecretOf(SECRETS, row)).toBe(created.secret);
    // Bound to its row: the sealed text copied into another subscription does not open there.
    expect(() => webhookSecretOf(SECRETS, { ...row, id: 'another' })).toThrow(
      expect.objectContaining({ code: 'ERR_SECRETS_DECRYPT_FAILED' }),
    );

    // A row as a server before 0021 wrote it: the secret in clear, no master key id.
    const legacySecret = Buffer.alloc(32, 9).toString('base64url');
    await t.store.db
      .updateTable('webhook_subscriptions')
      .set({ secret: legacySecret, master_key_id: null })
      .where('id', '=', created.id)
      .execute();
    await t.store.db.transaction().execute((trx) => enqueueNotifications(trx, notification(clock.toISOString())));
    expect(await dispatchDueMessages(t.store.db, { secrets: SECRETS, now: () => clock })).toEqual({
      delivered: 1,
      failed: 0,
    });
    const delivered = receiver.received[0];
    expect(
      verifyWebhookSignature(delivered?.headers['hutong-signature'], legacySecret, delivered?.body ?? '', {
        now: clock,
      }),
    ).toBe(true);
    const sealed = await t.store.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(sealed.master_key_id).toBe(SECRETS.masterKeyId);
    expect(sealed.secret).not.toContain(legacySecret);
    expect(webhookSecretOf(SECRETS, sealed)).toBe(legacySecret);

    // The start-up pass seals what is left, once.
    await t.store.db
      .updateTable('webhook_subscriptions')
      .set({ secret: legacySecret, master_key_id: null })
      .where('id', '=', created.id)
      .execute();
    expect(await sealClearValues(t.store.db, SECRETS)).toEqual({ webhook_subscriptions: 1 });
    expect(await sealClearValues(t.store.db, SECRETS)).toEqual({ webhook_subscriptions: 0 });
    const again = await t.store.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(webhookSecretOf(SECRETS, again)).toBe(legacySecret);
  });
});
