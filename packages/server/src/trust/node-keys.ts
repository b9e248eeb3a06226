/**
 * The node's own keys, created at first use and kept in `node_keys`, private halves sealed
 * under the master key (AES-256-GCM, `secrets/`) like issuer keys, so a database dump alone
 * cannot sign a trust list or a show code:
 *   - `trust-list`: signs the node's trust list; its public key is the anchor verifiers pin;
 *   - `showing`: signs show codes (亮证码); listed in the trust list's `showingKeys`.
 * Two keys, not one: a leaked showing key (hot, used per scan) must not be able to sign a
 * trust list that vouches for forged issuers. Ed25519 for both: show codes are verified on
 * phones and gates where Ed25519 is everywhere, and its 64-byte signatures keep the QR small.
 */
import {
  exportPkcs8Der,
  exportPublicJwk,
  generateSigningKey,
  importSigningKeyPkcs8,
  type SigningKey,
  type VerificationKey,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { nodeKeyAssociatedData } from '../secrets/sealed-columns.js';
import { isSealedUnderPrevious, openSealedValue, sealValue } from '../secrets/sealed-value.js';

export const NODE_KEY_PURPOSES = ['trust-list', 'showing'] as const;
export type NodeKeyPurpose = (typeof NODE_KEY_PURPOSES)[number];

/** One of the node's keys, opened. */
export interface NodeKey {
  readonly purpose: NodeKeyPurpose;
  readonly signingKey: SigningKey;
  readonly publicKey: VerificationKey;
  /** When the key was made: the start of its validity in the trust list. */
  readonly createdAt: Date;
}

export { nodeKeyAssociatedData };

const opened = new WeakMap<object, Map<string, NodeKey>>();

/**
 * The node key of `purpose`, made on first use (a concurrent first start keeps the first
 * row written: the insert does nothing on conflict and the row is read back).
 *
 * @example const { signingKey } = await ensureNodeKey(ctx, 'showing');
 */
export async function ensureNodeKey(
  ctx: Pick<AppContext, 'store' | 'secrets' | 'now' | 'cryptoProvider'>,
  purpose: NodeKeyPurpose,
): Promise<NodeKey> {
  // Keyed by the secrets too: a context holding another master key must open the row itself (and fail).
  const cache = opened.get(ctx.secrets) ?? new Map<string, NodeKey>();
  opened.set(ctx.secrets, cache);
  const db = ctx.store.db;
  const read = () => db.selectFrom('node_keys').selectAll().where('purpose', '=', purpose).executeTakeFirst();
  let row = await read();
  if (row === undefined) {
    const key = await generateSigningKey('ed25519', { provider: ctx.cryptoProvider });
    await db
      .insertInto('node_keys')
      .values({
        purpose,
        key_id: key.keyId,
        suite: key.suite,
        public_jwk: JSON.stringify(exportPublicJwk(key)),
        sealed_private_key: sealValue(
          ctx.secrets,
          'key-encryption',
          exportPkcs8Der(key),
          nodeKeyAssociatedData(purpose, key.keyId),
        ),
        master_key_id: ctx.secrets.masterKeyId,
        created_at: ctx.now().toISOString(),
      })
      .onConflict((conflict) => conflict.column('purpose').doNothing())
      .execute();
    row = await read();
    if (row === undefined) throw new Error(`node key ${purpose} vanished after its insert`);
  }
  const cached = cache.get(`${ctx.store.dialect}:${purpose}:${row.key_id}:${row.sealed_private_key}`);
  if (cached !== undefined) return cached;
  const pkcs8 = openSealedValue(
    ctx.secrets,
    'key-encryption',
    row.sealed_private_key,
    nodeKeyAssociatedData(purpose, row.key_id),
  );
  // A master-key rotation re-seals `node_keys` (a row of `SEALED_COLUMNS`). A row left under
  // the previous key (one rotated before node_keys joined SEALED_COLUMNS) is re-sealed here, on
  // first use, while that key is still held (HUTONG_MASTER_KEY_PREVIOUS / master.key.previous).
  if (isSealedUnderPrevious(ctx.secrets, row.sealed_private_key)) {
    await db
      .updateTable('node_keys')
      .set({
        sealed_private_key: sealValue(ctx.secrets, 'key-encryption', pkcs8, nodeKeyAssociatedData(purpose, row.key_id)),
        master_key_id: ctx.secrets.masterKeyId,
      })
      .where('purpose', '=', purpose)
      .where('sealed_private_key', '=', row.sealed_private_key)
      .execute();
  }
  const signingKey = await importSigningKeyPkcs8(pkcs8, { provider: ctx.cryptoProvider });
  const key: NodeKey = { purpose, signingKey, publicKey: signingKey.publicKey, createdAt: new Date(row.created_at) };
  cache.set(`${ctx.store.dialect}:${purpose}:${row.key_id}:${row.sealed_private_key}`, key);
  return key;
}
