/**
 * The Hutong licence document, native JSON form `hutong-licence/1` (the contract is
 * docs/design/licence-format.md): GB/T 36903 metadata + the type's face fields + an
 * optional pointer to its offline status entry + the issuer's proof.
 *
 * Status is never inside the signed document (it changes); the statusReference only says
 * where to look it up.
 */
import type { SuiteName } from '../crypto/types.js';
import type { CompactDate } from '../dates.js';
import type { AreaCode, HolderCodeType, LicenceId, TypeCode, Uscc } from '../identifiers/index.js';

/** The value of the `format` member of every licence of this version of the contract. */
export const LICENCE_FORMAT = 'hutong-licence/1';

/** GB/T 36903 metadata, element names as the standard spells them. */
export interface LicenceMetadata {
  /** The national identifier (GB/T 36904); its type, issuer and version segments repeat the members below. */
  readonly certificateIdentifier: LicenceId;
  readonly certificateName: string;
  readonly certificateTypeCode: TypeCode;
  /** The number printed on the paper licence (free text). */
  readonly certificateNumber: string;
  /** 3 digits, `001` for the first issue. */
  readonly certificateVersion: string;
  readonly certificateIssuingAuthorityName: string;
  /** The issuer's USCC: also the issuer part of `proof.verificationMethod`. */
  readonly certificateIssuingAuthorityCode: Uscc;
  readonly certificateIssuedDate: CompactDate;
  readonly certificateHolderName: string;
  /** Validated against `certificateHolderTypeCode` (citizen ID, USCC, passport …). */
  readonly certificateHolderCode: string;
  readonly certificateHolderTypeCode: HolderCodeType;
  readonly certificateEffectiveDate: CompactDate;
  /** Absent for a long-term licence (长期有效). */
  readonly certificateExpiringDate?: CompactDate;
  readonly certificateAreaCode: AreaCode;
  /** Present exactly on versions ≥ 002: the identifier of the version this one replaces. */
  readonly previousCertificateIdentifier?: LicenceId;
}

/** A face field value: JSON scalars only, so every verifier reads the same thing. */
export type FaceValue = string | number | boolean;

/** The face (照面) fields, keyed by the field names of the licence type's schema. */
export type LicenceFace = Readonly<Record<string, FaceValue>>;

/** Where the licence's entry in an offline status list is (IETF Token Status List / W3C Bitstring Status List). */
export interface StatusReference {
  readonly uri: string;
  readonly index: number;
}

/** Everything the issuer signs. */
export interface UnsignedLicence {
  readonly format: typeof LICENCE_FORMAT;
  readonly metadata: LicenceMetadata;
  readonly face: LicenceFace;
  readonly statusReference?: StatusReference;
}

/** The issuer's signature over the licence without its proof. */
export interface LicenceProof {
  readonly suite: SuiteName;
  /** `<issuer USCC>#<key id>`; the key id is the RFC 7638 thumbprint of the public key. */
  readonly verificationMethod: string;
  /** RFC 3339 UTC, e.g. `2026-11-29T12:00:00Z`. */
  readonly created: string;
  /** Raw signature (64 bytes for every suite), unpadded base64url. */
  readonly signatureValue: string;
}

/** A signed licence. */
export interface Licence extends UnsignedLicence {
  readonly proof: LicenceProof;
}
