/**
 * Show codes (issue "use without paper"): offline verification through core must reach
 * ≥ 0.8× the raw signature verification of the same suite, same run, same bytes.
 *
 * - subject: `verifyShowCode(text, preparedTrustList, { now })` as a verifier calls it — base45
 *   and payload decoding, identifier rebuilding (GB/T 36904 check character), key lookup by
 *   hint, the signature, every check and the verdict;
 * - baseline: the bare primitive over the code's signed bytes and signature: `crypto.subtle.verify`
 *   on an imported CryptoKey for Ed25519 and P-256 (core's default provider is WebCrypto), and
 *   sm-crypto-v2's `doVerifySignature` on a precomputed public key for SM2 (core's SM2 library).
 *
 * Plus an information row: the size distribution of show codes over the demo catalogue.
 */
import { sm2 } from 'sm-crypto-v2';
import type { BenchFile, BenchWorkload } from '../../../../scripts/bench/types.js';
import { exportPublicJwk, type SuiteName } from '../crypto/index.js';
import { DEFAULT_SM2_ID } from '../crypto/sm2-sm3/keys.js';
import { decodeBase64url } from '../licence/index.js';
import { fixture, NOW } from '../trust/test-support/fixtures.js';
import { createShowCode } from './create-show-code.js';
import { readShowCode } from './show-code-payload.js';
import { showCodeSizeReport } from './show-code-size-report.js';
import { demoCatalogue } from './test-support/demo-catalogue.js';
import { verifyShowCode } from './verify-show-code.js';

const TITLES: Record<SuiteName, string> = { 'sm2-sm3': 'SM2', ed25519: 'Ed25519', 'ecdsa-p256': 'ECDSA P-256' };

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function rawVerifier(
  suite: SuiteName,
  jwk: JsonWebKey,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<{ label: string; fn: () => Promise<boolean> | boolean }> {
  if (suite === 'sm2-sm3') {
    const x = decodeBase64url(jwk.x);
    const y = decodeBase64url(jwk.y);
    const point = sm2.precomputePublicKey(`04${toHex(x)}${toHex(y)}`);
    const signatureHex = toHex(signature);
    return {
      label: 'sm-crypto-v2 doVerifySignature(hash: true) on a precomputePublicKey point',
      fn: () => sm2.doVerifySignature(data, signatureHex, point, { hash: true, der: false, userId: DEFAULT_SM2_ID }),
    };
  }
  const subtle = globalThis.crypto.subtle;
  const algorithm = suite === 'ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };
  const params = suite === 'ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
  const key = await subtle.importKey('jwk', jwk, algorithm, false, ['verify']);
  return {
    label: 'crypto.subtle.verify on an imported CryptoKey',
    fn: () => subtle.verify(params, key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>),
  };
}

async function verifyWorkload(suite: SuiteName): Promise<BenchWorkload> {
  const fx = await fixture(suite);
  const made = await createShowCode(
    {
      licence: fx.licence,
      type: fx.type,
      status: 'valid',
      purpose: 'entry',
      disclose: ['certificateHolderName', 'birthDate', 'certificateNumber'],
    },
    fx.showingKey,
    { now: NOW },
  );
  const now = new Date(NOW.getTime() + 5_000);
  const { signedBytes, signature } = readShowCode(made.text);
  const jwk = exportPublicJwk(fx.showingKey.publicKey) as JsonWebKey;
  const baseline = await rawVerifier(suite, jwk, signedBytes, signature);
  return {
    name: `${TITLES[suite]} show code verify offline (3 fields, ${made.text.length} characters)`,
    subject: {
      label: 'core verifyShowCode (decode, trust list, signature, 7 checks, verdict)',
      fn: () => verifyShowCode(made.text, fx.prepared, { now }).then((v) => v.valid),
    },
    baseline,
    target: { minRatio: 0.8 },
    expect: true,
  };
}

function sizeWorkload(): BenchWorkload {
  const types = demoCatalogue();
  const report = showCodeSizeReport(types);
  const line = (scenario: keyof typeof report.distributions) => {
    const d = report.distributions[scenario];
    const q = (x: { min: number; median: number; max: number }) => `${x.min}/${x.median}/${x.max}`;
    return `${scenario}: base45 ${q(d.base45Chars)} characters (QR version ${q(d.qrVersionBase45)} at level M), base64url ${q(d.base64urlChars)} (QR version ${q(d.qrVersionBase64url)})`;
  };
  return {
    name: `Show-code size report over the demo catalogue (${types.length} types × 3 scenarios)`,
    subject: { label: 'core showCodeSizeReport', fn: () => showCodeSizeReport(types).entries.length },
    expect: types.length * 3,
    note: `min/median/max — ${line('three-fields')}; ${line('default')}; ${line('all-fields')}.`,
  };
}

export default async function bench(): Promise<BenchFile> {
  const workloads: BenchWorkload[] = [];
  for (const suite of ['sm2-sm3', 'ed25519', 'ecdsa-p256'] as const) workloads.push(await verifyWorkload(suite));
  workloads.push(sizeWorkload());
  return { title: 'Show codes: offline verification and size', issue: 'use without paper', workloads };
}
