/**
 * Keeps docs/design/show-code.md §6 true, byte for byte: the RFC 8032 §7.1 TEST 1 Ed25519
 * key (deterministic signatures), a fixed nonce and time. If the format changes, this test
 * fails and the document must change with it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { signLicence } from '../licence/index.js';
import { type ExampleKeys, exampleKeys, exampleTrustList } from '../trust/test-support/example.js';
import { currentLicenceJson, NOW, sampleType } from '../trust/test-support/fixtures.js';
import { verifyTrustList } from '../trust/verify-trust-list.js';
import { decodeBase45 } from './base45.js';
import { createShowCode } from './create-show-code.js';
import { decodeShowCode } from './decode-show-code.js';
import { qrCodeVersion } from './qr-code-version.js';
import { verifyShowCode } from './verify-show-code.js';

const DOC_PATH = fileURLToPath(new URL('../../../../docs/design/show-code.md', import.meta.url));
const doc = readFileSync(DOC_PATH, 'utf8');

/** The fenced block that follows `<!-- marker -->`. */
function block(marker: string): string {
  const m = new RegExp(`<!-- ${marker} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (m?.[1] === undefined) throw new Error(`show-code.md has no block marked "${marker}"`);
  return m[1];
}

const hex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const TEXT = block('example: show code').trim();
/** The annotated payload: the hex left of each `|`. */
const PAYLOAD = block('example: show code payload')
  .split('\n')
  .filter((line) => line.includes('|'))
  .map((line) => (line.split('|')[0] ?? '').replaceAll(' ', ''))
  .join('');

let keys: ExampleKeys;
beforeAll(async () => {
  keys = await exampleKeys();
});

describe('docs/design/show-code.md §6', () => {
  it('createShowCode makes the printed code, byte for byte', async () => {
    expect(keys.showingKey.keyId).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    const licence = await signLicence(currentLicenceJson() as never, keys.issuerKey, {
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
      keys.showingKey,
      { now: NOW, nonce: hex('000102030405060708090a0b') },
    );
    expect(made.text).toBe(TEXT);
  });

  it('its size is what the document says', () => {
    const bytes = decodeBase45(TEXT.slice(4));
    expect(TEXT.length).toBe(267);
    expect(bytes.length).toBe(175);
    expect(qrCodeVersion(TEXT, { mode: 'alphanumeric', level: 'M' })).toBe(10);
  });

  it('its payload is the annotated bytes, and the signature covers the domain tag and the payload', async () => {
    const bytes = decodeBase45(TEXT.slice(4));
    const payload = bytes.subarray(0, bytes.length - 64);
    expect(toHex(payload)).toBe(PAYLOAD);
    const signed = new Uint8Array([...new TextEncoder().encode('hutong-show-code/1'), 0, ...payload]);
    expect(await keys.showingKey.publicKey.verify(signed, bytes.subarray(bytes.length - 64))).toBe(true);
  });

  it('decodes and verifies against the trust list of docs/design/trust-list.md §7', async () => {
    const code = decodeShowCode(TEXT);
    expect(code.identifier).toBe('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F');
    expect(code.nonce).toBe('AAECAwQFBgcICQoL');
    expect(code.keyHint).toBe('kPrK_qmxVWY');
    expect(code.fields.map((f) => f.value)).toEqual(['王小明', '19491231', '吉A042012000939']);
    const list = await exampleTrustList(keys);
    const prepared = await verifyTrustList(list, [{ nodeId: 'jl-node', key: keys.nodeKey.publicKey }], { at: NOW });
    const verdict = await verifyShowCode(TEXT, prepared, { now: new Date('2026-03-01T04:00:30Z') });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
