/**
 * The node's name in its trust list is the name of the organisation that runs it, not its UUID
 * (verifiers show it to people); unset, the id as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/create-organisation.js';
import {
  codeOf,
  departmentInput,
  openTestContext,
  TEST_USCC,
  type TestContext,
} from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { buildNodeTrustList } from './build-node-trust-list.js';
import { nodeOperatorOf, setNodeOperator } from './node-operator.js';

describe.each(TEST_DATABASES)('the organisation that runs the node on $dialect', ({ create }) => {
  let t: TestContext;

  beforeEach(async () => {
    t = await openTestContext(create);
    await createOrganisation(
      t.ctx,
      {
        ...departmentInput(TEST_USCC.police, '新疆维吾尔自治区政务服务中心', 'Xinjiang Government Services Centre'),
        areaCode: '650100',
      },
      { actor: 'system' },
    );
  }, 60_000);

  afterEach(async () => {
    await t.close();
  }, 60_000);

  it('names the node by its id until an operator is recorded, then by the operator’s name and area', async () => {
    const before = await buildNodeTrustList(t.ctx);
    expect(before.node).toMatchObject({ id: t.ctx.nodeId, name: t.ctx.nodeId, areaCode: '100000' });
    expect(await nodeOperatorOf(t.ctx)).toBeUndefined();

    await setNodeOperator(t.ctx, TEST_USCC.police);
    const after = await buildNodeTrustList(t.ctx);
    expect(after.node).toMatchObject({ id: t.ctx.nodeId, name: '新疆维吾尔自治区政务服务中心', areaCode: '650100' });
    // The content changed, so the list is a new version.
    expect(after.version).toBeGreaterThan(before.version);
    // A name given by the caller still wins.
    expect((await buildNodeTrustList(t.ctx, { name: '自定义' })).node.name).toBe('自定义');
  });

  it('refuses an organisation the registry does not know, and a malformed code, recording nothing', async () => {
    expect(await codeOf(setNodeOperator(t.ctx, TEST_USCC.market))).toBe('ERR_ORGANISATIONS_NOT_FOUND');
    expect(await codeOf(setNodeOperator(t.ctx, 'not-a-uscc'))).toMatch(/^ERR_/);
    expect(await nodeOperatorOf(t.ctx)).toBeUndefined();
    expect((await buildNodeTrustList(t.ctx)).node.name).toBe(t.ctx.nodeId);
  });
});
