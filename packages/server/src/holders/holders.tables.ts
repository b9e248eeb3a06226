/** Tables of `holders/` (migration 0009): sign-in challenges, OIDC requests in flight, holder sessions. */

/** A one-time code sent by the development identity provider. */
export interface HolderSignInChallengesTable {
  /** Random, base64url: what the caller passes back with the code. */
  id: string;
  holder_code_type: string;
  holder_code: string;
  /** HMAC-SHA256 (hex) of the challenge id and the code under the `session` purpose key. */
  code_hash: string;
  /** Wrong codes tried so far; at `MAX_CODE_ATTEMPTS` the challenge is dead. */
  attempts: number;
  created_at: string;
  expires_at: string;
  /** Set when the code was used (or the attempts ran out): a code is good once. */
  used_at: string | null;
}

/** An OpenID Connect authorization request in flight (RFC 6749 §4.1, PKCE RFC 7636). */
export interface HolderOidcRequestsTable {
  /** SHA-256 (hex) of the `state` parameter. */
  state_hash: string;
  code_verifier: string;
  nonce: string;
  /** A same-origin path to return to after sign-in. */
  return_to: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A signed-in holder. The session id is never stored, only its SHA-256. */
export interface HolderSessionsTable {
  id_hash: string;
  /** `dev` (the built-in development provider) or `oidc`. */
  provider: string;
  /** The person who signed in. */
  person_code_type: string;
  person_code: string;
  /** The person's name as the identity provider or the person's licences give it (for acting for organisations). */
  person_name: string | null;
  /** The organisation the person acts for as its legal representative, or null (themself). */
  acting_code_type: string | null;
  acting_code: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}
