import { canonicalMember, canonicalMembers, joinCanonicalMembers } from '../canonical/index.js';
import type { SigningKey } from '../crypto/types.js';
import { isSuiteName } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { encodeBase64url } from './base64url.js';
import type { Licence, LicenceProof, UnsignedLicence } from './licence.js';
import { licenceSigningBytes } from './licence-signing-bytes.js';
import { type ParseLicenceOptions, parseUnsignedLicence } from './parse-licence.js';
import { formatProofCreated } from './proof-created.js';
import { SIGNATURE_BYTES } from './signature-bytes.js';
import { formatVerificationMethod, isKeyId } from './verification-method.js';

export interface SignLicenceOptions extends ParseLicenceOptions {
  /** The signing time written in `proof.created` (whole seconds, UTC). Default: now. */
  readonly created?: Date;
}

/** A signed licence with its RFC 8785 canonical text, proof included (what its document digest hashes). */
export interface CanonicalSignedLicence {
  readonly licence: Licence;
  /** `canonicalize(licence)`, made from the members the signature already canonicalised. */
  readonly canonical: string;
}

const encoder = new TextEncoder();

/**
 * Checks, signs `bytes` (the caller's {@link licenceSigningBytes} of `checked`) and builds the
 * proof: the one signing path of {@link signLicence} and {@link signLicenceCanonical}.
 */
async function signChecked(
  checked: UnsignedLicence,
  bytes: Uint8Array,
  key: SigningKey,
  options: SignLicenceOptions,
): Promise<Licence> {
  if (!isSuiteName(key.suite)) {
    throw new HutongError('ERR_LICENCE_SIGNING_KEY', {
      field: 'key.suite',
      params: { problem: 'unknown suite' },
      zhParams: { problem: '未知的签名套件' },
    });
  }
  if (!isKeyId(key.keyId)) {
    throw new HutongError('ERR_LICENCE_SIGNING_KEY', {
      field: 'key.keyId',
      params: { problem: 'the key id is not an RFC 7638 SHA-256 thumbprint' },
      zhParams: { problem: '密钥标识不是 RFC 7638 SHA-256 指纹' },
    });
  }
  const created = formatProofCreated(options.created ?? new Date());
  const signature = await key.sign(bytes);
  // A DER signature or a wrong suite implementation would produce a licence nobody can verify.
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES[key.suite]) {
    throw new HutongError('ERR_LICENCE_SIGNING_KEY', {
      field: 'key',
      params: { problem: `it returned a signature that is not ${SIGNATURE_BYTES[key.suite]} raw bytes` },
      zhParams: { problem: `它返回的签名不是 ${SIGNATURE_BYTES[key.suite]} 字节的原始签名` },
    });
  }
  const proof: LicenceProof = {
    suite: key.suite,
    verificationMethod: formatVerificationMethod(checked.metadata.certificateIssuingAuthorityCode, key.keyId),
    created,
    signatureValue: encodeBase64url(signature),
  };
  return { ...checked, proof };
}

/**
 * Signs a licence: checks it with {@link parseUnsignedLicence} (nothing malformed is ever
 * signed), signs {@link licenceSigningBytes} with `key`, and returns the licence with its
 * proof. `verificationMethod` is `<certificateIssuingAuthorityCode>#<key.keyId>`.
 *
 * @example
 * const licence = await signLicence(unsigned, issuerKey, { created: new Date('2026-11-29T12:00:00Z') });
 * licence.proof.verificationMethod // '91350100M000100Y43#NzbLsXh8…'
 */
export async function signLicence(
  unsigned: UnsignedLicence,
  key: SigningKey,
  options: SignLicenceOptions = {},
): Promise<Licence> {
  const checked = parseUnsignedLicence(unsigned, options);
  return signChecked(checked, licenceSigningBytes(checked), key, options);
}

/**
 * {@link signLicence}, also returning the signed licence's canonical text (RFC 8785, proof
 * included) for its document digest, made from the members the signature already
 * canonicalised plus the proof's: a signing thread that digests what it signs canonicalises
 * each licence once instead of twice. The licence and signature are signLicence's.
 *
 * @example
 * const { licence, canonical } = await signLicenceCanonical(unsigned, issuerKey);
 * canonical === canonicalize(licence) // true
 */
export async function signLicenceCanonical(
  unsigned: UnsignedLicence,
  key: SigningKey,
  options: SignLicenceOptions = {},
): Promise<CanonicalSignedLicence> {
  const checked = parseUnsignedLicence(unsigned, options);
  // `checked` is a fresh object of format, metadata, face and statusReference, no proof: its
  // members joined are licenceSigningBytes' text (tested equal).
  const members = canonicalMembers(checked as unknown as Record<string, unknown>);
  const licence = await signChecked(checked, encoder.encode(joinCanonicalMembers(members)), key, options);
  members.push(canonicalMember('proof', licence.proof));
  return { licence, canonical: joinCanonicalMembers(members) };
}
