/**
 * Keeps docs/design/trust-list.md true: its example must parse strictly, verify with the
 * printed node key at a time inside its validity, and be byte for byte what buildTrustList
 * makes from the RFC 8032 keys it names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../canonical/index.js';
import { importVerificationKeyJwk } from '../crypto/index.js';
import { parseTrustList } from './parse-trust-list.js';
import { exampleKeys, exampleTrustList } from './test-support/example.js';
import { trustListSigningBytes } from './trust-list-signing-bytes.js';
import { verifyTrustList } from './verify-trust-list.js';

const DOC_PATH = fileURLToPath(new URL('../../../../docs/design/trust-list.md', import.meta.url));
const doc = readFileSync(DOC_PATH, 'utf8');

/** The fenced block that follows `<!-- marker -->`. */
function block(marker: string): string {
  const m = new RegExp(`<!-- ${marker} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (m?.[1] === undefined) throw new Error(`trust-list.md has no block marked "${marker}"`);
  return m[1];
}

describe('docs/design/trust-list.md', () => {
  const text = block('example: trust list');

  it('the example is a trust list, read by the strict parser as written', () => {
    const list = parseTrustList(text);
    expect(list.version).toBe(3);
    expect(JSON.stringify(list, null, 2)).toBe(text.trimEnd());
  });

  it('verifies with the printed node key, whose thumbprint the proof names', async () => {
    const nodeKey = await importVerificationKeyJwk(parseJson(block('example: node key')));
    expect(parseTrustList(text).proof.verificationMethod).toBe(`node:jl-node#${nodeKey.keyId}`);
    const prepared = await verifyTrustList(text, [{ nodeId: 'jl-node', key: nodeKey }], {
      at: new Date('2026-03-01T04:00:00Z'),
    });
    expect(prepared.showingKeys[0]?.keyId).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(prepared.logKeys[0]?.verifier.type).toBe('ed25519');
  });

  it('is exactly what buildTrustList signs with the RFC 8032 keys', async () => {
    const built = await exampleTrustList(await exampleKeys());
    expect(JSON.stringify(built, null, 2)).toBe(text.trimEnd());
  });

  it('its signed bytes start as the document says', () => {
    const bytes = new TextDecoder().decode(trustListSigningBytes(parseTrustList(text)));
    expect(bytes.startsWith('{"expiresAt":"2026-03-07T00:00:00Z","format":"hutong-trust-list/1","issuedAt":')).toBe(
      true,
    );
    expect(bytes).not.toContain('"proof"');
  });
});
