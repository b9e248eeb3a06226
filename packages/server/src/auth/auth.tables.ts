/**
 * The Kysely table interfaces of `auth/` (migration 0004-auth). Timestamps are RFC 3339 UTC
 * text; lists are JSON text.
 */

/** Registered API clients (departments, relying parties, venues, inspectors). */
export interface ApiClientsTable {
  id: string;
  name: string;
  /** USCC of the client's organisation. */
  organisation_code: string;
  kind: string;
  /** JSON array of scopes. */
  scopes: string;
  /** JSON array of type codes, or the JSON string "*" for every type. */
  licence_types: string;
  /** `scrypt$…` hash of the client secret, or null for private-key-JWT-only clients. */
  secret_hash: string | null;
  /** JSON array of `{ keyId, suite, pem }` (SubjectPublicKeyInfo PEM) for private_key_jwt. */
  public_keys: string;
  /** `active` | `disabled`. */
  status: string;
  created_at: string;
  updated_at: string;
}

/** Opaque access tokens, stored only as their SHA-256. */
export interface AccessTokensTable {
  /** Hex SHA-256 of the token. */
  token_hash: string;
  client_id: string;
  /** JSON array of the granted scopes. */
  scopes: string;
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** RFC 7523 §3 item 7: `jti`s already seen, kept until their assertion expires. */
export interface ClientAssertionJtisTable {
  client_id: string;
  jti: string;
  expires_at: string;
}

/** Staff users of the web UI. */
export interface StaffUsersTable {
  id: string;
  username: string;
  password_hash: string;
  /** JSON array of roles. */
  roles: string;
  organisation_code: string | null;
  /** The TOTP secret sealed under the `totp-encryption` key (`secrets/sealed-value.ts`). */
  totp_secret: string;
  /** The last RFC 6238 time step accepted: a code is good once. */
  totp_last_step: number | null;
  /** `active` | `disabled`. */
  status: string;
  created_at: string;
  updated_at: string;
}

/** Staff sessions, stored only as the SHA-256 of the cookie value. */
export interface StaffSessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/**
 * One row (`id` = 1), migration 0020: bumped by triggers, in the writer's transaction, on every
 * write to `access_tokens` or `api_clients`; a principal resolved at this generation may be
 * used again without reading the token (auth/access-token.ts).
 */
export interface AuthGenerationTable {
  id: number;
  /** Read as a string by node-postgres (bigint): convert with Number(). */
  generation: number | string;
}
