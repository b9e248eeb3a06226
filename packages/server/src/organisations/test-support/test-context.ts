/**
 * Test-only: an `AppContext` on a fresh, migrated store of either engine, with a clock the
 * test moves and a random master key — the real components, nothing stubbed.
 */
import { randomBytes } from 'node:crypto';
import { type AppContext, createAppContext } from '../../app-context.js';
import { createSecrets } from '../../secrets/secrets.js';
import { migrateToLatest } from '../../store/migrate.js';
import { openStore } from '../../store/store.js';
import type { TestDatabase } from '../../test-support/databases.js';

export interface TestClock {
  now(): Date;
  set(iso: string): void;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

export function testClock(start = '2026-03-01T08:00:00.000Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current.getTime()),
    set: (iso) => {
      current = new Date(iso);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface TestContext {
  readonly ctx: AppContext;
  readonly clock: TestClock;
  readonly database: TestDatabase;
  readonly masterKey: Uint8Array;
  close(): Promise<void>;
}

/**
 * @example const { ctx, clock, close } = await openTestContext(createTestSqliteDatabase);
 */
export async function openTestContext(create: () => Promise<TestDatabase>): Promise<TestContext> {
  const database = await create();
  const store = await openStore(database.location);
  await migrateToLatest(store.db);
  const clock = testClock();
  const masterKey = new Uint8Array(randomBytes(32));
  const ctx = createAppContext({ store, nodeId: 'test-node', secrets: createSecrets(masterKey), now: clock.now });
  return {
    ctx,
    clock,
    database,
    masterKey,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/** Valid USCCs (GB 32100 check characters computed by core) for test organisations. */
export const TEST_USCC = {
  /** 11 = a state organ (机关), Xinjiang. */
  police: '116500000100000122',
  market: '11650000010000020W',
  health: '11650000010000039R',
  housing: '11650000010000047L',
  /** 91 = an enterprise: a relying party (a hotel). */
  hotel: '91650100MA00000159',
  /** 12 = a public institution (事业单位). */
  hospital: '126500004500000161',
} as const;

/** A department input for `createOrganisation`. */
export function departmentInput(code: string, zh = '测试部门', en = 'Test Department') {
  return { code, name: { zh, en }, kind: 'department', level: 'provincial', areaCode: '650000' } as const;
}

/** The error code of a rejected promise (tests assert on codes). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** The error of a rejected promise, to check its code and field. */
export async function errorOf(promise: Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: unknown; field?: unknown };
    if (typeof e.code === 'string') return { code: e.code, field: typeof e.field === 'string' ? e.field : undefined };
    throw error;
  }
  throw new Error('expected a rejection');
}
