/**
 * `preparedNodeTrustList`: this node's own trust list, verified against its own anchor, as
 * online verification judges codes and licences with (showing/verify-online.ts).
 *
 * Signing a list and verifying it again costs two signatures, a canonicalisation and the
 * import of every issuer key: far more than the verification it serves. So the prepared list
 * is kept per store and reused while (a) the content read from the store now has the digest
 * of the list kept — any change of an issuer key (rotation, revocation), a responsibility, the
 * showing key or the log keys changes the digest, so a revoked key stops verifying at once,
 * exactly as before — and (b) it is well inside its validity (issued at or before now, and
 * more than `REFRESH_BEFORE_EXPIRY_MS` before its expiry). The content is read every time;
 * only the signing and the verification are saved.
 */
import { type PreparedTrustList, verifyTrustList } from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import type { Database } from '../store/database.js';
import { type NodeTrustListOptions, nodeTrustListContent, signNodeTrustList } from './build-node-trust-list.js';

/** A kept list is rebuilt this long before it expires (its lifetime is 24 h). */
export const REFRESH_BEFORE_EXPIRY_MS = 60 * 60 * 1000;

interface Kept {
  /** Content digest + anchor key id + node id: what the kept list was built from. */
  readonly key: string;
  readonly list: Promise<PreparedTrustList>;
}

const kept = new WeakMap<Kysely<Database>, Kept>();

function fresh(list: PreparedTrustList, now: Date): boolean {
  return (
    list.issuedAt.getTime() <= now.getTime() && now.getTime() < list.expiresAt.getTime() - REFRESH_BEFORE_EXPIRY_MS
  );
}

/**
 * The node's current trust list, verified against its anchor (the checks an offline verifier runs).
 *
 * @example const trustList = await preparedNodeTrustList(ctx, { url: publicUrl }); await verifyShowCode(code, trustList, { now });
 */
export async function preparedNodeTrustList(
  ctx: AppContext,
  options: NodeTrustListOptions = {},
): Promise<PreparedTrustList> {
  const current = await nodeTrustListContent(ctx, options);
  const key = `${ctx.nodeId}\n${current.anchor.publicKey.keyId}\n${current.digest}`;
  const now = ctx.now();
  const entry = kept.get(ctx.store.db);
  if (entry !== undefined && entry.key === key) {
    try {
      const list = await entry.list;
      if (fresh(list, now)) return list;
    } catch {
      // A failed build is not kept: build again below.
    }
  }
  const list = signNodeTrustList(ctx, current).then((signed) =>
    verifyTrustList(signed, [{ nodeId: ctx.nodeId, key: current.anchor.publicKey }], {
      at: now,
      // Node's own crypto (synchronous OpenSSL), not WebCrypto's job queue: the licence and show-code
      // signatures of every online verification are checked with these keys.
      provider: ctx.cryptoProvider,
    }),
  );
  // Concurrent misses of the same content share this build.
  kept.set(ctx.store.db, { key, list });
  return list;
}
