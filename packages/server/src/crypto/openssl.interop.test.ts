/**
 * Interoperability with the OpenSSL 3 CLI, which really runs here (a missing `openssl` fails
 * the suite loudly). For each suite and each provider:
 *  - a Hutong-generated key: OpenSSL signs, Hutong verifies; Hutong signs, OpenSSL verifies;
 *  - an OpenSSL-generated key: Hutong imports it, writes the same PKCS#8 and SPKI bytes back,
 *    signs with it, and OpenSSL verifies.
 * Signature forms on the OpenSSL side: SM2 and P-256 DER `SEQUENCE { r, s }`, Ed25519 raw.
 * SM2 uses `-pkeyopt distid:1234567812345678` (without it OpenSSL 3 uses an empty ID).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CryptoProvider,
  DEFAULT_SM2_ID,
  derToRawSignature,
  exportPkcs8Pem,
  exportSpkiPem,
  generateSigningKey,
  importSigningKeyPem,
  importVerificationKeyPem,
  rawToDerSignature,
  type SigningKey,
  type SuiteName,
  webCryptoProvider,
} from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from './index.js';

let dir: string;

function openssl(args: readonly string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs OpenSSL and reports success or failure instead of throwing (for verification). */
function opensslOk(args: readonly string[]): boolean {
  try {
    openssl(args);
    return true;
  } catch {
    return false;
  }
}

const DISTID = `distid:${DEFAULT_SM2_ID}`;

/** How OpenSSL signs and verifies each suite over a file's bytes. */
const OPENSSL: Record<
  SuiteName,
  { genpkey: string[]; sign: (key: string, out: string) => string[]; verify: (pub: string, sig: string) => string[] }
> = {
  'sm2-sm3': {
    genpkey: ['-algorithm', 'SM2'],
    sign: (key, out) => [
      'pkeyutl',
      '-sign',
      '-inkey',
      key,
      '-rawin',
      '-in',
      'msg',
      '-out',
      out,
      '-digest',
      'sm3',
      '-pkeyopt',
      DISTID,
    ],
    verify: (pub, sig) => [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      pub,
      '-rawin',
      '-in',
      'msg',
      '-sigfile',
      sig,
      '-digest',
      'sm3',
      '-pkeyopt',
      DISTID,
    ],
  },
  ed25519: {
    genpkey: ['-algorithm', 'ED25519'],
    sign: (key, out) => ['pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', 'msg', '-out', out],
    verify: (pub, sig) => ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', 'msg', '-sigfile', sig],
  },
  'ecdsa-p256': {
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    sign: (key, out) => ['dgst', '-sha256', '-sign', key, '-out', out, 'msg'],
    verify: (pub, sig) => ['dgst', '-sha256', '-verify', pub, '-signature', sig, 'msg'],
  },
};

/** OpenSSL's wire form of a Hutong raw signature, and back. */
function toOpenssl(suite: SuiteName, raw: Uint8Array): Uint8Array {
  return suite === 'ed25519' ? raw : rawToDerSignature(raw);
}
function fromOpenssl(suite: SuiteName, bytes: Uint8Array): Uint8Array {
  return suite === 'ed25519' ? bytes : derToRawSignature(bytes, suite);
}

const message = new TextEncoder().encode(
  '{"certificateHolderName":"张三","certificateIdentifier":"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"}',
);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-openssl-'));
  let version: string;
  try {
    version = execFileSync('openssl', ['version'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error('The OpenSSL CLI is required for the interop tests and was not found on PATH', { cause: error });
  }
  expect(version).toMatch(/^OpenSSL 3\./);
  writeFileSync(join(dir, 'msg'), message);
  writeFileSync(join(dir, 'other'), new TextEncoder().encode('a different document'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const PROVIDERS: ReadonlyArray<readonly [string, CryptoProvider]> = [
  ['webcrypto', webCryptoProvider],
  ['node:crypto', nodeCryptoProvider],
];

describe.each(PROVIDERS)('OpenSSL 3 interop, provider %s', (providerName, provider) => {
  describe.each((['sm2-sm3', 'ed25519', 'ecdsa-p256'] as const).map((s) => [s]))('suite %s', (suite: SuiteName) => {
    const tag = `${suite}-${providerName.replace(':', '')}`;
    let key: SigningKey;

    beforeAll(async () => {
      key = await generateSigningKey(suite, { provider });
      writeFileSync(join(dir, `${tag}.key.pem`), exportPkcs8Pem(key), { mode: 0o600 });
      writeFileSync(join(dir, `${tag}.pub.pem`), exportSpkiPem(key));
    });

    it('OpenSSL reads the Hutong key files and derives the same public key', () => {
      const derived = openssl(['pkey', '-in', `${tag}.key.pem`, '-pubout']);
      expect(derived).toBe(readFileSync(join(dir, `${tag}.pub.pem`), 'utf8'));
      expect(openssl(['pkey', '-pubin', '-in', `${tag}.pub.pem`, '-pubout'])).toBe(derived);
    });

    it('Hutong key → OpenSSL signs → Hutong verifies', async () => {
      openssl(OPENSSL[suite].sign(`${tag}.key.pem`, `${tag}.ossl.sig`));
      const signature = fromOpenssl(suite, readFileSync(join(dir, `${tag}.ossl.sig`)));
      const publicKey = await importVerificationKeyPem(readFileSync(join(dir, `${tag}.pub.pem`), 'utf8'), { provider });
      expect(await publicKey.verify(message, signature)).toBe(true);
      expect(await publicKey.verify(new TextEncoder().encode('a different document'), signature)).toBe(false);
    });

    it('Hutong signs → OpenSSL verifies (and refuses it over other bytes)', async () => {
      writeFileSync(join(dir, `${tag}.hutong.sig`), toOpenssl(suite, await key.sign(message)));
      expect(opensslOk(OPENSSL[suite].verify(`${tag}.pub.pem`, `${tag}.hutong.sig`))).toBe(true);
      const otherBytes = OPENSSL[suite]
        .verify(`${tag}.pub.pem`, `${tag}.hutong.sig`)
        .map((a) => (a === 'msg' ? 'other' : a));
      expect(opensslOk(otherBytes)).toBe(false);
    });

    it('OpenSSL-generated key → Hutong imports it byte-exactly, signs, OpenSSL verifies', async () => {
      openssl(['genpkey', ...OPENSSL[suite].genpkey, '-out', `${tag}.ossl.key.pem`]);
      openssl(['pkey', '-in', `${tag}.ossl.key.pem`, '-pubout', '-out', `${tag}.ossl.pub.pem`]);
      const opensslPrivate = readFileSync(join(dir, `${tag}.ossl.key.pem`), 'utf8');
      const opensslPublic = readFileSync(join(dir, `${tag}.ossl.pub.pem`), 'utf8');
      const imported = await importSigningKeyPem(opensslPrivate, { provider, suite });
      const importedPublic = await importVerificationKeyPem(opensslPublic, { provider, suite });
      expect(imported.keyId).toBe(importedPublic.keyId);
      expect(exportPkcs8Pem(imported)).toBe(opensslPrivate);
      expect(exportSpkiPem(imported)).toBe(opensslPublic);
      writeFileSync(join(dir, `${tag}.ossl-key.hutong.sig`), toOpenssl(suite, await imported.sign(message)));
      expect(opensslOk(OPENSSL[suite].verify(`${tag}.ossl.pub.pem`, `${tag}.ossl-key.hutong.sig`))).toBe(true);
      openssl(OPENSSL[suite].sign(`${tag}.ossl.key.pem`, `${tag}.ossl-key.ossl.sig`));
      const signature = fromOpenssl(suite, readFileSync(join(dir, `${tag}.ossl-key.ossl.sig`)));
      expect(await importedPublic.verify(message, signature)).toBe(true);
    });
  });
});

describe('the SM2 distinguishing ID matters on both sides', () => {
  let key: SigningKey;

  beforeAll(async () => {
    key = await generateSigningKey('sm2-sm3');
    writeFileSync(join(dir, 'id.key.pem'), exportPkcs8Pem(key), { mode: 0o600 });
    writeFileSync(join(dir, 'id.pub.pem'), exportSpkiPem(key));
  });

  it('OpenSSL without distid (empty ID) and Hutong (default ID) do not accept each other', async () => {
    openssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      'id.key.pem',
      '-rawin',
      '-in',
      'msg',
      '-out',
      'id.empty.sig',
      '-digest',
      'sm3',
    ]);
    const emptyIdSignature = derToRawSignature(readFileSync(join(dir, 'id.empty.sig')), 'sm2-sm3');
    expect(await key.publicKey.verify(message, emptyIdSignature)).toBe(false);
    // Hutong with an empty ID agrees with OpenSSL's default.
    const emptyId = await importVerificationKeyPem(exportSpkiPem(key), { distinguishingId: '' });
    expect(await emptyId.verify(message, emptyIdSignature)).toBe(true);
    // And a Hutong signature (default ID) fails OpenSSL's verification without distid.
    writeFileSync(join(dir, 'id.hutong.sig'), rawToDerSignature(await key.sign(message)));
    expect(
      opensslOk([
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'id.pub.pem',
        '-rawin',
        '-in',
        'msg',
        '-sigfile',
        'id.hutong.sig',
        '-digest',
        'sm3',
      ]),
    ).toBe(false);
    expect(
      opensslOk([
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'id.pub.pem',
        '-rawin',
        '-in',
        'msg',
        '-sigfile',
        'id.hutong.sig',
        '-digest',
        'sm3',
        '-pkeyopt',
        DISTID,
      ]),
    ).toBe(true);
  });

  it('a custom ID works with OpenSSL in both directions', async () => {
    const alice = await importSigningKeyPem(exportPkcs8Pem(key), { distinguishingId: 'ALICE123@YAHOO.COM' });
    writeFileSync(join(dir, 'alice.sig'), rawToDerSignature(await alice.sign(message)));
    expect(
      opensslOk([
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'id.pub.pem',
        '-rawin',
        '-in',
        'msg',
        '-sigfile',
        'alice.sig',
        '-digest',
        'sm3',
        '-pkeyopt',
        'distid:ALICE123@YAHOO.COM',
      ]),
    ).toBe(true);
    openssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      'id.key.pem',
      '-rawin',
      '-in',
      'msg',
      '-out',
      'alice.ossl.sig',
      '-digest',
      'sm3',
      '-pkeyopt',
      'distid:ALICE123@YAHOO.COM',
    ]);
    const aliceSignature = derToRawSignature(readFileSync(join(dir, 'alice.ossl.sig')), 'sm2-sm3');
    expect(await alice.publicKey.verify(message, aliceSignature)).toBe(true);
    expect(await key.publicKey.verify(message, aliceSignature)).toBe(false);
  });
});
