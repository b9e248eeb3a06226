/** Tables of `keys/` (migration 0002). Timestamps are RFC 3339 UTC text. */

export interface IssuerKeysTable {
  /** RFC 7638 thumbprint of the public key (core's key id); unique across issuers. */
  key_id: string;
  issuer_code: string;
  /** Core `SuiteName`. */
  suite: string;
  /** `node` | `external` (`KeyCustody`). */
  custody: string;
  /** SubjectPublicKeyInfo PEM. */
  public_key_pem: string;
  /** JSON of the public JWK. */
  public_jwk: string;
  /** PKCS#8 sealed by `sealValue(…, 'key-encryption', …)`; null for external keys. */
  sealed_private_key: string | null;
  /** The master key id the private key is sealed under; null for external keys. */
  master_key_id: string | null;
  /** `active` | `retired` | `revoked` (`IssuerKeyStatus`). */
  status: string;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
