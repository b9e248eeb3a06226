/**
 * The two standard key containers, independent of the algorithm inside:
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and PKCS#8 PrivateKeyInfo / OneAsymmetricKey
 * (RFC 5208 §5, RFC 5958 §2). Each suite's `keys.ts` interprets the algorithm-specific parts.
 */
import { HutongError } from '../errors.js';
import {
  contextTag,
  DER_TAG,
  type DerReader,
  derBitString,
  derOctetString,
  derOid,
  derSequence,
  derSmallInteger,
  derTlv,
  readDerSequence,
} from './der.js';

/** An AlgorithmIdentifier reduced to what Hutong's suites use: an OID and an optional named curve. */
export interface KeyAlgorithm {
  readonly oid: string;
  /** The `namedCurve` parameter (RFC 5480 §2.1.1) for EC keys; absent for Ed25519 (RFC 8410 §3). */
  readonly namedCurve?: string;
}

export interface SpkiContent {
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: Uint8Array;
}

export interface Pkcs8Content {
  readonly algorithm: KeyAlgorithm;
  /** The contents of the `privateKey` OCTET STRING (algorithm-specific DER). */
  readonly privateKey: Uint8Array;
  /** RFC 5958 `publicKey [1]`, present only in version 2 (v1 = INTEGER 1) documents. */
  readonly publicKey?: Uint8Array;
}

function readAlgorithm(reader: DerReader, what: string): KeyAlgorithm {
  const seq = reader.sequence(what);
  const oid = seq.oid('algorithm');
  if (seq.done) {
    seq.end();
    return { oid };
  }
  const tag = seq.peekTag();
  if (tag !== DER_TAG.OBJECT_IDENTIFIER) {
    // RFC 5480 §2.1.1: specifiedCurve and implicitCurve MUST NOT be used in PKIX; a NULL
    // parameter is what RSA uses. Neither describes a Hutong key.
    throw new HutongError('ERR_CRYPTO_KEY_FORM_UNSUPPORTED', {
      field: `${what}.parameters`,
      params: { form: 'algorithm parameters other than a named curve OID (explicit curve parameters or NULL)' },
      zhParams: { form: '算法参数不是命名曲线 OID（显式曲线参数或 NULL）' },
    });
  }
  const namedCurve = seq.oid('parameters');
  seq.end();
  return { oid, namedCurve };
}

/** Parses a DER SubjectPublicKeyInfo. */
export function parseSpki(der: Uint8Array): SpkiContent {
  const spki = readDerSequence(der, 'SubjectPublicKeyInfo');
  const algorithm = readAlgorithm(spki, 'algorithm');
  const publicKey = spki.bitStringBytes('subjectPublicKey');
  spki.end();
  return { algorithm, publicKey };
}

/** Parses a DER PKCS#8 PrivateKeyInfo (v1) or OneAsymmetricKey (v2). */
export function parsePkcs8(der: Uint8Array): Pkcs8Content {
  const info = readDerSequence(der, 'PrivateKeyInfo');
  const version = info.smallInteger('version');
  // RFC 5958 §2: v1 (0) or v2 (1); v2 may carry the public key.
  if (version !== 0 && version !== 1) {
    throw new HutongError('ERR_CRYPTO_KEY_FORM_UNSUPPORTED', {
      field: 'PrivateKeyInfo.version',
      params: { form: `PKCS#8 version ${version}` },
      zhParams: { form: `PKCS#8 版本 ${version}` },
    });
  }
  const algorithm = readAlgorithm(info, 'privateKeyAlgorithm');
  const privateKey = info.octetString('privateKey');
  if (info.peekTag() === contextTag(0, true)) {
    throw new HutongError('ERR_CRYPTO_KEY_FORM_UNSUPPORTED', {
      field: 'PrivateKeyInfo.attributes',
      params: { form: 'PKCS#8 attributes' },
      zhParams: { form: '带属性的 PKCS#8' },
    });
  }
  let publicKey: Uint8Array | undefined;
  if (version === 1 && info.peekTag() === contextTag(1, false)) {
    publicKey = info.implicitBitStringBytes(1, 'publicKey');
  }
  info.end();
  return publicKey === undefined ? { algorithm, privateKey } : { algorithm, privateKey, publicKey };
}

function writeAlgorithm(algorithm: KeyAlgorithm): Uint8Array {
  return derSequence(
    derOid(algorithm.oid),
    algorithm.namedCurve === undefined ? new Uint8Array(0) : derOid(algorithm.namedCurve),
  );
}

/** Writes a DER SubjectPublicKeyInfo. */
export function writeSpki(algorithm: KeyAlgorithm, publicKey: Uint8Array): Uint8Array {
  return derSequence(writeAlgorithm(algorithm), derBitString(publicKey));
}

/**
 * Writes a DER PKCS#8 v1 PrivateKeyInfo (version 0, no attributes), which is what
 * `openssl genpkey` writes for every Hutong suite and what every reader accepts.
 */
export function writePkcs8(algorithm: KeyAlgorithm, privateKey: Uint8Array): Uint8Array {
  return derSequence(derSmallInteger(0), writeAlgorithm(algorithm), derOctetString(privateKey));
}

/** `[n]` EXPLICIT wrapper, for ECPrivateKey's optional fields. */
export function derExplicit(tagNumber: number, content: Uint8Array): Uint8Array {
  return derTlv(contextTag(tagNumber, true), content);
}
