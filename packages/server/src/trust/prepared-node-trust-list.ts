/**
 * `preparedNodeTrustList`: this node's own trust list, verified against its own anchor, as
 * online verification judges codes and licences with (showing/verify-online.ts).
 *
 * Signing a list and verifying it again costs two signatures, a canonicalisation and the
 * import of every issuer key: far more than the verification it serves. So the prepared list
 * is kept per store and reused while
 *   (a) it was built from what the store holds now. One row tells: `trust_list_generation`
 *       (migration 0022) is bumped by triggers in the transaction of every write to a table
 *       the list is read from, so a kept list whose generation is still the stored one was
 *       built from the current content — a revoked issuer key stops verifying at the first
 *       request after the revocation committed, from whichever process it came. When the
 *       generation moved, the content is read again and its digest compared with the kept
 *       list's (a write that changed nothing of the list, e.g. a new relying party, costs no
 *       new signature);
 *   (b) it is well inside its validity (issued at or before now, and more than
 *       `REFRESH_BEFORE_EXPIRY_MS` before its expiry).
 */
import { exportSpkiPem, type PreparedTrustList, verifyTrustList } from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import type { Database } from '../store/database.js';
import { generationOf } from '../store/generation.js';
import { type NodeTrustListOptions, nodeTrustListContent, signNodeTrustList } from './build-node-trust-list.js';

/** A kept list is rebuilt this long before it expires (its lifetime is 24 h). */
export const REFRESH_BEFORE_EXPIRY_MS = 60 * 60 * 1000;

interface Kept {
  /** Content digest + anchor key id + node id: what the kept list was built from. */
  readonly key: string;
  readonly list: Promise<PreparedTrustList>;
  /** `trust_list_generation` read before the content was: the list is current while it is unchanged. */
  readonly generation: number | undefined;
  /** The node id and options the content was read with, and the secrets that opened the anchor key. */
  readonly reader: string;
  readonly secrets: AppContext['secrets'];
}

const kept = new WeakMap<Kysely<Database>, Kept>();

/** What a prepared list was made from: the signed document and the anchor that verified it. */
export interface TrustListSource {
  /** The signed list as JSON text. */
  readonly text: string;
  readonly nodeId: string;
  /** The anchor's public key, SPKI PEM. */
  readonly anchorPem: string;
}

const sources = new WeakMap<PreparedTrustList, TrustListSource>();

/**
 * The signed document and anchor a list from {@link preparedNodeTrustList} was verified from:
 * a verification thread verifies the same document against the same anchor to prepare its own
 * copy (keys imported in that thread). Undefined for any other list.
 *
 * @example const source = trustListSource(await preparedNodeTrustList(ctx));
 */
export function trustListSource(list: PreparedTrustList): TrustListSource | undefined {
  return sources.get(list);
}

function fresh(list: PreparedTrustList, now: Date): boolean {
  return (
    list.issuedAt.getTime() <= now.getTime() && now.getTime() < list.expiresAt.getTime() - REFRESH_BEFORE_EXPIRY_MS
  );
}

/** The last reader text made: a node serves its routes with one set of options, so one text, not one per request. */
let lastReader: (NodeTrustListOptions & { readonly nodeId: string; readonly text: string }) | undefined;

function readerOf(ctx: AppContext, options: NodeTrustListOptions): string {
  const last = lastReader;
  if (
    last !== undefined &&
    last.nodeId === ctx.nodeId &&
    last.name === options.name &&
    last.areaCode === options.areaCode &&
    last.url === options.url
  )
    return last.text;
  const text = JSON.stringify([ctx.nodeId, options.name ?? null, options.areaCode ?? null, options.url ?? null]);
  lastReader = { nodeId: ctx.nodeId, name: options.name, areaCode: options.areaCode, url: options.url, text };
  return text;
}

/** The kept list when it may be used now (built at `generation` for the same reader, still fresh). */
async function keptList(
  entry: Kept | undefined,
  now: Date,
  test: (entry: Kept) => boolean,
): Promise<PreparedTrustList | undefined> {
  if (entry === undefined || !test(entry)) return undefined;
  try {
    const list = await entry.list;
    return fresh(list, now) ? list : undefined;
  } catch {
    // A failed build is not kept: build again.
    return undefined;
  }
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
  const db = ctx.store.db;
  const now = ctx.now();
  const reader = readerOf(ctx, options);
  // Read before the content: a write landing in between moves it again, so the list built
  // below is at worst rebuilt once more, never kept past a change.
  const generation = await generationOf(db, 'trust_list_generation');
  const unchanged = await keptList(
    kept.get(db),
    now,
    (entry) =>
      generation !== undefined &&
      entry.generation === generation &&
      entry.reader === reader &&
      entry.secrets === ctx.secrets,
  );
  if (unchanged !== undefined) return unchanged;

  const current = await nodeTrustListContent(ctx, options);
  const key = `${ctx.nodeId}\n${current.anchor.publicKey.keyId}\n${current.digest}`;
  const entry = kept.get(db);
  const same = await keptList(entry, now, (e) => e.key === key);
  if (entry !== undefined && same !== undefined) {
    // Same content at a newer generation: keep the signed list, remember the generation.
    kept.set(db, { ...entry, generation, reader, secrets: ctx.secrets });
    return same;
  }
  const nodeId = ctx.nodeId;
  const list = signNodeTrustList(ctx, current).then(async (signed) => {
    const prepared = await verifyTrustList(signed, [{ nodeId, key: current.anchor.publicKey }], {
      at: now,
      // Node's own crypto (synchronous OpenSSL), not WebCrypto's job queue: the licence and show-code
      // signatures of every online verification are checked with these keys.
      provider: ctx.cryptoProvider,
    });
    sources.set(prepared, { text: JSON.stringify(signed), nodeId, anchorPem: exportSpkiPem(current.anchor.publicKey) });
    return prepared;
  });
  // Concurrent misses of the same content share this build.
  kept.set(db, { key, list, generation, reader, secrets: ctx.secrets });
  return list;
}
