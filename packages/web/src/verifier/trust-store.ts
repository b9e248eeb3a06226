/**
 * The trust list an offline verifier checks show codes against: fetched from the node when
 * there is a network, verified against the node's anchor (pinned on first use), and kept in
 * this browser's storage so the verifier keeps working without a network until the list's
 * own expiry (`expiresAt`, signed into it).
 */
import {
  type AcceptedTrustList,
  importVerificationKeyJwk,
  type PreparedTrustList,
  type TrustAnchor,
  verifyTrustList,
} from '@hutong/core';

/** Where the pinned anchor and the last accepted list live (localStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The node's trust anchor as `GET /api/v1/trust-list/anchor` serves it. */
export interface AnchorDocument {
  readonly nodeId: string;
  readonly keyId: string;
  readonly publicKeyJwk: unknown;
}

/** Reads the anchor and the list from the node; rejects when the node cannot be reached. */
export interface TrustSource {
  readonly anchor: () => Promise<unknown>;
  readonly list: () => Promise<unknown>;
}

export interface TrustState {
  readonly prepared: PreparedTrustList;
  /** `network`: fetched just now; `cache`: the node could not be reached, the stored list is used. */
  readonly source: 'network' | 'cache';
  /** When the list in use was fetched from the node (RFC 3339). */
  readonly fetchedAt: string;
}

/** Why no trust list can be used: the node cannot be reached and nothing usable is stored, or the list is refused. */
export class TrustUnavailableError extends Error {
  constructor(
    readonly reason: 'no-cache' | 'refused',
    override readonly cause?: unknown,
  ) {
    super(reason);
    this.name = 'TrustUnavailableError';
  }
}

export const ANCHOR_KEY = 'hutong.verifier.anchor';
export const LIST_KEY = 'hutong.verifier.trustList';

interface StoredList {
  readonly list: unknown;
  readonly fetchedAt: string;
  /** What rollback protection compares a newer list with. */
  readonly accepted: AcceptedTrustList;
}

function isAnchor(value: unknown): value is AnchorDocument {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.nodeId === 'string' && typeof v.keyId === 'string' && typeof v.publicKeyJwk === 'object';
}

function readJson(store: KeyValueStore, key: string): unknown {
  const text = store.getItem(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readStoredList(store: KeyValueStore): StoredList | undefined {
  const value = readJson(store, LIST_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const accepted = v.accepted as Record<string, unknown> | null | undefined;
  if (typeof v.fetchedAt !== 'string' || v.list === undefined || typeof accepted !== 'object' || accepted === null) {
    return undefined;
  }
  const node = accepted.node as Record<string, unknown> | null | undefined;
  if (typeof node?.id !== 'string' || typeof accepted.version !== 'number' || typeof accepted.digest !== 'string') {
    return undefined;
  }
  return {
    list: v.list,
    fetchedAt: v.fetchedAt,
    accepted: { node: { id: node.id }, version: accepted.version, digest: accepted.digest },
  };
}

async function toTrustAnchor(anchor: AnchorDocument): Promise<TrustAnchor> {
  const key = await importVerificationKeyJwk(anchor.publicKeyJwk);
  if (key.keyId !== anchor.keyId)
    throw new Error(`the anchor's key id ${anchor.keyId} is not its key's (${key.keyId})`);
  return { nodeId: anchor.nodeId, key };
}

/**
 * The trust list to verify with now. With a network: the node's current list, verified
 * against the pinned anchor (the first anchor seen is pinned; a list signed by another
 * anchor is refused, and so is a lower version than the one accepted before), stored for
 * later. Without: the stored list, verified again (so an expired one is refused).
 *
 * @example const trust = await loadTrust(httpTrustSource(), window.localStorage, new Date());
 */
export async function loadTrust(source: TrustSource, store: KeyValueStore, now: Date): Promise<TrustState> {
  const stored = readStoredList(store);
  const pinned = readJson(store, ANCHOR_KEY);

  let fetched: { anchor: unknown; list: unknown } | undefined;
  try {
    const [anchor, list] = await Promise.all([isAnchor(pinned) ? pinned : source.anchor(), source.list()]);
    fetched = { anchor, list };
  } catch {
    fetched = undefined;
  }

  if (fetched !== undefined) {
    if (!isAnchor(fetched.anchor)) throw new TrustUnavailableError('refused', new Error('not a trust anchor'));
    let prepared: PreparedTrustList;
    try {
      const anchor = await toTrustAnchor(fetched.anchor);
      prepared = await verifyTrustList(fetched.list, [anchor], {
        at: now,
        ...(stored === undefined ? {} : { previous: stored.accepted }),
      });
    } catch (error) {
      throw new TrustUnavailableError('refused', error);
    }
    const fetchedAt = now.toISOString();
    store.setItem(ANCHOR_KEY, JSON.stringify(fetched.anchor));
    const accepted = { node: { id: prepared.node.id }, version: prepared.version, digest: prepared.digest };
    store.setItem(LIST_KEY, JSON.stringify({ list: fetched.list, fetchedAt, accepted } satisfies StoredList));
    return { prepared, source: 'network', fetchedAt };
  }

  if (stored === undefined || !isAnchor(pinned)) throw new TrustUnavailableError('no-cache');
  try {
    const prepared = await verifyTrustList(stored.list, [await toTrustAnchor(pinned)], { at: now });
    return { prepared, source: 'cache', fetchedAt: stored.fetchedAt };
  } catch (error) {
    throw new TrustUnavailableError('refused', error);
  }
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json() as Promise<unknown>;
}

/** The node this page came from. */
export function httpTrustSource(): TrustSource {
  return { anchor: () => getJson('/api/v1/trust-list/anchor'), list: () => getJson('/api/v1/trust-list') };
}
