/**
 * Show codes (亮证码): the short-lived signed token a holder's phone shows as a QR code.
 * The format is `HT1:` + base45(payload ‖ signature); the contract is
 * docs/design/show-code.md. This module holds the shapes and the constants of the format.
 */
import type { Label } from '../catalogue/index.js';
import type { CompactDate } from '../dates.js';
import type { LicenceId, TypeCode, Uscc } from '../identifiers/index.js';
import type { FaceValue } from '../licence/index.js';
import type { OfflineStatus } from '../verify/index.js';
import type { StatusListSlot } from './status-list-slot.js';

/** Every show code of this version of the contract starts with this (QR alphanumeric characters). */
export const SHOW_CODE_PREFIX = 'HT1:';

/** A show code lives at most this long after it was made (the bound). */
export const MAX_SHOW_CODE_LIFETIME_SECONDS = 120;
/** What a holder's screen uses unless told otherwise; it refreshes before expiry. */
export const DEFAULT_SHOW_CODE_LIFETIME_SECONDS = 60;
/**
 * Longest show code, in characters: what a QR code of version 20 (97×97 modules) holds at
 * error-correction level M in alphanumeric mode (ISO/IEC 18004 table 7), about the largest a
 * phone camera reads reliably from another phone's screen. Longer text is refused unread.
 */
export const MAX_SHOW_CODE_LENGTH = 970;
/** How far ahead of the verifier's clock a code's issue time may be: phones' clocks drift. */
export const SHOW_CODE_CLOCK_SKEW_MS = 30_000;
/** 96 random bits: a replay register can key on the nonce alone. */
export const SHOW_CODE_NONCE_BYTES = 12;
/** Most fields one code carries. */
export const MAX_SHOWN_FIELDS = 32;
/** Longest free-text purpose, in Unicode characters. */
export const MAX_PURPOSE_LENGTH = 32;

/**
 * Purpose codes (用证事由): a code takes one byte on the wire where free text takes up to
 * 129. THE ORDER IS PART OF THE FORMAT (code n is written as n + 1): only append.
 */
export const SHOW_PURPOSE_CODES = [
  'entry',
  'identity',
  'inspection',
  'service',
  'employment',
  'tenancy',
  'lodging',
  'travel',
  'banking',
  'education',
  'medical',
] as const;
export type ShowPurposeCode = (typeof SHOW_PURPOSE_CODES)[number];

/** How a verifier shows a purpose code. */
export const SHOW_PURPOSE_LABELS: Readonly<Record<ShowPurposeCode, Label>> = {
  entry: { zh: '入场登记', en: 'Entry registration' },
  identity: { zh: '身份核验', en: 'Identity check' },
  inspection: { zh: '执法检查', en: 'Inspection' },
  service: { zh: '政务服务办理', en: 'Government service' },
  employment: { zh: '入职查验', en: 'Employment check' },
  tenancy: { zh: '租赁登记', en: 'Tenancy registration' },
  lodging: { zh: '住宿登记', en: 'Lodging registration' },
  travel: { zh: '出行核验', en: 'Travel check' },
  banking: { zh: '金融业务办理', en: 'Banking' },
  education: { zh: '入学报名', en: 'School enrolment' },
  medical: { zh: '就医', en: 'Medical care' },
};

/**
 * GB/T 36903 metadata elements a code can carry besides face fields. THE ORDER IS PART OF
 * THE FORMAT (element n is written as key tag n + 1): only append.
 */
export const SHOWABLE_METADATA = [
  'certificateHolderName',
  'certificateHolderCode',
  'certificateNumber',
  'certificateName',
] as const;
export type ShowableMetadata = (typeof SHOWABLE_METADATA)[number];

/** One field the holder chose to show. */
export interface ShownField {
  /** A face field of the licence's type, or a GB/T 36903 metadata element. */
  readonly source: 'face' | 'metadata';
  /** The face field key, or the metadata element name. */
  readonly key: string;
  /** The value as shown: the licence's value, or its masked form when `masked`. */
  readonly value: FaceValue;
  /** True when the holder chose the masked form (e.g. `110105********002X`): not the real value. */
  readonly masked: boolean;
}

/** What a show code says (decoded; the signature is checked by `verifyShowCode`). */
export interface ShowCode {
  readonly identifier: LicenceId;
  readonly typeCode: TypeCode;
  /** Implied by the identifier (GB/T 36904: the issuer segment). */
  readonly issuerCode: Uscc;
  /** The licence's offline status value when the node made the code. */
  readonly statusAtSigning: OfflineStatus;
  readonly effectiveDate: CompactDate;
  /** Absent: a long-term licence (长期有效). */
  readonly expiringDate?: CompactDate;
  /** A purpose code from {@link SHOW_PURPOSE_CODES}, or free text. */
  readonly purpose: string;
  readonly fields: readonly ShownField[];
  /** Whole seconds. */
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** 96 bits, unpadded base64url (16 characters). */
  readonly nonce: string;
  /** The first 8 bytes of the showing key's RFC 7638 thumbprint, base64url (11 characters). */
  readonly keyHint: string;
  /**
   * The licence's entry in its issuer's status list (§3.5); absent in codes made before
   * codes carried it, and for licences that name no Hutong list.
   */
  readonly statusListSlot?: StatusListSlot;
}
