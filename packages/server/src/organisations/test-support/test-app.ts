/**
 * Test-only: the real app (auth plugin and all) over a fresh, migrated store, with the test
 * clock, plus real principals from `test-support/principals.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/build-app.js';
import type { TestDatabase } from '../../test-support/databases.js';
import { createTestClient, createTestStaff, type TestStaff } from '../../test-support/principals.js';
import { openTestContext, type TestContext } from './test-context.js';

export interface TestApp extends TestContext {
  readonly app: FastifyInstance;
  /** A signed-in staff user with these roles (cached per role set). */
  staff(...roles: Array<'catalogue-admin' | 'department-operator' | 'auditor' | 'platform-admin'>): Promise<TestStaff>;
  /** `Bearer …` of a client with these scopes. */
  client(
    ...scopes: Array<'licence:issue' | 'licence:status' | 'licence:read' | 'verify' | 'catalogue:admin' | 'audit:read'>
  ): Promise<string>;
}

export async function openTestApp(create: () => Promise<TestDatabase>): Promise<TestApp> {
  const t = await openTestContext(create);
  const app = await buildApp({
    store: t.ctx.store,
    nodeId: t.ctx.nodeId,
    context: t.ctx,
    webRoot: '/nonexistent',
    auth: { rateLimit: false },
  });
  const staffByRoles = new Map<string, TestStaff>();
  const clients = new Map<string, string>();
  return {
    ...t,
    app,
    async staff(...roles) {
      const key = roles.join(' ');
      let member = staffByRoles.get(key);
      if (member === undefined) {
        member = await createTestStaff(t.ctx, { roles });
        staffByRoles.set(key, member);
      }
      return member;
    },
    async client(...scopes) {
      const key = scopes.join(' ');
      let authorization = clients.get(key);
      if (authorization === undefined) {
        authorization = (await createTestClient(t.ctx, { scopes })).authorization;
        clients.set(key, authorization);
      }
      return authorization;
    },
    close: async () => {
      await app.close();
      await t.close();
    },
  };
}
