/**
 * Keeps docs/design/licence-format.md true: its worked examples must parse and verify with
 * the keys it prints, its "signed bytes" must be what the code signs, and its OpenSSL recipe
 * must verify the examples (and refuse a changed one) when run as written. Test-only: uses
 * Node, bash, jq, xxd and the OpenSSL 3 CLI, all on Hutong's machines; a missing tool fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalBytes, parseJson } from '../canonical/index.js';
import { importVerificationKeyPem, isSuiteName, type SuiteName } from '../crypto/index.js';
import type { TypeCode } from '../identifiers/index.js';
import { verifyLicence } from '../verify/index.js';
import { licenceSigningBytes } from './licence-signing-bytes.js';
import { parseLicence } from './parse-licence.js';
import { verifyLicenceSignature } from './verify-licence-signature.js';

const DOC_PATH = fileURLToPath(new URL('../../../../docs/design/licence-format.md', import.meta.url));
const doc = readFileSync(DOC_PATH, 'utf8');

/** The fenced block that follows `<!-- marker -->`. */
function block(marker: string): string {
  const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<!-- ${escaped} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (m?.[1] === undefined) throw new Error(`licence-format.md has no block marked "${marker}"`);
  return m[1];
}

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, as an attacker would.
type Json = Record<string, any>;

const SUITES_WITH_EXAMPLES: readonly SuiteName[] = ['sm2-sm3', 'ed25519'];
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function run(script: string, cwd: string): { status: number | null; output: string } {
  const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('docs/design/licence-format.md', () => {
  for (const suite of SUITES_WITH_EXAMPLES) {
    describe(`the ${suite} example`, () => {
      const text = block(`example: ${suite} licence`);
      const pem = block(`example: ${suite} public key`);

      it('is a licence, read by the strict parser as written', () => {
        const licence = parseLicence(parseJson(text));
        expect(licence.proof.suite).toBe(suite);
        expect(canonicalBytes(licence)).toEqual(canonicalBytes(JSON.parse(text)));
      });

      it('verifies with the printed public key, whose RFC 7638 thumbprint the proof names', async () => {
        const licence = parseLicence(parseJson(text));
        const key = await importVerificationKeyPem(pem, { suite });
        expect(licence.proof.verificationMethod).toBe(
          `${licence.metadata.certificateIssuingAuthorityCode}#${key.keyId}`,
        );
        expect(await verifyLicenceSignature(licence, key)).toBe(true);
        const changed = { ...licence, face: { ...licence.face, gender: '1' } };
        expect(await verifyLicenceSignature(changed, key)).toBe(false);
      });

      it('passes every check of the verifier described in §6', async () => {
        const licence = parseLicence(parseJson(text));
        const key = await importVerificationKeyPem(pem, { suite });
        const verdict = await verifyLicence(text, {
          keys: [
            {
              issuerCode: licence.metadata.certificateIssuingAuthorityCode,
              name: licence.metadata.certificateIssuingAuthorityName,
              types: [licence.metadata.certificateTypeCode as TypeCode],
              keys: [{ keyId: key.keyId, suite, key, validFrom: new Date('2026-01-01T00:00:00Z') }],
            },
          ],
          at: new Date('2027-01-05T08:00:00Z'),
          statusLookup: () => 'valid',
        });
        expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
        expect(verdict.valid).toBe(true);
      });
    });
  }

  it('prints the signed bytes the code signs (§3), the same for both examples', () => {
    const printed = block('example: sm2-sm3 signed bytes').replace(/\n$/, '');
    for (const suite of SUITES_WITH_EXAMPLES) {
      const licence = parseLicence(parseJson(block(`example: ${suite} licence`)));
      expect(new TextDecoder().decode(licenceSigningBytes(licence))).toBe(printed);
    }
  });

  it('only names suites that exist', () => {
    for (const m of doc.matchAll(/<!-- example: ([a-z0-9-]+) licence -->/g)) expect(isSuiteName(m[1])).toBe(true);
  });

  describe('the OpenSSL recipe of §8, run as written', () => {
    const verifyScript = block('recipe: verify');

    /** Lays out licence.json, pub.pem and signed.bin as step 1 would, in a fresh folder. */
    function workspace(suite: SuiteName, edit: (json: Json) => void = () => {}): string {
      const dir = mkdtempSync(join(tmpdir(), `hutong-recipe-${suite}-`));
      scratch.push(dir);
      const json = JSON.parse(block(`example: ${suite} licence`)) as Json;
      edit(json);
      writeFileSync(join(dir, 'licence.json'), `${JSON.stringify(json, null, 2)}\n`);
      writeFileSync(join(dir, 'pub.pem'), block(`example: ${suite} public key`));
      // Step 1 runs an RFC 8785 tool from the npm registry; here the same bytes come from
      // Hutong's canonicaliser (checked against the printed signed bytes above), after jq's
      // `del(.proof)` exactly as step 1 pipes it.
      const jq = spawnSync('jq', ['-c', 'del(.proof)', 'licence.json'], { cwd: dir, encoding: 'utf8' });
      if (jq.error) throw jq.error;
      expect(jq.status).toBe(0);
      writeFileSync(join(dir, 'signed.bin'), canonicalBytes(JSON.parse(jq.stdout)));
      return dir;
    }

    it('step 1 names a canonicaliser after jq, never jq -S alone', () => {
      const step1 = block('recipe: canonicalize');
      expect(step1).toContain("jq -c 'del(.proof)' licence.json | npx --yes canonicalize@2.1.0 > signed.bin");
      expect(step1).not.toContain('jq -S');
    });

    for (const suite of SUITES_WITH_EXAMPLES) {
      it(`verifies the ${suite} example with OpenSSL`, () => {
        const { status, output } = run(verifyScript, workspace(suite));
        expect(output).toMatch(/Signature Verified Successfully|Verified OK/);
        expect(status).toBe(0);
      });

      it(`refuses the ${suite} example once a face field is changed`, () => {
        const { status, output } = run(
          verifyScript,
          workspace(suite, (j) => (j.face.gender = '1')),
        );
        expect(output).toMatch(/Verification Failure|Verification failure/);
        expect(status).not.toBe(0);
      });

      it(`refuses the ${suite} example when the proof names another key`, () => {
        const other = 'MvIjBz3Bg5OesN_aV2NvQSbcsf6O71watvCSNWWMrXc'.split('').reverse().join('');
        const dir = workspace(
          suite,
          (j) => (j.proof.verificationMethod = `${j.metadata.certificateIssuingAuthorityCode}#${other}`),
        );
        const { status, output } = run(verifyScript, dir);
        expect(status).not.toBe(0);
        // Refused at the key-id step, before any signature is checked.
        expect(output).not.toMatch(/Verified/);
      });
    }
  });
});
