import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Licence } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { sampleInput } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, startLicenceNode } from '../library/test-support/licence-node.js';
import { verifyWebhookSignature } from './webhook-signature.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('webhooks over HTTP on $dialect', ({ create }) => {
  let node: LicenceNode;
  let server: Server;
  let url: string;
  const received: Array<{ signature: string; body: string }> = [];
  const clock = new Date('2026-11-29T04:00:00Z');

  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => clock });
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({
          signature: String(request.headers['hutong-signature']),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }, HOOK_TIMEOUT);

  it('delivers a signed notification of a revocation to a subscribed relying party, and logs it', async () => {
    const subscribe = await node.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { authorization: node.reader.authorization },
      payload: { url },
    });
    expect(subscribe.statusCode).toBe(201);
    const { id, secret } = subscribe.json() as { id: string; secret: string };

    const issued = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: node.issuer.authorization },
      payload: sampleInput({ certificateNumber: 'W-1' }) as never,
    });
    const licence = issued.json().licence as Licence;
    const revoked = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation' },
    });
    expect(revoked.statusCode).toBe(200);

    // The app's own dispatcher delivers from the outbox in the background.
    const deadline = Date.now() + 15_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const bodies = received.map((r) => JSON.parse(r.body) as { type: string; details: { status: string } });
    // One dispatch round delivers both at once: arrival order is not the point.
    expect(bodies.map((b) => [b.type, b.details.status]).sort()).toEqual([
      ['licence.issued', 'valid'],
      ['licence.status', 'revoked'],
    ]);
    for (const r of received) expect(verifyWebhookSignature(r.signature, secret, r.body, { now: clock })).toBe(true);

    // The attempt is logged once the subscriber has answered: wait for both entries.
    const readLog = () =>
      node.app.inject({
        method: 'GET',
        url: `/api/v1/subscriptions/${id}/deliveries`,
        headers: { authorization: node.reader.authorization },
      });
    let log = await readLog();
    while (log.json().items.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = await readLog();
    }
    expect(log.json().items.map((d: { outcome: string }) => d.outcome)).toEqual(['delivered', 'delivered']);
  });

  it('refuses subscriptions from departments, to types not read, with bad URLs; and others’ logs', async () => {
    const asIssuer = await node.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { authorization: node.issuer.authorization },
      payload: { url },
    });
    expect(asIssuer.statusCode).toBe(403);
    const forbidden = await node.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { authorization: node.reader.authorization },
      payload: { url, typeCodes: ['11100000000013338W011'] },
    });
    expect([forbidden.statusCode, forbidden.json().code]).toEqual([403, 'ERR_NOTIFICATIONS_TYPE_FORBIDDEN']);
    const badUrl = await node.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { authorization: node.reader.authorization },
      payload: { url: 'javascript:alert(1)' },
    });
    expect([badUrl.statusCode, badUrl.json().code]).toEqual([422, 'ERR_NOTIFICATIONS_URL_INVALID']);
    const unknown = await node.app.inject({
      method: 'GET',
      url: '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000/deliveries',
      headers: { authorization: node.reader.authorization },
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'ERR_NOTIFICATIONS_NOT_FOUND']);
  });
});
