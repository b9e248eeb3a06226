/**
 * Issue 2 targets for the server path: Ed25519 and ECDSA P-256 on a 1 KiB canonical licence
 * through core's key API with the node:crypto provider, against raw `crypto.verify` /
 * `crypto.sign` on the same bytes and prepared KeyObjects in the same run; and the claim that
 * justifies the provider — node:crypto verifies faster than core's default WebCrypto path.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import {
  canonicalBytes,
  exportPkcs8Pem,
  exportSpkiPem,
  generateSigningKey,
  importVerificationKeyPem,
  webCryptoProvider,
} from '@hutong/core';
import { licenceLikeDocument } from '../../../../scripts/bench/fixtures.mjs';
import type { BenchFile, BenchWorkload } from '../../../../scripts/bench/types.js';
import { nodeCryptoProvider } from './index.js';

export default async function bench(): Promise<BenchFile> {
  const doc = canonicalBytes(licenceLikeDocument(1024));
  if (doc.length !== 1024) throw new Error(`the licence is ${doc.length} bytes, not 1024`);
  const workloads: BenchWorkload[] = [];
  const cases = [
    { suite: 'ed25519', title: 'Ed25519', digest: null, p1363: false },
    { suite: 'ecdsa-p256', title: 'ECDSA P-256', digest: 'sha256', p1363: true },
  ] as const;
  for (const c of cases) {
    const key = await generateSigningKey(c.suite, { provider: nodeCryptoProvider });
    const signature = await key.sign(doc);
    const viaWebCrypto = await importVerificationKeyPem(exportSpkiPem(key), { provider: webCryptoProvider });
    const publicKey = createPublicKey(exportSpkiPem(key));
    const privateKey = createPrivateKey(exportPkcs8Pem(key));
    const verifyKey = c.p1363 ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const } : publicKey;
    const signKey = c.p1363 ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const } : privateKey;
    workloads.push(
      {
        name: `${c.title} verify, 1 KiB licence (server path)`,
        subject: {
          label: 'core VerificationKey.verify, node:crypto provider',
          fn: () => key.publicKey.verify(doc, signature),
        },
        baseline: {
          label: 'crypto.verify on a prepared KeyObject',
          fn: () => nodeVerify(c.digest, doc, verifyKey, signature),
        },
        target: { minRatio: 0.9 },
        expect: true,
      },
      {
        name: `${c.title} sign, 1 KiB licence (server path)`,
        subject: { label: 'core SigningKey.sign, node:crypto provider', fn: () => key.sign(doc) },
        baseline: { label: 'crypto.sign on a prepared KeyObject', fn: () => nodeSign(c.digest, doc, signKey) },
      },
      {
        name: `${c.title} verify: node:crypto provider vs WebCrypto provider`,
        subject: { label: 'core verify, node:crypto provider', fn: () => key.publicKey.verify(doc, signature) },
        baseline: { label: 'core verify, WebCrypto provider', fn: () => viaWebCrypto.verify(doc, signature) },
        target: { minRatio: 1.0 },
        expect: true,
        note: 'the reason the server injects node:crypto: it must be faster than the default it replaces.',
      },
    );
  }
  return { title: 'Signature suites: the server path (node:crypto provider)', issue: 'issue 2', workloads };
}
