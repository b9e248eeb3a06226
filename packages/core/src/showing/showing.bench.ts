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
 * - the same target on the path the server and `hutong verify` take (trust list prepared with
 *   the node:crypto provider): `verifyShowCode` against `crypto.verify` on a prepared
 *   KeyObject, each path against its own primitive (docs/design/show-code.md §8).
 *
 * Plus an information row: the size distribution of show codes over the demo catalogue.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import type { BenchFigure, BenchFile, BenchWorkload } from '../../../../scripts/bench/types.js';
import { nodeCryptoProvider } from '../../../server/src/crypto/node-crypto-provider.js';
import { exportPublicJwk, exportSpkiPem, type SuiteName } from '../crypto/index.js';
import { DEFAULT_SM2_ID } from '../crypto/sm2-sm3/keys.js';
import { decodeBase64url } from '../licence/index.js';
import { type Fixture, fixture, NODE_ID, NOW } from '../trust/test-support/fixtures.js';
import { verifyTrustList } from '../trust/verify-trust-list.js';
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

/** The show code every verify row reads: three fields, made at NOW. */
function makeCode(fx: Fixture) {
  return createShowCode(
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
}

const VERIFY_AT = new Date(NOW.getTime() + 5_000);

async function verifyWorkload(fx: Fixture): Promise<BenchWorkload> {
  const suite = fx.suite;
  const made = await makeCode(fx);
  const { signedBytes, signature } = readShowCode(made.text);
  const jwk = exportPublicJwk(fx.showingKey.publicKey) as JsonWebKey;
  const baseline = await rawVerifier(suite, jwk, signedBytes, signature);
  return {
    name: `${TITLES[suite]} show code verify offline (3 fields, ${made.text.length} characters)`,
    subject: {
      label: 'core verifyShowCode (decode, trust list, signature, 7 checks, verdict)',
      fn: () => verifyShowCode(made.text, fx.prepared, { now: VERIFY_AT }).then((v) => v.valid),
    },
    baseline,
    target: { minRatio: 0.8 },
    expect: true,
    ...(suite === 'sm2-sm3' ? {} : { note: OVERLAP_NOTE }),
  };
}

const OVERLAP_NOTE =
  'core parses the code and makes its other checks while the platform verifies the signature on its crypto thread, and awaits the answer last: on a machine with an idle second core that work overlaps the signature; on busy cores the two threads take turns and the wall ratio falls (docs/design/show-code.md §8)';

/**
 * The server and `hutong verify` path: the same trust list prepared with the node:crypto
 * provider (synchronous `crypto.verify` on a KeyObject), against that primitive itself.
 */
async function nodeVerifyWorkload(fx: Fixture): Promise<BenchWorkload> {
  // SM2 never goes through a provider (node:crypto cannot set the GB/T 32918 ID).
  if (fx.suite === 'sm2-sm3') throw new Error('the node:crypto rows are for Ed25519 and P-256');
  const made = await makeCode(fx);
  const prepared = await verifyTrustList(fx.list, [{ nodeId: NODE_ID, key: fx.nodeKey.publicKey }], {
    at: NOW,
    provider: nodeCryptoProvider,
  });
  const { signedBytes, signature } = readShowCode(made.text);
  const keyObject = createPublicKey(exportSpkiPem(fx.showingKey));
  const p256 = fx.suite === 'ecdsa-p256';
  const key = p256 ? { key: keyObject, dsaEncoding: 'ieee-p1363' as const } : keyObject;
  const digest = p256 ? 'sha256' : null;
  return {
    name: `${TITLES[fx.suite]} show code verify offline, node:crypto provider (server, hutong verify; 3 fields, ${made.text.length} characters)`,
    subject: {
      label: 'core verifyShowCode, trust list prepared with the node:crypto provider',
      fn: () => verifyShowCode(made.text, prepared, { now: VERIFY_AT }).then((v) => v.valid),
    },
    baseline: {
      label: 'crypto.verify on a prepared KeyObject',
      fn: () => nodeVerify(digest, signedBytes, key, signature),
    },
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

/**
 * CPU time per call of a row's subject and baseline, every thread of the process counted
 * (`process.cpuUsage`: the WebCrypto worker and the garbage collector too), interleaved chunks,
 * medians. The wall-clock ratio of an asynchronous primitive depends on whether a second core
 * is idle while it runs (docs/design/show-code.md §8); the work each side asks of the machine
 * does not, so the quiet run reports both.
 */
async function cpuFigure(workload: BenchWorkload): Promise<BenchFigure> {
  const baseline = workload.baseline;
  if (baseline === undefined) throw new Error(`${workload.name}: a CPU figure needs a baseline`);
  const sides = [workload.subject, baseline];
  const samples: number[][] = [[], []];
  const CALLS = 200;
  for (const side of sides) for (let i = 0; i < CALLS * 5; i++) await side.fn();
  for (let round = 0; round < 24; round++) {
    for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const fn = (sides[k] as (typeof sides)[number]).fn;
      const start = process.cpuUsage();
      for (let i = 0; i < CALLS; i++) await fn();
      const used = process.cpuUsage(start);
      (samples[k] as number[]).push((used.user + used.system) / CALLS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const [subject, primitive] = samples.map(median) as [number, number];
  return {
    name: `${workload.name.replace(/ \(.*$/, '')}: CPU per call, every thread`,
    unit: 'µs',
    subject: { label: workload.subject.label, value: Math.round(subject * 10) / 10 },
    baseline: { label: baseline.label, value: Math.round(primitive * 10) / 10 },
    better: 'lower',
    note: 'process.cpuUsage over 24 interleaved rounds of 200 awaited calls, medians: the work per code whatever the other core is doing; the wall-clock rows above also count waiting for a core',
  };
}

export default async function bench(): Promise<BenchFile> {
  const workloads: BenchWorkload[] = [];
  const fixtures = { sm2: await fixture('sm2-sm3'), ed: await fixture('ed25519'), p256: await fixture('ecdsa-p256') };
  // WebCrypto provider (core's default: browsers, kiosks), then node:crypto (server, CLI).
  for (const fx of [fixtures.sm2, fixtures.ed, fixtures.p256]) workloads.push(await verifyWorkload(fx));
  for (const fx of [fixtures.ed, fixtures.p256]) workloads.push(await nodeVerifyWorkload(fx));
  const figures: BenchFigure[] = [];
  for (const workload of workloads) if (!workload.name.startsWith('SM2')) figures.push(await cpuFigure(workload));
  workloads.push(sizeWorkload());
  return { title: 'Show codes: offline verification and size', issue: 'use without paper', workloads, figures };
}
