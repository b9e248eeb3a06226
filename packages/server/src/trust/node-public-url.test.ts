/**
 * The node's public URL in its store: written when it changes, read by `hutong trust-list
 * export`; the trust list's version moves once per new URL, never per restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { buildNodeTrustList } from './build-node-trust-list.js';
import { nodePublicUrlOf, recordNodePublicUrl } from './node-public-url.js';

describe.each(TEST_DATABASES)('the public URL the node serves under on $dialect', ({ create }) => {
  let t: TestContext;

  beforeEach(async () => {
    t = await openTestContext(create);
  }, 60_000);

  afterEach(async () => {
    await t.close();
  }, 60_000);

  it('is recorded when it changes only, and a list built from it keeps its version until it changes', async () => {
    expect(await nodePublicUrlOf(t.ctx)).toBeUndefined();
    expect(await recordNodePublicUrl(t.ctx, 'https://licences.xj.gov.cn')).toBe(true);
    const first = await buildNodeTrustList(t.ctx, { url: (await nodePublicUrlOf(t.ctx)) ?? '' });
    expect(first.node.url).toBe('https://licences.xj.gov.cn');

    // A restart under the same URL: nothing written, the same version.
    expect(await recordNodePublicUrl(t.ctx, 'https://licences.xj.gov.cn')).toBe(false);
    const again = await buildNodeTrustList(t.ctx, { url: (await nodePublicUrlOf(t.ctx)) ?? '' });
    expect(again.version).toBe(first.version);

    // A new URL: recorded, and exactly one new version however many lists are built.
    expect(await recordNodePublicUrl(t.ctx, 'https://zwfw.xinjiang.gov.cn')).toBe(true);
    expect(await nodePublicUrlOf(t.ctx)).toBe('https://zwfw.xinjiang.gov.cn');
    const moved = await buildNodeTrustList(t.ctx, { url: 'https://zwfw.xinjiang.gov.cn' });
    const movedAgain = await buildNodeTrustList(t.ctx, { url: 'https://zwfw.xinjiang.gov.cn' });
    expect(moved.node.url).toBe('https://zwfw.xinjiang.gov.cn');
    expect(moved.version).toBe(first.version + 1);
    expect(movedAgain.version).toBe(moved.version);
  });
});
