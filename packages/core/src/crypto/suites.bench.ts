/**
 * Issue 2 targets for the pure-JavaScript suite and the WebCrypto path, on a 1 KiB canonical
 * licence: SM2 through core (prepared key: Z_A and window tables made once) against
 * sm-crypto-v2 called directly the recommended way (precomputePublicKey, hash: true) in the
 * same run, for signing and for verification; Ed25519 and P-256 through core's default WebCrypto provider against raw
 * crypto.subtle (information: the server injects node:crypto, see packages/server/src/crypto).
 */
import { sm2 } from 'sm-crypto-v2';
import { licenceLikeDocument } from '../../../../scripts/bench/fixtures.mjs';
import type { BenchFile, BenchWorkload } from '../../../../scripts/bench/types.js';
import { canonicalBytes } from '../canonical/index.js';
import { base64UrlDecode, toHex } from './bytes.js';
import {
  exportPkcs8Der,
  exportPrivateJwk,
  exportSpkiDer,
  exportSpkiPem,
  generateSigningKey,
  importVerificationKeyPem,
} from './keys.js';
import { DEFAULT_SM2_ID } from './sm2-sm3/keys.js';

function b64url(text: string | undefined): Uint8Array {
  const bytes = text === undefined ? undefined : base64UrlDecode(text);
  if (bytes === undefined) throw new Error('bad JWK member');
  return bytes;
}

async function sm2Workloads(doc: Uint8Array): Promise<BenchWorkload[]> {
  const key = await generateSigningKey('sm2-sm3');
  const jwk = exportPrivateJwk(key);
  const privateHex = toHex(b64url(jwk.d));
  const publicHex = `04${toHex(b64url(jwk.x))}${toHex(b64url(jwk.y))}`;
  const pem = exportSpkiPem(key);
  const verification = await importVerificationKeyPem(pem);
  const signature = await key.sign(doc);
  const signatureHex = toHex(signature);
  const point = sm2.precomputePublicKey(publicHex);
  return [
    {
      name: 'SM2 verify, 1 KiB licence, prepared key',
      subject: { label: 'core VerificationKey.verify', fn: () => verification.verify(doc, signature) },
      baseline: {
        label: 'sm-crypto-v2 doVerifySignature(hash: true) on a precomputePublicKey point',
        fn: () => sm2.doVerifySignature(doc, signatureHex, point, { hash: true, der: false, userId: DEFAULT_SM2_ID }),
      },
      target: { minRatio: 1.0 },
      expect: true,
      note: 'core verifies with Z_A cached and noble-curves’ variable-time wNAF over 8-bit windows of G and P_A (the scalars are public); the library recomputes Z_A each call and multiplies in constant time.',
    },
    {
      name: 'SM2 sign, 1 KiB licence',
      subject: { label: 'core SigningKey.sign', fn: () => key.sign(doc) },
      baseline: {
        label: 'sm-crypto-v2 doSignature(hash: true, public key given)',
        fn: () =>
          sm2.doSignature(doc, privateHex, { hash: true, der: false, publicKey: publicHex, userId: DEFAULT_SM2_ID }),
      },
      target: { minRatio: 1.0 },
    },
    {
      name: 'SM2 verify, re-importing the key for every call',
      subject: {
        label: 'importVerificationKeyPem + verify per call',
        fn: async () => (await importVerificationKeyPem(pem)).verify(doc, signature),
      },
      baseline: { label: 'prepared VerificationKey.verify', fn: () => verification.verify(doc, signature) },
      expect: true,
      note: 'why keys are prepared objects: a key imported for each call never gets its window tables (built at a key’s second verification) and re-parses and re-hashes Z_A every time.',
    },
  ];
}

async function webCryptoWorkloads(doc: Uint8Array): Promise<BenchWorkload[]> {
  const subtle = globalThis.crypto.subtle;
  const out: BenchWorkload[] = [];
  const cases = [
    { suite: 'ed25519', title: 'Ed25519', sign: { name: 'Ed25519' }, imp: { name: 'Ed25519' } },
    {
      suite: 'ecdsa-p256',
      title: 'ECDSA P-256',
      sign: { name: 'ECDSA', hash: 'SHA-256' },
      imp: { name: 'ECDSA', namedCurve: 'P-256' },
    },
  ] as const;
  for (const c of cases) {
    const key = await generateSigningKey(c.suite);
    const signature = await key.sign(doc);
    // The raw primitive gets the same key, imported once, straight into WebCrypto.
    const spki = exportSpkiDer(key) as Uint8Array<ArrayBuffer>;
    const pkcs8 = exportPkcs8Der(key) as Uint8Array<ArrayBuffer>;
    const rawPublic = await subtle.importKey('spki', spki, c.imp, false, ['verify']);
    const rawPrivate = await subtle.importKey('pkcs8', pkcs8, c.imp, false, ['sign']);
    const bytes = doc as Uint8Array<ArrayBuffer>;
    const sig = signature as Uint8Array<ArrayBuffer>;
    out.push(
      {
        name: `${c.title} verify, 1 KiB licence (WebCrypto provider)`,
        subject: { label: 'core VerificationKey.verify, WebCrypto', fn: () => key.publicKey.verify(doc, signature) },
        baseline: { label: 'crypto.subtle.verify', fn: () => subtle.verify(c.sign, rawPublic, sig, bytes) },
        expect: true,
      },
      {
        name: `${c.title} sign, 1 KiB licence (WebCrypto provider)`,
        subject: { label: 'core SigningKey.sign, WebCrypto', fn: () => key.sign(doc) },
        baseline: { label: 'crypto.subtle.sign', fn: () => subtle.sign(c.sign, rawPrivate, bytes) },
      },
    );
  }
  return out;
}

export default async function bench(): Promise<BenchFile> {
  const doc = canonicalBytes(licenceLikeDocument(1024));
  if (doc.length !== 1024) throw new Error(`the licence is ${doc.length} bytes, not 1024`);
  return {
    title: 'Signature suites: SM2 (pure JavaScript) and the WebCrypto path',
    issue: 'issue 2',
    workloads: [...(await sm2Workloads(doc)), ...(await webCryptoWorkloads(doc))],
  };
}
