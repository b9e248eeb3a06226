/**
 * The node's trust list, native JSON form `hutong-trust-list/1` (the contract is
 * docs/design/trust-list.md): which issuers the node vouches for, their keys with validity
 * periods and the licence types each may issue, the node's show-code keys and its log keys,
 * signed by the node like a licence (RFC 8785 canonical bytes without `proof`).
 *
 * Issuer entries are self-contained (name, keys, types, nothing that points elsewhere in the
 * list), so the national hub can merge many nodes' lists entry by entry.
 */
import type { PublicJwk } from '../crypto/index.js';
import type { SuiteName } from '../crypto/types.js';
import type { AreaCode, TypeCode, Uscc } from '../identifiers/index.js';

/** The value of the `format` member of every trust list of this version of the contract. */
export const TRUST_LIST_FORMAT = 'hutong-trust-list/1';

/** A public key as a trust list carries it: an SPKI PEM (`-----BEGIN PUBLIC KEY-----`) or a public JWK. */
export type TrustListPublicKey = string | PublicJwk;

/** The node that signs the list. */
export interface TrustListNode {
  /** The node's id (`[A-Za-z0-9][A-Za-z0-9._-]{0,63}`), the one in `proof.verificationMethod`. */
  readonly id: string;
  readonly name: string;
  /** GB/T 2260 area code of the region the node serves (`100000` for a national node). */
  readonly areaCode: AreaCode;
  /** Where the node serves its API (absolute https: or http: URL). */
  readonly url?: string;
}

/** One key of an issuer (times are RFC 3339 UTC, as in licence proofs). */
export interface TrustListIssuerKey {
  /** RFC 7638 SHA-256 thumbprint of `publicKey`: the key id licence proofs name. */
  readonly keyId: string;
  readonly suite: SuiteName;
  readonly publicKey: TrustListPublicKey;
  /** Licences signed (proof.created) before this instant are refused. */
  readonly validFrom: string;
  /** Licences signed at or after this instant are refused; absent: no planned end. */
  readonly validUntil?: string;
  /** The key stopped being safe at this instant: licences signed at or after it are refused (not retroactive). */
  readonly revokedAt?: string;
}

/** An issuing authority the node vouches for. */
export interface TrustListIssuer {
  readonly issuerCode: Uscc;
  readonly name: string;
  readonly keys: readonly TrustListIssuerKey[];
  /** The licence types it may issue. */
  readonly types: readonly TypeCode[];
}

/** A key the node signs show codes with. Show codes live two minutes: a withdrawn key leaves the next list. */
export interface TrustListShowingKey {
  readonly keyId: string;
  readonly suite: SuiteName;
  readonly publicKey: TrustListPublicKey;
  /** Show codes issued before this instant are refused. */
  readonly validFrom: string;
  /** Show codes issued at or after this instant are refused. */
  readonly validUntil?: string;
}

/** A key the node's transparency log signs checkpoints with (C2SP signed-note verifier key). */
export interface TrustListLogKey {
  /** The note key name (the log's origin line), e.g. `hutong.example.cn/log`. */
  readonly name: string;
  /** The C2SP verifier key text `<name>+<hex key id>+<base64 key>`. */
  readonly vkey: string;
}

/** The node's signature over the list without its proof. */
export interface TrustListProof {
  readonly suite: SuiteName;
  /** `node:<node id>#<key id>`. */
  readonly verificationMethod: string;
  /** RFC 3339 UTC. */
  readonly created: string;
  /** Raw signature (64 bytes for every suite), unpadded base64url. */
  readonly signatureValue: string;
}

/** Everything the node signs. */
export interface UnsignedTrustList {
  readonly format: typeof TRUST_LIST_FORMAT;
  readonly node: TrustListNode;
  /** Monotonic: a verifier refuses a lower version than one it accepted (rollback). */
  readonly version: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly issuers: readonly TrustListIssuer[];
  readonly showingKeys: readonly TrustListShowingKey[];
  readonly logKeys: readonly TrustListLogKey[];
}

/** A signed trust list. */
export interface TrustList extends UnsignedTrustList {
  readonly proof: TrustListProof;
}
