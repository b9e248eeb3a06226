/**
 * Hutong against the peers a user would pick instead (issue 7, item 2), in one process, on
 * the same licence: the licence a real Hutong node issued (its 14 GB/T 36904 metadata fields
 * and a 10-claim face), and the same claims in each peer's credential, every one signed with
 * Ed25519.
 *
 * - **Issue**: Hutong's core `signLicence` (check, RFC 8785, sign) against each peer's issue
 *   call — all in memory; the stored, logged issuance over HTTP is measured in
 *   packages/server/src/issuance/issuance.bench.ts.
 * - **Verify**: Hutong's *full offline* verification — what `hutong verify` does offline
 *   (core `verifyLicence`: format, issuer and key from the verified trust list, signature,
 *   dates) plus the status list entry (a Token Status List fetched from the node, opened by core
 *   `openStatusListToken`: signature checked once per token, expiry at every use) plus the log receipt (core
 *   `verifyLogReceipt`: entry, RFC 9162 inclusion proof, checkpoint signature by the log key
 *   the trust list names, a checkpoint already accepted being remembered by its exact bytes;
 *   every key imported once into node:crypto, as `hutong verify` does) — against each peer's own verify call, which checks far less:
 *   digitalbazaar `vc.verifyCredential` (eddsa-rdfc-2022, RDF canonicalisation, contexts and
 *   the key from memory), SD-JWT VC `verify` (JWS + disclosure digests), jose `jwtVerify`
 *   (one JWS) and OpenAttestation `verifySignature` (salted-hash Merkle integrity only; no
 *   issuer signature, no DNS). Targets (issue 7): ≥ 5× digitalbazaar vc, ≥ 1.5× SD-JWT VC,
 *   ≥ 0.7× bare jose.
 */
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import securityContext from '@digitalbazaar/security-context';
import * as vc from '@digitalbazaar/vc';
import { verifySignature as oaVerifySignature, wrapDocument as oaWrapDocument } from '@govtechsg/open-attestation';
import {
  decodeBase64url,
  exportPublicJwk,
  licenceSigningBytes,
  type NoteVerifier,
  openStatusListToken,
  parseVerifierKey,
  signLicence,
  statusListLookup,
  verifyLicence,
  verifyLogReceipt,
} from '@hutong/core';
import { digest as sdDigest, generateSalt as sdSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { jwtVerify, SignJWT } from 'jose';
import { sm2 } from 'sm-crypto-v2';
import { DEFAULT_SM2_ID } from '../../packages/core/src/crypto/sm2-sm3/keys.js';
import { createNodeCryptoProvider } from '../../packages/server/src/crypto/node-crypto-provider.js';
import { nodeHashProvider } from '../../packages/server/src/merkle/node-hash-provider.js';
import type { BenchFile, BenchWorkload } from '../../scripts/bench/types.js';
import { FACE, type HutongNode, startHutongNode } from './hutong-node.js';

const ISSUER_DID = 'did:example:hutong-bench-issuer';
const BENCH_CONTEXT = 'https://hutong.example/bench/v1';
const SEC = 'https://w3id.org/security#';

/** W3C Controlled Identifiers' Multikey context (https://w3id.org/security/multikey/v1), from memory. */
const MULTIKEY_CONTEXT = {
  '@context': {
    id: '@id',
    type: '@type',
    '@protected': true,
    Multikey: {
      '@id': `${SEC}Multikey`,
      '@context': {
        '@protected': true,
        id: '@id',
        type: '@type',
        controller: { '@id': `${SEC}controller`, '@type': '@id' },
        revoked: { '@id': `${SEC}revoked`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
        expires: { '@id': `${SEC}expiration`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
        publicKeyMultibase: { '@id': `${SEC}publicKeyMultibase`, '@type': `${SEC}multibase` },
        secretKeyMultibase: { '@id': `${SEC}secretKeyMultibase`, '@type': `${SEC}multibase` },
      },
    },
  },
};

/**
 * The log key as a verifier meeting it for the first time would hold it: parsed from the
 * trust list's vkey into a fresh `node:crypto` provider, so nothing is remembered — the key
 * is imported and the checkpoint signature checked by OpenSSL on every call. (Core remembers
 * accepted checkpoints per provider and key, merkle/note-signature-check.ts.)
 */
function firstSightLogKey(vkey: string): NoteVerifier {
  const { name, keyId } = parseVerifierKey(vkey, { hashes: nodeHashProvider });
  return {
    name,
    keyId,
    verify: (message, signature) =>
      parseVerifierKey(vkey, { provider: createNodeCryptoProvider(), hashes: nodeHashProvider }).verify(
        message,
        signature,
      ),
  };
}

/** Mean milliseconds of an async operation over `n` calls (after as many warm-up calls): for the profile note. */
async function meanMs(fn: () => Promise<unknown>, n = 300): Promise<number> {
  for (let i = 0; i < n; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
}

/**
 * Hutong's offline verification of one licence: verdict (trust list, signature, dates, status)
 * and, unless `receipt` is false, the log receipt checked with `logVerifier` (default: the
 * trust list's log key as core parsed it).
 */
function hutongVerifier(
  node: HutongNode,
  options: { readonly receipt?: boolean; readonly logVerifier?: NoteVerifier } = {},
): () => Promise<boolean> {
  const { trust, statusListToken, receipt, licenceText } = node;
  const identifier = node.licence.metadata.certificateIdentifier;
  const logKey = options.logVerifier ?? trust.logKeys[0]?.verifier;
  if (logKey === undefined) throw new Error('the trust list names no log key');
  return async () => {
    const at = new Date();
    // The status list as a verifier holds it for its ttl: opened (signature checked, inflated)
    // once per token, its expiry judged at every use.
    const statusList = await openStatusListToken(statusListToken, trust.keys, { at });
    const verdict = await verifyLicence(licenceText, {
      keys: trust.keys,
      at,
      statusLookup: statusListLookup([statusList]),
      requireStatus: true,
    });
    if (!verdict.valid) return false;
    if (options.receipt === false) return true;
    const verified = await verifyLogReceipt(receipt, logKey, { target: identifier, hashes: nodeHashProvider });
    return verified.entry.target === identifier;
  };
}

export default async function bench(): Promise<BenchFile> {
  const node = await startHutongNode();
  process.on('exit', () => void node.close());
  const hutongVerify = hutongVerifier(node);
  const withoutReceipt = hutongVerifier(node, { receipt: false });
  const logVkey = node.trust.logKeys[0]?.vkey;
  if (logVkey === undefined) throw new Error('the trust list names no log key');
  const firstSight = hutongVerifier(node, { logVerifier: firstSightLogKey(logVkey) });
  // Where the time of a full offline verification goes (means over 300 calls, this process).
  const profile = {
    full: await meanMs(hutongVerify),
    verdict: await meanMs(withoutReceipt),
    firstSight: await meanMs(firstSight),
  };
  const hutongIssue = async () => (await signLicence(node.unsigned, node.signingKey)).proof.signatureValue.length;
  // The same claims for every peer: the licence's metadata and its 10-claim face.
  const claims: Record<string, string> = { ...node.licence.metadata, ...FACE };
  const validFrom = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  // digitalbazaar vc 2.0 + Data Integrity eddsa-rdfc-2022, every document from memory.
  const dbKey = await Ed25519Multikey.generate({ id: `${ISSUER_DID}#key-1`, controller: ISSUER_DID });
  const method = await dbKey.export({ publicKey: true, includeContext: true });
  const documents = new Map<string, unknown>([
    ...credentialsContexts,
    ...dataIntegrityContext.contexts,
    ...securityContext.contexts,
  ]);
  documents.set('https://w3id.org/security/multikey/v1', MULTIKEY_CONTEXT);
  documents.set(BENCH_CONTEXT, { '@context': { '@vocab': 'https://hutong.example/bench#' } });
  documents.set(method.id, method);
  documents.set(ISSUER_DID, {
    '@context': 'https://w3id.org/security/v2',
    id: ISSUER_DID,
    assertionMethod: [method.id],
  });
  const documentLoader = async (url: string) => {
    const document = documents.get(url) ?? documents.get(url.split('#')[0] ?? url);
    if (document === undefined) throw new Error(`documentLoader: ${url} is not in memory`);
    return { contextUrl: null, documentUrl: url, document };
  };
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', BENCH_CONTEXT],
    type: ['VerifiableCredential', 'LicenceCredential'],
    id: `urn:hutong:${claims.certificateIdentifier}`,
    issuer: ISSUER_DID,
    validFrom,
    credentialSubject: { id: `urn:hutong:holder:${claims.certificateHolderCode}`, ...claims },
  };
  const dbIssue = () =>
    vc.issue({
      credential,
      suite: new DataIntegrityProof({ signer: dbKey.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader,
    });
  const dbSigned = await dbIssue();
  const dbVerify = async () =>
    (
      await vc.verifyCredential({
        credential: dbSigned,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader,
      })
    ).verified as boolean;

  // SD-JWT VC (EdDSA through node:crypto): the 10 face claims selectively disclosable, metadata in clear.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const sdjwt = new SDJwtVcInstance({
    signer: (data: string) => nodeSign(null, Buffer.from(data), privateKey).toString('base64url'),
    verifier: (data: string, signature: string) =>
      nodeVerify(null, Buffer.from(data), publicKey, Buffer.from(signature, 'base64url')),
    signAlg: 'EdDSA',
    hasher: sdDigest,
    hashAlg: 'sha-256',
    saltGenerator: sdSalt,
  });
  const sdPayload = {
    iss: 'https://licences.bench.example.cn',
    iat: Math.floor(Date.now() / 1000),
    vct: `https://licences.bench.example.cn/types/${claims.certificateTypeCode}`,
    ...claims,
  };
  const sdIssue = () => sdjwt.issue(sdPayload, { _sd: Object.keys(FACE) } as never);
  const sdCredential = await sdIssue();
  const sdVerify = async () => {
    const { payload } = await sdjwt.verify(sdCredential);
    return (payload as Record<string, unknown>).idNumber === FACE.idNumber;
  };

  // A bare JWT-VC with jose (EdDSA): one JWS, nothing else checked.
  const joseIssue = () =>
    new SignJWT({ vc: { type: ['VerifiableCredential'], credentialSubject: claims } })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt' })
      .setIssuer('https://licences.bench.example.cn')
      .setIssuedAt()
      .sign(privateKey);
  const jwt = await joseIssue();
  const joseVerify = async () => (await jwtVerify(jwt, publicKey)).payload.iss === 'https://licences.bench.example.cn';

  // OpenAttestation v2: salted-hash Merkle wrap; the offline check is integrity only.
  const oaDocument = {
    issuers: [
      {
        name: 'Hutong bench issuer',
        documentStore: '0x9178F546D3FF57D7A6352bD61B80cCCD46199C2d',
        identityProof: { type: 'DNS-TXT', location: 'licences.bench.example.cn' },
      },
    ],
    ...claims,
  };
  const oaIssue = () => oaWrapDocument(oaDocument as never);
  const oaWrapped = oaIssue();
  const oaVerify = () => oaVerifySignature(oaWrapped);

  // The other suites: the same licence issued by a node whose issuer key is ECDSA P-256 or SM2.
  const p256Node = await startHutongNode({ suite: 'ecdsa-p256' });
  const sm2Node = await startHutongNode({ suite: 'sm2-sm3' });
  process.on('exit', () => {
    void p256Node.close();
    void sm2Node.close();
  });
  const p256Verify = hutongVerifier(p256Node);
  const sm2Verify = hutongVerifier(sm2Node);
  // jose ES256 (RFC 7518 §3.4), key in node:crypto: the bare JWT peer of a P-256 licence.
  const es256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const es256Jwt = await new SignJWT({ vc: { type: ['VerifiableCredential'], credentialSubject: claims } })
    .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt' })
    .setIssuer('https://licences.bench.example.cn')
    .setIssuedAt()
    .sign(es256.privateKey);
  const es256Verify = async () =>
    (await jwtVerify(es256Jwt, es256.publicKey)).payload.iss === 'https://licences.bench.example.cn';
  // SM2 has no JOSE or VC peer: the limit is sm-crypto-v2's raw SM2 verify (precomputed public
  // point, SM3 with the default ID) of the very bytes and signature the licence carries.
  const sm2Licence = sm2Node.licence;
  const sm2Jwk = exportPublicJwk(sm2Node.signingKey.publicKey) as { x: string; y: string };
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const sm2Point = sm2.precomputePublicKey(`04${hex(decodeBase64url(sm2Jwk.x))}${hex(decodeBase64url(sm2Jwk.y))}`);
  const sm2Bytes = licenceSigningBytes(sm2Licence);
  const sm2Signature = hex(decodeBase64url(sm2Licence.proof.signatureValue));
  const sm2Raw = () =>
    sm2.doVerifySignature(sm2Bytes, sm2Signature, sm2Point, { hash: true, der: false, userId: DEFAULT_SM2_ID });
  if (!sm2Raw()) throw new Error('sm-crypto-v2 does not verify the SM2 licence');
  if (!(await p256Verify()) || !(await sm2Verify())) throw new Error('a P-256 or SM2 licence does not verify');

  const hutongIssueLabel = 'core signLicence (check, RFC 8785, Ed25519 via node:crypto)';
  const hutongVerifyLabel =
    'core verifyLicence (trust list, signature, dates; status via openStatusListToken, opened once per token) + verifyLogReceipt (inclusion proof; checkpoint signature, remembered once accepted); keys in node:crypto as hutong verify';
  const sizes = `document sizes: Hutong licence ${node.licenceText.length} characters + receipt ${JSON.stringify(node.receipt).length}; digitalbazaar ${JSON.stringify(dbSigned).length}; SD-JWT VC ${sdCredential.length}; JWT ${jwt.length}; OpenAttestation ${JSON.stringify(oaWrapped).length}`;
  const workloads: BenchWorkload[] = [
    {
      name: 'Full offline verify vs digitalbazaar vc (eddsa-rdfc-2022)',
      subject: { label: hutongVerifyLabel, fn: hutongVerify },
      baseline: {
        label: '@digitalbazaar/vc verifyCredential, DataIntegrityProof eddsa-rdfc-2022, contexts in memory',
        fn: dbVerify,
      },
      target: { minRatio: 5 },
      expect: true,
      note: `Same claims (14 metadata fields + 10-claim face) in every credential; ${sizes}.`,
    },
    {
      name: 'Offline verify without the log receipt vs bare JWT (jose)',
      subject: {
        label: 'core verifyLicence (trust list, signature, dates; status via openStatusListToken)',
        fn: withoutReceipt,
      },
      baseline: { label: 'jose jwtVerify (EdDSA, one JWS, nothing else checked)', fn: joseVerify },
      expect: true,
      note: `Profile of one full offline verification in this run (mean of 300 calls): ${profile.full.toFixed(3)} ms in all; verdict (trust list, signature, dates, status) ${profile.verdict.toFixed(3)} ms; log receipt (entry, inclusion proof, checkpoint already accepted) ${(profile.full - profile.verdict).toFixed(3)} ms; a checkpoint seen for the first time (log key imported, note signature checked by OpenSSL) adds ${(profile.firstSight - profile.full).toFixed(3)} ms. Every key is imported once into node:crypto, as \`hutong verify\` does (verifyTrustList's provider option).`,
    },
    {
      name: 'Full offline verify, each checkpoint seen for the first time, vs bare JWT (jose)',
      subject: {
        label: 'as the full verify, but the log key imported and the checkpoint signature checked on every call',
        fn: firstSight,
      },
      baseline: { label: 'jose jwtVerify (EdDSA, one JWS, nothing else checked)', fn: joseVerify },
      expect: true,
      note: 'The full verify remembers a checkpoint it has accepted (same bytes, same verdict; bounded, like the trust list and the status list), so receipts into one checkpoint cost only their inclusion proof: this row is the cost of a verifier meeting every checkpoint once.',
    },
    {
      name: 'Full offline verify vs SD-JWT VC',
      subject: { label: hutongVerifyLabel, fn: hutongVerify },
      baseline: { label: '@sd-jwt/sd-jwt-vc verify (EdDSA, 10 disclosures)', fn: sdVerify },
      target: { minRatio: 1.5 },
      expect: true,
    },
    {
      name: 'Full offline verify vs bare JWT (jose)',
      subject: { label: hutongVerifyLabel, fn: hutongVerify },
      baseline: { label: 'jose jwtVerify (EdDSA, one JWS, nothing else checked)', fn: joseVerify },
      target: { minRatio: 0.7 },
      expect: true,
    },
    {
      name: 'Full offline verify vs OpenAttestation (integrity only)',
      subject: { label: hutongVerifyLabel, fn: hutongVerify },
      baseline: {
        label: '@govtechsg/open-attestation verifySignature (v2 Merkle integrity, no signature)',
        fn: oaVerify,
      },
      expect: true,
    },
    {
      name: 'ECDSA P-256 licence: full offline verify vs bare JWT ES256 (jose)',
      subject: { label: hutongVerifyLabel.replace('node:crypto', 'node:crypto; issuer key P-256'), fn: p256Verify },
      baseline: { label: 'jose jwtVerify (ES256, one JWS, nothing else checked)', fn: es256Verify },
      expect: true,
    },
    {
      name: 'SM2 licence: full offline verify vs raw SM2 verify of the same bytes (sm-crypto-v2)',
      subject: {
        label: hutongVerifyLabel.replace('node:crypto', 'node:crypto; issuer key SM2 (core, pure JS)'),
        fn: sm2Verify,
      },
      baseline: {
        label:
          'sm-crypto-v2 doVerifySignature(hash: true, default ID) on a precomputePublicKey point, licence signing bytes',
        fn: sm2Raw,
      },
      expect: true,
      note: 'No VC or JOSE library verifies SM2 (GB/T 32918 with SM3 and a distinguishing ID), so the peer is the raw signature check alone: the ratio is what trust list, status list, dates and log receipt add to it.',
    },
    {
      name: 'Issue vs digitalbazaar vc (eddsa-rdfc-2022)',
      subject: { label: hutongIssueLabel, fn: hutongIssue },
      baseline: { label: '@digitalbazaar/vc issue, DataIntegrityProof eddsa-rdfc-2022', fn: dbIssue },
    },
    {
      name: 'Issue vs SD-JWT VC',
      subject: { label: hutongIssueLabel, fn: hutongIssue },
      baseline: { label: '@sd-jwt/sd-jwt-vc issue (EdDSA, 10 disclosures)', fn: sdIssue },
    },
    {
      name: 'Issue vs bare JWT (jose)',
      subject: { label: hutongIssueLabel, fn: hutongIssue },
      baseline: { label: 'jose SignJWT (EdDSA)', fn: joseIssue },
    },
    {
      name: 'Issue vs OpenAttestation',
      subject: { label: hutongIssueLabel, fn: hutongIssue },
      baseline: { label: '@govtechsg/open-attestation wrapDocument (v2, salted keccak-256 per field)', fn: oaIssue },
    },
  ];
  return {
    title: 'Peers: the same licence issued and verified by the libraries a user would pick instead',
    issue: 'issue 7',
    workloads,
  };
}
