import { buildTrustList, exportPublicJwk, generateSigningKey } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, fixture, LIST_EXPIRES, NODE_ID, NOW } from '../../../core/src/trust/test-support/fixtures.js';
import {
  ANCHOR_KEY,
  type KeyValueStore,
  LIST_KEY,
  loadTrust,
  type TrustSource,
  TrustUnavailableError,
} from './trust-store.js';

/** localStorage's contract over a Map (what the browser gives the page). */
function memoryStore(): KeyValueStore & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, getItem: (key) => entries.get(key) ?? null, setItem: (key, value) => void entries.set(key, value) };
}

let f: Fixture;
beforeAll(async () => {
  f = await fixture('ed25519');
});

function anchorOf(key = f.nodeKey) {
  return { nodeId: NODE_ID, keyId: key.publicKey.keyId, publicKeyJwk: exportPublicJwk(key.publicKey) };
}

function online(list: unknown = f.list, anchor: unknown = anchorOf()): TrustSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    anchor: async () => {
      calls.push('anchor');
      return anchor;
    },
    list: async () => {
      calls.push('list');
      return list;
    },
  };
}

const offline: TrustSource = {
  anchor: () => Promise.reject(new TypeError('Failed to fetch')),
  list: () => Promise.reject(new TypeError('Failed to fetch')),
};

async function refusal(promise: Promise<unknown>): Promise<TrustUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TrustUnavailableError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('the verifier trust store', () => {
  it('fetches, verifies against the anchor, pins the anchor and stores the list', async () => {
    const store = memoryStore();
    const trust = await loadTrust(online(), store, NOW);
    expect(trust.source).toBe('network');
    expect(trust.prepared.node.id).toBe(NODE_ID);
    expect(trust.prepared.showingKeys.map((k) => k.keyId)).toEqual([f.showingKey.publicKey.keyId]);
    expect(JSON.parse(store.entries.get(ANCHOR_KEY) ?? '{}').keyId).toBe(f.nodeKey.publicKey.keyId);
    expect(JSON.parse(store.entries.get(LIST_KEY) ?? '{}').fetchedAt).toBe(NOW.toISOString());
  });

  it('works without a network from the stored list, saying so, until the list expires', async () => {
    const store = memoryStore();
    await loadTrust(online(), store, NOW);
    const later = new Date(NOW.getTime() + 3_600_000);
    const trust = await loadTrust(offline, store, later);
    expect(trust.source).toBe('cache');
    expect(trust.fetchedAt).toBe(NOW.toISOString());
    expect(trust.prepared.version).toBe(f.prepared.version);

    const expired = await refusal(loadTrust(offline, store, new Date(LIST_EXPIRES.getTime() + 1000)));
    expect(expired.reason).toBe('refused');
    expect((expired.cause as { code?: string }).code).toBe('ERR_TRUST_LIST_EXPIRED');
  });

  it('has nothing to offer offline on first use', async () => {
    expect((await refusal(loadTrust(offline, memoryStore(), NOW))).reason).toBe('no-cache');
  });

  it('keeps the pinned anchor: a list signed by another key is refused and the stored one kept', async () => {
    const store = memoryStore();
    await loadTrust(online(), store, NOW);
    const storedBefore = store.entries.get(LIST_KEY);
    const impostor = await generateSigningKey('ed25519');
    const forged = await buildTrustList(f.input, impostor);
    const source = online(forged, anchorOf(impostor));
    const error = await refusal(loadTrust(source, store, NOW));
    expect(error.reason).toBe('refused');
    // The pinned anchor is used; the node's (impostor's) anchor is not even asked for.
    expect(source.calls).toEqual(['list']);
    expect(store.entries.get(LIST_KEY)).toBe(storedBefore);
  });

  it('refuses a rollback to an older version of the list', async () => {
    const store = memoryStore();
    await loadTrust(online(), store, NOW);
    const older = await buildTrustList({ ...f.input, version: f.input.version - 1 }, f.nodeKey);
    const error = await refusal(loadTrust(online(older), store, NOW));
    expect(error.reason).toBe('refused');
    expect((error.cause as { code?: string }).code).toMatch(/^ERR_TRUST_LIST_/);
  });
});
