/** Tables of `trust/` (migrations 0008, 0022): the node's own keys, its trust-list version counter and the generation of its inputs. */

export interface NodeKeysTable {
  /** `trust-list` (signs the node's trust list: the anchor verifiers pin) | `showing` (signs show codes). */
  purpose: string;
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  key_id: string;
  suite: string;
  /** JSON of the public JWK. */
  public_jwk: string;
  /** PKCS #8 DER sealed under the master key (`sealValue`, purpose `key-encryption`). */
  sealed_private_key: string;
  master_key_id: string;
  created_at: string;
}

/** One row (`id` = 1): the trust list's monotonic version and the digest of what it was built from. */
export interface TrustListStateTable {
  id: number;
  /** Read as a string by node-postgres (bigint): convert with Number(). */
  version: number | string;
  /** SHA-256 (hex) of the list's content without times and proof. */
  content_digest: string;
  updated_at: string;
}

/**
 * One row (`id` = 1), migration 0022: bumped by triggers, in the writer's transaction, on every
 * write to a table the trust list is read from; a reader whose kept list was built at this
 * generation may use it without reading the content again (trust/prepared-node-trust-list.ts).
 */
export interface TrustListGenerationTable {
  id: number;
  /** Read as a string by node-postgres (bigint): convert with Number(). */
  generation: number | string;
}
