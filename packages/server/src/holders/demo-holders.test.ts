/**
 * The demo's sample holders (printed in the start-up banner) work as printed: on a seeded
 * demo node with the development provider, each signs in, sees their licences, and the legal
 * representative acts for their company and sees its licences.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import { demoHolderSamples } from '../demo/demo-holder-samples.js';
import { demoLicencePlan } from '../demo/demo-licences.js';
import { formatDemoAccounts } from '../demo/format-demo-accounts.js';
import { type DemoSummary, seedDemo } from '../demo/seed-demo.js';
import { openTestContext, type TestContext } from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { signInHolder } from '../test-support/principals.js';

const HOOK_TIMEOUT = 300_000;

describe('demoHolderSamples', () => {
  it('picks the busiest person and an unambiguous legal representative with their company', () => {
    const plan = demoLicencePlan('20261129');
    const samples = demoHolderSamples(plan);
    expect(samples.map((s) => s.role)).toEqual(['person', 'legal-representative']);
    const [busiest, representative] = samples;
    const holders = plan.issuances.map((i) => i.input.certificateHolderCode);
    expect(holders.filter((code) => code === busiest?.holderCode)).toHaveLength(busiest?.licences ?? -1);
    const names = new Set(
      plan.issuances
        .filter(
          (i) => i.input.certificateHolderTypeCode === '111' && i.input.certificateHolderName === representative?.name,
        )
        .map((i) => i.input.certificateHolderCode),
    );
    expect([...names]).toEqual([representative?.holderCode]);
    const licence = plan.issuances.find(
      (i) => i.type === 'businessLicence' && i.input.certificateHolderCode === representative?.organisation?.holderCode,
    );
    expect(licence?.input.face.legalRepresentative).toBe(representative?.name);
  });
});

describe.each(TEST_DATABASES)('the demo’s holders on $dialect', ({ create }) => {
  let t: TestContext;
  let app: FastifyInstance;
  let summary: DemoSummary;

  beforeAll(async () => {
    t = await openTestContext(create);
    app = await buildApp({
      store: t.ctx.store,
      nodeId: t.ctx.nodeId,
      context: t.ctx,
      webRoot: '/nonexistent',
      log: { integrate: false },
      auth: { rateLimit: false },
      holders: { devProvider: true },
    });
    summary = await seedDemo(t.ctx);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  }, HOOK_TIMEOUT);

  it('prints them in the banner', () => {
    const banner = formatDemoAccounts(summary, 'http://127.0.0.1:8080/');
    for (const holder of summary.holders) expect(banner).toContain(holder.holderCode);
    expect(banner).toContain('api/v1/dev/mailbox');
  });

  it('signs each in; the legal representative acts for the company and sees its licences', async () => {
    for (const holder of summary.holders) {
      const session = await signInHolder(app, holder);
      const mine = await app.inject({
        url: '/api/v1/me/licences?includeSuperseded=true',
        headers: { cookie: session.cookie },
      });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().items.length).toBeGreaterThanOrEqual(holder.licences);
      if (holder.organisation === undefined) continue;
      const acting = await app.inject({
        method: 'PUT',
        url: '/api/v1/holder/acting-for',
        headers: session.headers,
        payload: { holderCodeType: '001', holderCode: holder.organisation.holderCode },
      });
      expect(acting.statusCode, acting.body).toBe(200);
      expect(acting.json().person.name).toBe(holder.name);
      const theirs = await app.inject({ url: '/api/v1/me/licences', headers: { cookie: session.cookie } });
      expect(theirs.json().groups.map((g: { typeName: { zh: string } }) => g.typeName.zh)).toContain('营业执照');
    }
  });
});
