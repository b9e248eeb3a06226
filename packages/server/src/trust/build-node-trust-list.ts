/**
 * `buildNodeTrustList`: this node's signed trust list (`hutong-trust-list/1`,
 * docs/design/trust-list.md) — its departments with every key they ever had (validity and
 * revocation times) and the types each may issue (responsibility list), the node's showing
 * key, and the log's checkpoint keys when the log has made them. Signed with the node's
 * `trust-list` key: the anchor a verifier pins (packages/server/src/trust/README.md).
 */

import { createHash } from 'node:crypto';
import {
  buildTrustList,
  exportPublicJwk,
  exportSpkiPem,
  type PublicJwk,
  type TrustList,
  type TrustListInput,
  type TrustListLogKey,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { trustedIssuers } from '../keys/trusted-issuers.js';
import { ensureNodeKey, type NodeKey } from './node-keys.js';
import { nodeOperatorOf } from './node-operator.js';

/** How long a list is valid: verifiers refetch at least daily (a revoked issuer key leaves caches within a day). */
export const TRUST_LIST_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface NodeTrustListOptions {
  /** The node's display name; default the name of the organisation that runs it (node-operator.ts), else its id. */
  readonly name?: string | undefined;
  /** GB/T 2260 area code of the region served; default `100000` (national). */
  readonly areaCode?: string | undefined;
  /** The node's public base URL (`HUTONG_PUBLIC_URL`). */
  readonly url?: string | undefined;
}

function iso(date: Date | undefined): string | null {
  return date === undefined ? null : date.toISOString();
}

/** The list's content without times or proof: the version moves exactly when this changes. */
function contentDigest(input: Omit<TrustListInput, 'version' | 'issuedAt' | 'expiresAt'>): string {
  const content = {
    node: input.node,
    issuers: input.issuers.map((issuer) => ({
      issuerCode: issuer.issuerCode,
      name: issuer.name,
      types: issuer.types,
      keys: issuer.keys.map((k) => [k.key.keyId, iso(k.validFrom), iso(k.validUntil), iso(k.revokedAt)]),
    })),
    showingKeys: input.showingKeys.map((k) => [k.key.keyId, iso(k.validFrom), iso(k.validUntil)]),
    logKeys: input.logKeys.map((k) => [k.name, k.vkey]),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * The version for `digest`: the stored one when nothing changed, else the stored one plus
 * one (monotonic: verifiers refuse a lower version as a rollback). One row, updated only
 * when its digest differs, so concurrent builders of the same content agree.
 */
async function versionFor(ctx: Pick<AppContext, 'store' | 'now'>, digest: string): Promise<number> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('trust_list_state').selectAll().where('id', '=', 1).executeTakeFirst();
    const at = ctx.now().toISOString();
    if (row === undefined) {
      await trx
        .insertInto('trust_list_state')
        .values({ id: 1, version: 1, content_digest: digest, updated_at: at })
        .onConflict((c) => c.column('id').doNothing())
        .execute();
      const again = await trx.selectFrom('trust_list_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      return Number(again.version);
    }
    if (row.content_digest === digest) return Number(row.version);
    const next = Number(row.version) + 1;
    await trx
      .updateTable('trust_list_state')
      .set({ version: next, content_digest: digest, updated_at: at })
      .where('id', '=', 1)
      .where('version', '=', row.version)
      .execute();
    const after = await trx.selectFrom('trust_list_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(after.version);
  });
}

/**
 * The log's checkpoint verifier keys, when the log has made them: the Ed25519 key every
 * checkpoint is signed with (C2SP tlog-checkpoint), then the SM2 line's key when the node
 * signs one. Both carry the log's origin as their name and differ by key id, which is how
 * signed-note tells keys apart (docs/design/trust-list.md §2): a verifier holding only this
 * list checks either signature of a checkpoint offline.
 */
async function logKeysOf(ctx: Pick<AppContext, 'store'>): Promise<TrustListLogKey[]> {
  const rows = await ctx.store.db
    .selectFrom('log_keys')
    .select(['purpose', 'name', 'vkey'])
    .where('purpose', 'in', ['checkpoint', 'sm2'])
    .execute();
  const order = (purpose: string) => (purpose === 'checkpoint' ? 0 : 1);
  return rows.sort((a, b) => order(a.purpose) - order(b.purpose)).map((row) => ({ name: row.name, vkey: row.vkey }));
}

/** The node's list content now (without version, times or proof), its digest and the anchor key that signs it. */
export interface NodeTrustListContent {
  readonly content: Omit<TrustListInput, 'version' | 'issuedAt' | 'expiresAt'>;
  /** SHA-256 of the content: the list's version moves exactly when this changes. */
  readonly digest: string;
  readonly anchor: NodeKey;
}

/**
 * Reads what the node's trust list says now: its departments' keys and types, the showing key
 * and the log keys. Reads only; nothing is signed.
 *
 * @example const { digest } = await nodeTrustListContent(ctx, { url: publicUrl });
 */
export async function nodeTrustListContent(
  ctx: AppContext,
  options: NodeTrustListOptions = {},
): Promise<NodeTrustListContent> {
  const [anchor, showing, issuers, logKeys, operator] = await Promise.all([
    ensureNodeKey(ctx, 'trust-list'),
    ensureNodeKey(ctx, 'showing'),
    trustedIssuers(ctx),
    logKeysOf(ctx),
    nodeOperatorOf(ctx),
  ]);
  const content = {
    node: {
      id: ctx.nodeId,
      // People read this name in verifiers: the organisation that runs the node, else its id.
      name: options.name ?? operator?.name.zh ?? ctx.nodeId,
      areaCode: options.areaCode ?? operator?.areaCode ?? '100000',
      ...(options.url === undefined ? {} : { url: options.url }),
    },
    // A department with no key yet cannot have signed anything: it stays off the list.
    issuers: issuers
      .filter((issuer) => issuer.keys.length > 0)
      .map((issuer) => ({
        issuerCode: issuer.issuerCode,
        name: issuer.name,
        types: issuer.types,
        keys: issuer.keys.map((k) => ({
          key: k.key,
          validFrom: k.validFrom,
          ...(k.validUntil === undefined ? {} : { validUntil: k.validUntil }),
          ...(k.revokedAt === undefined ? {} : { revokedAt: k.revokedAt }),
        })),
      })),
    showingKeys: [{ key: showing.publicKey, validFrom: showing.createdAt }],
    logKeys,
  };
  return { content, digest: contentDigest(content), anchor };
}

/**
 * Signs `content` as the node's current trust list, valid 24 hours from now (the version is
 * the stored one when the digest did not change, else the next).
 *
 * @example const list = await signNodeTrustList(ctx, await nodeTrustListContent(ctx));
 */
export async function signNodeTrustList(ctx: AppContext, current: NodeTrustListContent): Promise<TrustList> {
  const version = await versionFor(ctx, current.digest);
  const now = ctx.now();
  return buildTrustList(
    { ...current.content, version, issuedAt: now, expiresAt: new Date(now.getTime() + TRUST_LIST_LIFETIME_MS) },
    current.anchor.signingKey,
  );
}

/**
 * Builds and signs the node's current trust list, valid 24 hours from now.
 *
 * @example
 * const list = await buildNodeTrustList(ctx, { name: '新疆政务服务平台', areaCode: '650000', url: publicUrl });
 * list.version; list.proof.verificationMethod // 'node:xj-node#<anchor key id>'
 */
export async function buildNodeTrustList(ctx: AppContext, options: NodeTrustListOptions = {}): Promise<TrustList> {
  return signNodeTrustList(ctx, await nodeTrustListContent(ctx, options));
}

/** The node's trust anchor as `GET /api/v1/trust-list/anchor` serves it. */
export interface NodeTrustAnchor {
  readonly nodeId: string;
  readonly keyId: string;
  readonly suite: string;
  readonly publicKeyJwk: PublicJwk;
  /** SPKI PEM: what `hutong verify --anchor FILE` reads. */
  readonly publicKeyPem: string;
}

/**
 * The node's trust anchor: what a verifier pins once, out of band, to accept this node's lists.
 *
 * @example const { nodeId, keyId, publicKeyJwk } = await nodeTrustAnchor(ctx);
 */
export async function nodeTrustAnchor(ctx: AppContext): Promise<NodeTrustAnchor> {
  const anchor = await ensureNodeKey(ctx, 'trust-list');
  return {
    nodeId: ctx.nodeId,
    keyId: anchor.publicKey.keyId,
    suite: anchor.publicKey.suite,
    publicKeyJwk: exportPublicJwk(anchor.publicKey),
    publicKeyPem: exportSpkiPem(anchor.publicKey),
  };
}
