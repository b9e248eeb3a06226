import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../app-context.js';
import { createStaffUser, totpSecretOf } from '../auth/staff-users.js';
import { generateIssuerKey } from '../keys/generate-issuer-key.js';
import { getIssuerSigningKey } from '../keys/get-issuer-signing-key.js';
import { ensureLogKeys } from '../log/log-keys.js';
import { createSubscription, webhookSecretOf } from '../notifications/create-subscription.js';
import { createOrganisation } from '../organisations/create-organisation.js';
import {
  departmentInput,
  errorOf,
  openTestContext,
  TEST_USCC,
  type TestContext,
} from '../organisations/test-support/test-context.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { createTestSqliteDatabase, TEST_DATABASES } from '../test-support/databases.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { rotateMasterKey } from './rotate-master-key.js';
import { rotateMasterKeyFile } from './rotate-master-key-file.js';
import {
  createSecrets,
  loadSecrets,
  MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEYS_FILE,
  type Secrets,
  STAGED_MASTER_KEY_FILE,
} from './secrets.js';

const by = { actor: 'system' };

describe.each(TEST_DATABASES)('master key rotation on $dialect', ({ create }) => {
  let t: TestContext;
  const opened: Store[] = [];

  beforeEach(async () => {
    t = await openTestContext(create);
    await createOrganisation(t.ctx, departmentInput(TEST_USCC.police), by);
    await createOrganisation(t.ctx, departmentInput(TEST_USCC.market), by);
    await generateIssuerKey(t.ctx, TEST_USCC.police, { suite: 'ed25519' }, by);
    await generateIssuerKey(t.ctx, TEST_USCC.market, { suite: 'sm2-sm3' }, by);
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await t.close();
  });

  /** A context on a second connection (no cached prepared keys) holding only `secrets`. */
  async function freshContext(secrets: Secrets) {
    const store = await openStore(t.database.location);
    opened.push(store);
    return createAppContext({ store, nodeId: 'n', secrets, now: t.clock.now });
  }

  async function masterKeyIds(): Promise<string[]> {
    const rows = await t.ctx.store.db
      .selectFrom('issuer_keys')
      .select(['master_key_id', 'sealed_private_key'])
      .orderBy('key_id')
      .execute();
    return rows.map((row) => {
      expect(row.sealed_private_key?.split('.')[1]).toBe(row.master_key_id);
      return row.master_key_id ?? '';
    });
  }

  it('re-seals every private key under the new key in one go; the new key alone then opens them', async () => {
    const newKey = new Uint8Array(randomBytes(32));
    const rotation = await rotateMasterKey(t.ctx, newKey);
    expect(rotation.rewrapped).toEqual({
      issuer_keys: 2,
      staff_users: 0,
      log_keys: 0,
      node_keys: 0,
      webhook_subscriptions: 0,
    });
    expect(rotation.remaining).toBe(0);
    expect(rotation.secrets.previous.map((s) => s.masterKeyId)).toEqual([t.ctx.secrets.masterKeyId]);
    expect(await masterKeyIds()).toEqual([rotation.masterKeyId, rotation.masterKeyId]);

    const onlyNew = await freshContext(createSecrets(newKey));
    expect((await getIssuerSigningKey(onlyNew, TEST_USCC.market)).suite).toBe('sm2-sm3');
    const onlyOld = await freshContext(createSecrets(t.masterKey));
    expect((await errorOf(getIssuerSigningKey(onlyOld, TEST_USCC.police))).code).toBe('ERR_SECRETS_MASTER_KEY_UNKNOWN');
    const audit = await t.ctx.store.db
      .selectFrom('audit_records')
      .select('action')
      .where('action', '=', 'secrets.rotated')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('is resumable: a value sealed under the old key meanwhile is re-sealed by running it again', async () => {
    const newKey = new Uint8Array(randomBytes(32));
    const first = await rotateMasterKey(t.ctx, newKey);
    // A process still on the old key generates a key after the rotation committed.
    await createOrganisation(t.ctx, departmentInput(TEST_USCC.health), by);
    await generateIssuerKey(t.ctx, TEST_USCC.health, { suite: 'ed25519' }, by);
    const second = await rotateMasterKey(t.ctx, newKey);
    expect(second.rewrapped).toEqual({
      issuer_keys: 1,
      staff_users: 0,
      log_keys: 0,
      node_keys: 0,
      webhook_subscriptions: 0,
    });
    expect(new Set(await masterKeyIds())).toEqual(new Set([first.masterKeyId]));
    // Old and new coexist during the rotation: the rotated secrets open every row.
    const both = await freshContext(first.secrets);
    for (const code of [TEST_USCC.police, TEST_USCC.market, TEST_USCC.health]) {
      await expect(getIssuerSigningKey(both, code)).resolves.toBeDefined();
    }
  });

  it('changes nothing when one row cannot be opened', async () => {
    const before = await masterKeyIds();
    const row = await t.ctx.store.db
      .selectFrom('issuer_keys')
      .select(['key_id', 'sealed_private_key'])
      .where('issuer_code', '=', TEST_USCC.market)
      .executeTakeFirstOrThrow();
    const sealed = row.sealed_private_key ?? '';
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
    await t.ctx.store.db
      .updateTable('issuer_keys')
      .set({ sealed_private_key: tampered })
      .where('key_id', '=', row.key_id)
      .execute();
    expect((await errorOf(rotateMasterKey(t.ctx, new Uint8Array(randomBytes(32))))).code).toBe(
      'ERR_SECRETS_DECRYPT_FAILED',
    );
    expect(await masterKeyIds()).toEqual(before);
    expect(
      await t.ctx.store.db
        .selectFrom('audit_records')
        .select('action')
        .where('action', '=', 'secrets.rotated')
        .execute(),
    ).toEqual([]);
  });

  it('re-seals every sealed column of the schema: staff TOTP secrets, the log’s note keys and the node’s keys too', async () => {
    const { user } = await createStaffUser(
      t.ctx,
      {
        username: 'rotation-admin',
        password: 'correct horse battery',
        roles: ['platform-admin'],
        organisationCode: null,
      },
      by,
    );
    await ensureLogKeys(t.ctx, { origin: 'test.example/log', witnessName: 'test.example/witness', sm2: true });
    const logKeyCount = (await t.ctx.store.db.selectFrom('log_keys').select('purpose').execute()).length;
    const trustListKey = await ensureNodeKey(t.ctx, 'trust-list');
    await ensureNodeKey(t.ctx, 'showing');
    const subscriber = { clientId: 'rp', licenceTypes: '*' } as const;
    const hook = { url: 'https://rp.example/hook' };
    const sealedHook = await createSubscription(t.ctx.store.db, t.ctx.secrets, subscriber, hook, t.clock.now());
    // A subscription written in clear before migration 0021 and never sealed by a start.
    const clearHook = await createSubscription(t.ctx.store.db, t.ctx.secrets, subscriber, hook, t.clock.now());
    await t.ctx.store.db
      .updateTable('webhook_subscriptions')
      .set({ secret: clearHook.secret, master_key_id: null })
      .where('id', '=', clearHook.id)
      .execute();
    const newKey = new Uint8Array(randomBytes(32));
    const rotation = await rotateMasterKey(t.ctx, newKey);
    expect(rotation.rewrapped).toEqual({
      issuer_keys: 2,
      staff_users: 1,
      log_keys: logKeyCount,
      node_keys: 2,
      webhook_subscriptions: 2,
    });
    expect(rotation.remaining).toBe(0);
    // Only the new key is held from here on: each domain still opens its own values.
    const onlyNew = await freshContext(createSecrets(newKey));
    const row = await onlyNew.store.db
      .selectFrom('staff_users')
      .select(['id', 'totp_secret'])
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(totpSecretOf(onlyNew, row).length).toBeGreaterThan(0);
    await expect(
      ensureLogKeys(onlyNew, { origin: 'test.example/log', witnessName: 'test.example/witness', sm2: true }),
    ).resolves.toBeDefined();
    // The node's keys open under the new key alone, and stay the same keys (the trust anchor holds).
    const reopened = await ensureNodeKey(onlyNew, 'trust-list');
    expect(reopened.signingKey.keyId).toBe(trustListKey.signingKey.keyId);
    await expect(ensureNodeKey(onlyNew, 'showing')).resolves.toBeDefined();
    // Both webhook secrets, the one sealed at creation and the one that was clear, open under the new key alone.
    const hooks = await onlyNew.store.db.selectFrom('webhook_subscriptions').selectAll().execute();
    const opened = Object.fromEntries(hooks.map((h) => [h.id, webhookSecretOf(onlyNew.secrets, h)]));
    expect(opened).toEqual({ [sealedHook.id]: sealedHook.secret, [clearHook.id]: clearHook.secret });
    expect(hooks.every((h) => h.master_key_id === onlyNew.secrets.masterKeyId)).toBe(true);
  });

  it('refuses to rotate to the current key', async () => {
    expect((await errorOf(rotateMasterKey(t.ctx, t.masterKey))).code).toBe('ERR_SECRETS_ROTATION_SAME_KEY');
  });
});

describe('rotation of a file-held master key', () => {
  it('stages the new key, re-seals, keeps the old key and swaps the file; a crash before the swap loses nothing', async () => {
    const database = await createTestSqliteDatabase();
    const store = await openStore(database.location);
    try {
      await migrateToLatest(store.db);
      const dataDir = database.dataDir;
      const secrets = loadSecrets({ dataDir });
      const masterFile = join(dataDir, MASTER_KEY_FILE);
      expect(statSync(masterFile).mode & 0o777).toBe(0o600);
      const ctx = createAppContext({ store, nodeId: 'n', secrets });
      await createOrganisation(ctx, departmentInput(TEST_USCC.police), by);
      await generateIssuerKey(ctx, TEST_USCC.police, { suite: 'ed25519' }, by);
      const oldText = readFileSync(masterFile, 'utf8');

      // A crash after staging and re-sealing, before the swap: simulated by staging a key and
      // rotating the rows to it by hand.
      const staged = new Uint8Array(randomBytes(32));
      writeFileSync(join(dataDir, STAGED_MASTER_KEY_FILE), `${Buffer.from(staged).toString('base64url')}\n`, {
        mode: 0o600,
      });
      await rotateMasterKey(ctx, staged);
      const afterCrash = loadSecrets({ dataDir });
      expect(afterCrash.masterKeyId).toBe(secrets.masterKeyId);
      const reopened = await openStore(database.location);
      try {
        const crashed = createAppContext({ store: reopened, nodeId: 'n', secrets: afterCrash });
        await expect(getIssuerSigningKey(crashed, TEST_USCC.police)).resolves.toBeDefined();
        // Running the rotation again finishes it with the staged key.
        const rotation = await rotateMasterKeyFile(crashed, { dataDir });
        expect(rotation.masterKeyId).toBe(createSecrets(staged).masterKeyId);
      } finally {
        await reopened.close();
      }
      expect(existsSync(join(dataDir, STAGED_MASTER_KEY_FILE))).toBe(false);
      expect(readFileSync(join(dataDir, PREVIOUS_MASTER_KEYS_FILE), 'utf8')).toBe(oldText);
      expect(statSync(join(dataDir, PREVIOUS_MASTER_KEYS_FILE)).mode & 0o777).toBe(0o600);
      const next = loadSecrets({ dataDir });
      expect(next.masterKeyId).toBe(createSecrets(staged).masterKeyId);
      expect(next.previous.map((s) => s.masterKeyId)).toContain(secrets.masterKeyId);

      // And a plain rotation from there: a fresh key, the file replaced again.
      const again = await rotateMasterKeyFile(createAppContext({ store, nodeId: 'n', secrets: next }), { dataDir });
      expect(again.rewrapped).toEqual({
        issuer_keys: 1,
        staff_users: 0,
        log_keys: 0,
        node_keys: 0,
        webhook_subscriptions: 0,
      });
      expect(loadSecrets({ dataDir }).masterKeyId).toBe(again.masterKeyId);
      const last = await openStore(database.location);
      try {
        const onlyNewest = createAppContext({
          store: last,
          nodeId: 'n',
          secrets: createSecrets(Buffer.from(readFileSync(masterFile, 'utf8').trim(), 'base64url')),
        });
        await expect(getIssuerSigningKey(onlyNewest, TEST_USCC.police)).resolves.toBeDefined();
      } finally {
        await last.close();
      }
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('refuses when the master key comes from the environment', async () => {
    const database = await createTestSqliteDatabase();
    const store = await openStore(database.location);
    try {
      const env = { HUTONG_MASTER_KEY: Buffer.from(randomBytes(32)).toString('base64url') };
      const ctx = createAppContext({ store, nodeId: 'n', secrets: loadSecrets({ dataDir: database.dataDir, env }) });
      expect((await errorOf(rotateMasterKeyFile(ctx, { dataDir: database.dataDir, env }))).code).toBe(
        'ERR_SECRETS_MASTER_KEY_FROM_ENV',
      );
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
