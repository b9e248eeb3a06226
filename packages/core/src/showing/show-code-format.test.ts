/**
 * The worked example of docs/design/show-code.md §6, byte for byte: RFC 8032 §7.1 test 1's
 * Ed25519 key (deterministic signatures), a fixed nonce and time. If the format changes,
 * this test fails and the document must change with it.
 */
import { describe, expect, it } from 'vitest';
import { generateSigningKey, importSigningKeyJwk, type SigningKey } from '../crypto/index.js';
import { encodeBase64url, signLicence } from '../licence/index.js';
import { buildTrustList } from '../trust/build-trust-list.js';
import { currentLicenceJson, NODE_ID, NOW, sampleType, trustListInput } from '../trust/test-support/fixtures.js';
import { verifyTrustList } from '../trust/verify-trust-list.js';
import { decodeBase45 } from './base45.js';
import { createShowCode } from './create-show-code.js';
import { decodeShowCode } from './decode-show-code.js';
import { verifyShowCode } from './verify-show-code.js';

const hex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// RFC 8032 §7.1, TEST 1.
const SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

const EXPECTED_TEXT =
  'HT1:930WVVX8W$IMR.CIVKRDO100KB0*M0DY0W016C1/30K0C/+M+*0Q*M448000300TOT336R+9O0N5X6300%WTZT29JIAOEK1HEDQY50+50DCT%UHJEM$6T8/HH81*EDAWE0T87WEQ10SXA562BCI%A8.Q6746NF6646IA7$A7ZEQ7V83UNU%6LDOLE2 1W8WNA59NUKL3JS 54JSF3C34RZL3N$MNP9UPV4/5S+R3LP+LRDQE/9WC2LA71 1WHP6A-ELSQC0';

/** The payload, part by part (§3). */
const EXPECTED_PAYLOAD = [
  '00', // flags: status valid (00), not long-term, reserved bits 0
  '90facafea9b15566', // key hint: first 8 bytes of the key id kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k
  '69a3b9c0', // issued at 1772337600 = 2026-03-01T04:00:00Z
  '3c', // lifetime 60 s
  '000102030405060708090a0b', // nonce
  '00b25f', // effective 45663 days after 1900-01-01 = 20250108
  '00b539', // expiring 46393 days = 20270108
  '07', // serial length 7
  // type ‖ issuer ‖ serial ‖ version in groups: 111000 000000 13338W 032112 200000 135445 41J243 059900 | 1
  // (6 characters in 4 bytes each, the last single character in 1 byte; no check character).
  '03b4fb40 00000000 03e9ba30 004e54b6 07354800 03eb2b15 0e91c273 0086bad0 01'.replaceAll(' ', ''),
  '01', // purpose code 1: entry
  '03', // three fields
  '0109e78e8be5b08fe6988e', // text, metadata 1 (certificateHolderName): 9 bytes 王小明
  '1009626972746844617465004755', // date, face key "birthDate": 18261 days = 19491231
  '0310e5908941303432303132303030393339', // text, metadata 3 (certificateNumber): 16 bytes 吉A042012000939
].join('');

let key: SigningKey;

describe('the worked example (docs/design/show-code.md §6)', () => {
  it('is reproduced byte for byte', async () => {
    key = await importSigningKeyJwk({
      kty: 'OKP',
      crv: 'Ed25519',
      d: encodeBase64url(hex(SECRET)),
      x: encodeBase64url(hex(PUBLIC)),
    });
    // RFC 8037 Appendix A.3: the thumbprint of this key.
    expect(key.keyId).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    const licence = await signLicence(currentLicenceJson() as never, key, {
      created: new Date('2025-01-08T02:00:00Z'),
    });
    const made = await createShowCode(
      {
        licence,
        type: sampleType(),
        status: 'valid',
        purpose: 'entry',
        disclose: ['certificateHolderName', 'birthDate', 'certificateNumber'],
      },
      key,
      { now: NOW, nonce: hex('000102030405060708090a0b') },
    );
    expect(made.text).toBe(EXPECTED_TEXT);
    expect(made.text.length).toBe(267);
    const bytes = decodeBase45(made.text.slice(4));
    expect(toHex(bytes.subarray(0, bytes.length - 64))).toBe(EXPECTED_PAYLOAD);
    // The signature covers "hutong-show-code/1" ‖ 0x00 ‖ payload.
    const signed = new Uint8Array([
      ...new TextEncoder().encode('hutong-show-code/1'),
      0,
      ...bytes.subarray(0, bytes.length - 64),
    ]);
    expect(await key.publicKey.verify(signed, bytes.subarray(bytes.length - 64))).toBe(true);
  });

  it('decodes and verifies as the document says', async () => {
    const code = decodeShowCode(EXPECTED_TEXT);
    expect(code.identifier).toBe('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F');
    expect(code.nonce).toBe('AAECAwQFBgcICQoL');
    expect(code.keyHint).toBe('kPrK_qmxVWY');
    const node = await generateSigningKey('ed25519');
    const issuer = await generateSigningKey('ed25519');
    const list = await buildTrustList(trustListInput({ showingKey: key, issuerKey: issuer }), node);
    const prepared = await verifyTrustList(list, [{ nodeId: NODE_ID, key: node.publicKey }], { at: NOW });
    const verdict = await verifyShowCode(EXPECTED_TEXT, prepared, { now: new Date('2026-03-01T04:00:30Z') });
    expect(verdict.valid).toBe(true);
  });
});
