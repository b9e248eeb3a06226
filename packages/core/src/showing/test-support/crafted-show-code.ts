/**
 * Show codes written by hand, for the encodings and contents `createShowCode` never makes
 * (a code that outlives its key, names an untrusted issuer, carries a status-list slot, is
 * signed by a stranger's key under the node's hint …). One builder for every show-code test,
 * so a change to the payload (docs/design/show-code.md §3) is made once. Test-only.
 */
import type { SigningKey } from '../../crypto/index.js';
import { decodeBase64url } from '../../licence/index.js';
import { NOW, SAMPLE_ISSUER } from '../../trust/test-support/fixtures.js';
import { SHOWING_KEY_HINT_BYTES } from '../../trust/verify-trust-list.js';
import {
  encodeShowCodePayload,
  formatShowCode,
  type ShowCodeContent,
  showCodeSignedBytes,
} from '../show-code-payload.js';

/** The fixtures' instant in Unix seconds: a crafted code is made at `NOW` unless told otherwise. */
export const CRAFTED_ISSUED_AT = Math.floor(NOW.getTime() / 1000);

/** What to change in a crafted code; a member given as `undefined` is left out (`expiringDate`: long-term). */
export type CraftedContent = { [K in keyof ShowCodeContent]?: ShowCodeContent[K] | undefined };

/**
 * The payload of a code for the fixtures' sample licence (type, issuer, serial, its dates),
 * made at `NOW`, valid 60 s, showing the holder's name, naming `hintOf`'s showing key.
 * The nonce is random, as `createShowCode` makes it, unless `over` gives one.
 */
export function craftedPayload(hintOf: SigningKey, over: CraftedContent = {}): Uint8Array {
  const content = {
    statusAtSigning: 'valid',
    keyHint: decodeBase64url(hintOf.keyId).subarray(0, SHOWING_KEY_HINT_BYTES),
    issuedAt: CRAFTED_ISSUED_AT,
    lifetimeSeconds: 60,
    nonce: globalThis.crypto.getRandomValues(new Uint8Array(12)),
    effectiveDate: '20250108',
    expiringDate: '20270108',
    typeCode: '11100000000013338W032',
    issuerCode: SAMPLE_ISSUER,
    serial: '2430599',
    version: '001',
    purpose: 'entry',
    fields: [{ source: 'metadata', key: 'certificateHolderName', value: '王小明', masked: false }],
    ...over,
  } as ShowCodeContent;
  return encodeShowCodePayload(content);
}

/**
 * A crafted code signed with `key` (the node's showing key, or an attacker's) and naming
 * `hintOf`'s key (by default the signer's).
 *
 * @example await craftShowCode({ statusAtSigning: 'suspended' }, f.showingKey)
 */
export async function craftShowCode(over: CraftedContent, key: SigningKey, hintOf: SigningKey = key): Promise<string> {
  const payload = craftedPayload(hintOf, over);
  return formatShowCode(payload, await key.sign(showCodeSignedBytes(payload)));
}
