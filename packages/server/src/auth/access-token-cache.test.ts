/**
 * The access-token cache (auth/access-token.ts) is exact: a principal is answered from memory
 * only while `auth_generation` (migration 0020) has not moved, so a revocation, a disabled
 * client or narrowed scopes take effect on the very next request — also when the change comes
 * through another connection (another process). SQLite and PostgreSQL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibraryTestStore, openLibraryTestStore } from '../library/test-support/library-store.js';
import { openStore, type Store } from '../store/store.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { useStoreBeforeMigration } from '../test-support/migrations.js';
import { createTestClient, createTestContext } from '../test-support/principals.js';
import { accessTokenCacheStats, hashToken, resolveAccessToken, revokeAccessToken } from './access-token.js';

const HOOK_TIMEOUT = 120_000;
const NOW = new Date();

describe.each(TEST_DATABASES)('access-token cache on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let other: Store;

  beforeAll(async () => {
    t = await openLibraryTestStore(create);
    // Another connection to the same store: what another process (the CLI, a second server) writes through.
    other = await openStore(t.database.location);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await other?.close();
    await t?.close();
  }, HOOK_TIMEOUT);

  async function newClient() {
    return createTestClient(createTestContext(t.store), { scopes: ['verify', 'licence:read'] });
  }

  it('answers a known token from memory while nothing changed', async () => {
    const client = await newClient();
    const first = await resolveAccessToken(t.store.db, client.token, NOW);
    const before = accessTokenCacheStats(t.store.db);
    const second = await resolveAccessToken(t.store.db, client.token, NOW);
    expect(second).toEqual(first);
    expect(second).toMatchObject({ kind: 'client', clientId: client.clientId, scopes: ['verify', 'licence:read'] });
    expect(accessTokenCacheStats(t.store.db)?.hits).toBe((before?.hits ?? 0) + 1);
    // Past its expiry a kept token is refused like a stored one.
    expect(await resolveAccessToken(t.store.db, client.token, new Date(NOW.getTime() + 3_600_000))).toBeUndefined();
  });

  it('judges the expiry of a kept token to the millisecond, and keeps none whose expiry is not toISOString text', async () => {
    const client = await newClient();
    const row = await t.store.db
      .selectFrom('access_tokens')
      .select('expires_at')
      .where('token_hash', '=', hashToken(client.token))
      .executeTakeFirstOrThrow();
    const expiry = Date.parse(row.expires_at);
    expect(await resolveAccessToken(t.store.db, client.token, NOW)).toBeDefined();
    const before = accessTokenCacheStats(t.store.db)?.hits ?? 0;
    expect(await resolveAccessToken(t.store.db, client.token, new Date(expiry - 1))).toBeDefined();
    expect(await resolveAccessToken(t.store.db, client.token, new Date(expiry))).toBeUndefined();
    expect(accessTokenCacheStats(t.store.db)?.hits).toBe(before + 2);

    // The same instant written another way (no milliseconds): answered, never from memory.
    await other.db
      .updateTable('access_tokens')
      .set({ expires_at: new Date(expiry).toISOString().replace(/\.\d{3}Z$/, 'Z') })
      .where('token_hash', '=', hashToken(client.token))
      .execute();
    const misses = accessTokenCacheStats(t.store.db)?.misses ?? 0;
    expect(await resolveAccessToken(t.store.db, client.token, NOW)).toBeDefined();
    expect(await resolveAccessToken(t.store.db, client.token, NOW)).toBeDefined();
    expect(accessTokenCacheStats(t.store.db)?.misses).toBe(misses + 2);
  });

  it('refuses a token revoked through another connection on the very next request', async () => {
    const client = await newClient();
    expect(await resolveAccessToken(t.store.db, client.token, NOW)).toBeDefined();
    expect(await resolveAccessToken(t.store.db, client.token, NOW)).toBeDefined(); // kept
    expect(await revokeAccessToken(other.db, client.clientId, client.token, NOW)).toBe(true);
    expect(await resolveAccessToken(t.store.db, client.token, NOW)).toBeUndefined();
  });

  it('refuses the token of a client disabled through another connection, and narrows scopes at once', async () => {
    const disabled = await newClient();
    const narrowed = await newClient();
    for (const c of [disabled, narrowed]) await resolveAccessToken(t.store.db, c.token, NOW);
    await other.db.updateTable('api_clients').set({ status: 'disabled' }).where('id', '=', disabled.clientId).execute();
    expect(await resolveAccessToken(t.store.db, disabled.token, NOW)).toBeUndefined();
    await other.db
      .updateTable('api_clients')
      .set({ scopes: JSON.stringify(['verify']) })
      .where('id', '=', narrowed.clientId)
      .execute();
    expect((await resolveAccessToken(t.store.db, narrowed.token, NOW))?.scopes).toEqual(['verify']);
  });

  it('is not moved by a rolled-back change', async () => {
    const generation = async () =>
      Number(
        (
          await t.store.db
            .selectFrom('auth_generation')
            .select('generation')
            .where('id', '=', 1)
            .executeTakeFirstOrThrow()
        ).generation,
      );
    const before = await generation();
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('api_clients').set({ status: 'disabled' }).execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await generation()).toBe(before);
  });
});

describe.each(TEST_DATABASES)('migration 0020-auth-generation on $dialect', ({ create }) => {
  const at = useStoreBeforeMigration(create, '0020-auth-generation');

  it('starts the generation on a store with clients and tokens, and bumps it on every later write to them', async () => {
    const db = at.db;
    const now = NOW.toISOString();
    await db
      .insertInto('api_clients')
      .values({
        id: 'c-old',
        name: 'written before 0020',
        organisation_code: '91350100M000100Y43',
        kind: 'department',
        scopes: '["verify"]',
        licence_types: '"*"',
        secret_hash: null,
        public_keys: '[]',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const token = 'A'.repeat(43);
    await db
      .insertInto('access_tokens')
      .values({
        token_hash: hashToken(token),
        client_id: 'c-old',
        scopes: '["verify"]',
        issued_at: now,
        expires_at: new Date(NOW.getTime() + 600_000).toISOString(),
        revoked_at: null,
      })
      .execute();
    await at.migrate();
    const generation = async () =>
      Number(
        (await sql<{ g: number | string }>`select generation as g from auth_generation where id = 1`.execute(db))
          .rows[0]?.g,
      );
    expect(await generation()).toBe(1);
    // The token written before the migration still resolves, then stops at its revocation.
    expect(await resolveAccessToken(at.store.db, token, NOW)).toMatchObject({ clientId: 'c-old', scopes: ['verify'] });
    await revokeAccessToken(at.store.db, 'c-old', token, NOW);
    expect(await generation()).toBeGreaterThan(1);
    expect(await resolveAccessToken(at.store.db, token, NOW)).toBeUndefined();
    const afterRevocation = await generation();
    await db.updateTable('api_clients').set({ name: 'renamed' }).where('id', '=', 'c-old').execute();
    expect(await generation()).toBeGreaterThan(afterRevocation);
  });
});
