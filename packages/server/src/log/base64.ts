/** Standard padded base64 (RFC 4648 §4), the spelling of every C2SP text format. */

/** @example toBase64(hash) // 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes canonical standard base64, or undefined: Buffer's decoder skips bad characters,
 * so the text must re-encode to itself (one spelling per value, as core's decoder demands).
 *
 * @example fromBase64('AAEC') // Uint8Array [0, 1, 2]
 */
export function fromBase64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}
