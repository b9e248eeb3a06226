/** Tables of `showing/` (migration 0008): the register of show-code nonces seen by online verification. */

export interface ShowingNoncesTable {
  /** The code's nonce (base64url, 12 bytes): unique per code. */
  nonce: string;
  /** The code's expiry: a row past it can be dropped (the code is refused as expired anyway). */
  expires_at: string;
  first_seen_at: string;
  last_seen_at: string;
  /** How many times the code was presented. Read as a string by node-postgres (bigint). */
  seen_count: number | string;
}
