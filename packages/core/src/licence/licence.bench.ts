/**
 * A licence's own work per signature and per read, the part of every hot path that is core's
 * (issue 3: batch issuance ≥ 0.5× the raw Ed25519 sign rate, import ≥ 0.6×; each signed
 * licence is checked, canonicalised, signed and digested on a signing thread, and read back
 * from the store with parseLicence). Rows, each against its primitive in the same run:
 *
 * - `signLicenceCanonical` (parseUnsignedLicence, RFC 8785 text once, Ed25519 through the
 *   server's node:crypto provider, proof, the document's canonical text) against
 *   `crypto.sign(null, bytes, keyObject)` over the same signing bytes: the share of a signing
 *   thread's per-licence time that is the signature itself (information: the issue targets are
 *   over HTTP and the store, in issuance.bench.ts and import.bench.ts);
 * - `parseLicence(JSON.parse(text))` against `JSON.parse(text)` of the same signed document:
 *   what the strict check adds to reading the JSON.
 */
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { nodeCryptoProvider } from '../../../server/src/crypto/node-crypto-provider.js';
import { canonicalize } from '../canonical/index.js';
import { exportPkcs8Pem, generateSigningKey } from '../crypto/index.js';
import { encodeBase64url } from './base64url.js';
import { licenceSigningBytes } from './licence-signing-bytes.js';
import { parseLicence, parseUnsignedLicence } from './parse-licence.js';
import { signLicenceCanonical } from './sign-licence.js';
import { sampleLicenceJson } from './test-support/sample-licence.js';

export default async function bench(): Promise<BenchFile> {
  const key = await generateSigningKey('ed25519', { provider: nodeCryptoProvider });
  const keyObject = createPrivateKey(await exportPkcs8Pem(key));
  const unsigned = parseUnsignedLicence(sampleLicenceJson());
  const created = new Date('2026-11-29T12:00:00Z');
  const bytes = licenceSigningBytes(unsigned);
  const { licence, canonical } = await signLicenceCanonical(unsigned, key, { created });
  if (canonical !== canonicalize(licence)) throw new Error('signLicenceCanonical: canonical text differs');
  const text = JSON.stringify(licence);
  const size = `${text.length.toLocaleString('en')} characters`;
  return {
    title: 'Licence: sign and parse (core)',
    issue: 'issue 3',
    workloads: [
      {
        name: `Ed25519 signLicenceCanonical vs crypto.sign, sample licence (${size})`,
        subject: {
          label: 'signLicenceCanonical (check, RFC 8785 once, sign, proof, document text)',
          fn: async () => (await signLicenceCanonical(unsigned, key, { created })).licence.proof.signatureValue.length,
        },
        baseline: {
          label: 'crypto.sign on a KeyObject, same bytes, base64url',
          fn: () => encodeBase64url(nodeSign(null, bytes, keyObject)).length,
        },
        // 64 signature bytes are 86 base64url characters on both sides.
        expect: 86,
      },
      {
        name: `parseLicence(JSON.parse(text)) vs JSON.parse(text), signed sample licence (${size})`,
        subject: {
          label: 'parseLicence(JSON.parse(text))',
          fn: () => parseLicence(JSON.parse(text)).proof.signatureValue,
        },
        baseline: { label: 'JSON.parse(text)', fn: () => (JSON.parse(text) as typeof licence).proof.signatureValue },
        expect: licence.proof.signatureValue,
      },
    ],
  };
}
