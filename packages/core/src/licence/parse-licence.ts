/**
 * Strict parsing of licence documents (untrusted input: files, QR payloads, other nodes).
 * Every member is checked, unknown members are refused (a verifier must not ignore what
 * a signer may have meant), identifiers go through `identifiers/`, and the result is a
 * fresh object holding exactly the input's values: nothing is trimmed, re-cased or
 * re-formatted, since the signature covers the values as written.
 */
import { hasLoneSurrogate } from '../canonical/index.js';
import { isFaceFieldKey } from '../catalogue/index.js';
import { isSuiteName, SUITE_NAMES } from '../crypto/types.js';
import { type CompactDate, toCompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { excerpt, fail } from '../field-failure.js';
import {
  formatLicenceId,
  type IdentifierWarning,
  type LicenceId,
  licenceIdParts,
  parseAreaCode,
  parseHolderCodeType,
  parseLicenceId,
  parseTypeCode,
  parseUscc,
  validateHolderCode,
} from '../identifiers/index.js';
import { decodeBase64url } from './base64url.js';
import {
  type FaceValue,
  LICENCE_FORMAT,
  type Licence,
  type LicenceFace,
  type LicenceMetadata,
  type LicenceProof,
  type StatusReference,
  type UnsignedLicence,
} from './licence.js';
import { parseProofCreated } from './proof-created.js';
import { SIGNATURE_BYTES } from './signature-bytes.js';
import { parseVerificationMethod } from './verification-method.js';

export interface ParseLicenceOptions {
  /**
   * Accept holder codes from legacy stock whose check characters do not compute (early
   * GB 32100 pilot codes): they become warnings, never silent fixes. Default false.
   */
  readonly legacyHolderCode?: boolean;
}

/** A parsed licence with the defects the caller chose to tolerate. */
export interface ParsedLicence<T extends UnsignedLicence = Licence> {
  readonly licence: T;
  readonly warnings: readonly IdentifierWarning[];
}

/** The members of a signed licence and of its objects (docs/design/licence-format.md §1–2). */
export const TOP_MEMBERS = ['format', 'metadata', 'face', 'statusReference', 'proof'] as const;
const UNSIGNED_TOP_MEMBERS: readonly string[] = TOP_MEMBERS.filter((name) => name !== 'proof');
export const METADATA_MEMBERS = [
  'certificateIdentifier',
  'certificateName',
  'certificateTypeCode',
  'certificateNumber',
  'certificateVersion',
  'certificateIssuingAuthorityName',
  'certificateIssuingAuthorityCode',
  'certificateIssuedDate',
  'certificateHolderName',
  'certificateHolderCode',
  'certificateHolderTypeCode',
  'certificateEffectiveDate',
  'certificateExpiringDate',
  'certificateAreaCode',
  'previousCertificateIdentifier',
] as const;
const METADATA_OPTIONAL: ReadonlySet<string> = new Set(['certificateExpiringDate', 'previousCertificateIdentifier']);
export const PROOF_MEMBERS = ['suite', 'verificationMethod', 'created', 'signatureValue'] as const;
export const STATUS_MEMBERS = ['uri', 'index'] as const;

/** Longest metadata text (names, licence number), in UTF-16 code units. */
const MAX_METADATA_TEXT = 200;
/** Longest face string value. */
const MAX_FACE_TEXT = 4096;
/** Most face fields on one licence. */
const MAX_FACE_FIELDS = 200;
const MAX_STATUS_INDEX = 2 ** 32 - 1;
const MAX_URI = 2048;

const COMPACT_DATE = /^\d{8}$/;
// C0 controls and DEL; metadata is one line of text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;
// Face values may span lines (addresses, business scopes): LF alone is allowed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const FACE_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const SURROUNDING_SPACE = /^\s|\s$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Runs an identifier parser on `input` and re-labels its error with the licence member at
 * fault. The parser and its input are passed, not a closure: a parse made six per licence
 * (and under tsx's keepNames, a defineProperty call each).
 */
function within<T>(field: string, parse: (input: unknown) => T, input: unknown): T {
  try {
    return parse(input);
  } catch (error) {
    if (error instanceof HutongError) {
      const params = error.field === undefined ? error.params : { ...error.params, segment: error.field };
      throw new HutongError(error.code, { field, params, cause: error });
    }
    throw error;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Each member list as a Set, made once: a metadata object has 15 members, and `includes` over
 * the list for each was 15 × 15 string comparisons per licence.
 */
const allowedSets = new Map<readonly string[], ReadonlySet<string>>();
function rememberAllowed(allowed: readonly string[]): ReadonlySet<string> {
  const members = new Set(allowed);
  allowedSets.set(allowed, members);
  return members;
}

/** Checks an object's members: no unknown one, every required one present. */
function readObject(
  value: unknown,
  field: string,
  allowed: readonly string[],
  isOptional: (name: string) => boolean,
): Record<string, unknown> {
  // Top-level members are named bare (`face`), nested ones by path (`metadata.certificateName`).
  const object = field === '' ? 'licence' : field;
  if (!isPlainObject(value)) fail('ERR_LICENCE_NOT_OBJECT', object, { type: typeOf(value) });
  const members = allowedSets.get(allowed) ?? rememberAllowed(allowed);
  for (const name of Object.keys(value)) {
    if (!members.has(name)) {
      fail('ERR_LICENCE_MEMBER_UNKNOWN', memberPath(field, excerpt(name)), { object, allowed: allowed.join(', ') });
    }
  }
  for (const name of allowed) {
    if (!Object.hasOwn(value, name) && !isOptional(name)) fail('ERR_LICENCE_MEMBER_MISSING', memberPath(field, name));
  }
  return value;
}

// Module-level helpers rather than closures made per call: a parse made about a dozen, each an
// allocation (and under tsx's keepNames, a defineProperty call).
function memberPath(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

function isMetadataOptional(name: string): boolean {
  return METADATA_OPTIONAL.has(name);
}

function isTopOptional(name: string): boolean {
  return name === 'statusReference';
}

function isNeverOptional(): boolean {
  return false;
}

/** `metadata.<name>` for every metadata member, made once. */
const METADATA_FIELD = Object.fromEntries(METADATA_MEMBERS.map((name) => [name, `metadata.${name}`])) as Readonly<
  Record<(typeof METADATA_MEMBERS)[number], string>
>;

/** GB/T 36904: the identifier embeds type, issuer and version; two answers to one question would let a reader pick the one it likes. */
function agree(name: (typeof METADATA_MEMBERS)[number], found: string, expected: string): void {
  if (found !== expected) {
    fail('ERR_LICENCE_IDENTIFIER_MISMATCH', METADATA_FIELD[name], { found: excerpt(found), expected });
  }
}

function readString(value: unknown, field: string): string {
  if (typeof value !== 'string')
    fail('ERR_LICENCE_MEMBER_TYPE', field, { expected: 'a string', type: typeOf(value) }, { expected: '字符串' });
  return value;
}

function checkText(value: string, field: string, max: number, control: RegExp): void {
  if (value.length > max) fail('ERR_LICENCE_TEXT_TOO_LONG', field, { found: value.length, max });
  if (hasLoneSurrogate(value)) fail('ERR_LICENCE_TEXT_LONE_SURROGATE', field);
  const bad = control.exec(value);
  if (bad !== null) {
    const codePoint = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    fail('ERR_LICENCE_TEXT_CONTROL_CHARACTER', field, { codePoint });
  }
}

/** Metadata text: one line, non-empty, no surrounding white space. */
function readText(value: unknown, field: string): string {
  const text = readString(value, field);
  if (text.length === 0) fail('ERR_LICENCE_TEXT_EMPTY', field);
  checkText(text, field, MAX_METADATA_TEXT, CONTROL);
  if (SURROUNDING_SPACE.test(text)) fail('ERR_LICENCE_TEXT_UNTRIMMED', field);
  return text;
}

/** GB/T 36903 dates travel as yyyyMMdd; the dashed form people type is not accepted on the wire. */
function readDate(value: unknown, field: string): CompactDate {
  const text = readString(value, field);
  const date = COMPACT_DATE.test(text) ? toCompactDate(text) : undefined;
  if (date === undefined) fail('ERR_LICENCE_DATE_INVALID', field, { found: excerpt(text) });
  return date;
}

function readMetadata(value: unknown, legacyHolderCode: boolean, warnings: IdentifierWarning[]): LicenceMetadata {
  const m = readObject(value, 'metadata', METADATA_MEMBERS, isMetadataOptional);
  const field = METADATA_FIELD;

  const identifier = within(field.certificateIdentifier, parseLicenceId, m.certificateIdentifier);
  const parts = licenceIdParts(identifier);
  const typeCode = within(field.certificateTypeCode, parseTypeCode, m.certificateTypeCode);
  const issuerCode = within(field.certificateIssuingAuthorityCode, parseUscc, m.certificateIssuingAuthorityCode);
  const version = readString(m.certificateVersion, field.certificateVersion);
  agree('certificateTypeCode', typeCode, parts.typeCode);
  agree('certificateIssuingAuthorityCode', issuerCode, parts.issuerCode);
  agree('certificateVersion', version, parts.version);

  const holderTypeCode = within(field.certificateHolderTypeCode, parseHolderCodeType, m.certificateHolderTypeCode);
  const holderCodeInput = readString(m.certificateHolderCode, field.certificateHolderCode);
  const holder = within(
    field.certificateHolderCode,
    (code) => validateHolderCode(holderTypeCode, code, { legacy: legacyHolderCode }),
    holderCodeInput,
  );
  if (holder.holderCode !== holderCodeInput) {
    // Never fix silently: the signature covers the code as written.
    fail('ERR_LICENCE_NOT_CANONICAL', field.certificateHolderCode, {
      expected: holder.holderCode,
      found: excerpt(holderCodeInput),
    });
  }
  for (const warning of holder.warnings) warnings.push({ ...warning, field: field.certificateHolderCode });

  const effective = readDate(m.certificateEffectiveDate, field.certificateEffectiveDate);
  const expiring = Object.hasOwn(m, 'certificateExpiringDate')
    ? readDate(m.certificateExpiringDate, field.certificateExpiringDate)
    : undefined;
  if (expiring !== undefined && effective > expiring) {
    fail('ERR_LICENCE_DATE_ORDER', field.certificateExpiringDate, { effective, expiring });
  }

  let previous: LicenceId | undefined;
  if (version === '001') {
    if (Object.hasOwn(m, 'previousCertificateIdentifier')) {
      fail('ERR_LICENCE_PREVIOUS_UNEXPECTED', field.previousCertificateIdentifier);
    }
  } else {
    if (!Object.hasOwn(m, 'previousCertificateIdentifier')) {
      fail('ERR_LICENCE_PREVIOUS_MISSING', field.previousCertificateIdentifier, { version });
    }
    const found = within(field.previousCertificateIdentifier, parseLicenceId, m.previousCertificateIdentifier);
    const expected = formatLicenceId({ ...parts, version: String(Number(version) - 1).padStart(3, '0') });
    if (found !== expected)
      fail('ERR_LICENCE_PREVIOUS_MISMATCH', field.previousCertificateIdentifier, { expected, found });
    previous = found;
  }

  const metadata: LicenceMetadata = {
    certificateIdentifier: identifier,
    certificateName: readText(m.certificateName, field.certificateName),
    certificateTypeCode: typeCode,
    certificateNumber: readText(m.certificateNumber, field.certificateNumber),
    certificateVersion: version,
    certificateIssuingAuthorityName: readText(m.certificateIssuingAuthorityName, field.certificateIssuingAuthorityName),
    certificateIssuingAuthorityCode: issuerCode,
    certificateIssuedDate: readDate(m.certificateIssuedDate, field.certificateIssuedDate),
    certificateHolderName: readText(m.certificateHolderName, field.certificateHolderName),
    certificateHolderCode: holderCodeInput,
    certificateHolderTypeCode: holderTypeCode,
    certificateEffectiveDate: effective,
    ...(expiring === undefined ? {} : { certificateExpiringDate: expiring }),
    certificateAreaCode: within(field.certificateAreaCode, parseAreaCode, m.certificateAreaCode),
    ...(previous === undefined ? {} : { previousCertificateIdentifier: previous }),
  };
  return metadata;
}

function readFaceValue(value: unknown, field: string): FaceValue {
  if (typeof value === 'string') {
    checkText(value, field, MAX_FACE_TEXT, FACE_CONTROL);
    return value;
  }
  // -0 would be signed as 0 (RFC 8785 §3.2.2.3): refuse it rather than let two values share one signature.
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return value;
  if (typeof value === 'boolean') return value;
  return fail('ERR_LICENCE_FACE_VALUE', field, { type: typeOf(value) });
}

function readFace(value: unknown): LicenceFace {
  if (!isPlainObject(value)) fail('ERR_LICENCE_NOT_OBJECT', 'face', { type: typeOf(value) });
  const names = Object.keys(value);
  if (names.length > MAX_FACE_FIELDS)
    fail('ERR_LICENCE_FACE_TOO_MANY', 'face', { found: names.length, max: MAX_FACE_FIELDS });
  const entries: Array<[string, FaceValue]> = [];
  for (const name of names) {
    // The catalogue's rule for field keys (lowerCamelCase, never `constructor` & co.), so
    // every face a type can describe parses and nothing else does.
    if (!isFaceFieldKey(name)) fail('ERR_LICENCE_FACE_NAME', 'face', { name: excerpt(name) });
    entries.push([name, readFaceValue(value[name], `face.${name}`)]);
  }
  // Object.fromEntries defines data properties: no setter or prototype is ever reached.
  return Object.fromEntries(entries);
}

/**
 * Status-list URIs already accepted. A node has a few lists per issuer and every licence names
 * one, so the WHATWG URL parse (about 3 % of a licence parse) is made once per list; the check
 * depends on the string alone, and only accepted strings are kept (a refusal is recomputed).
 */
const acceptedStatusUris = new Set<string>();
const MAX_ACCEPTED_STATUS_URIS = 4096;

function isStatusUri(uri: string): boolean {
  if (acceptedStatusUris.has(uri)) return true;
  let url: URL | undefined;
  try {
    url = uri.length <= MAX_URI && !/\s/.test(uri) ? new URL(uri) : undefined;
  } catch {
    url = undefined;
  }
  // The list itself is signed, so plain http (a local node) is no integrity risk.
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || uri.includes('#')) return false;
  if (acceptedStatusUris.size >= MAX_ACCEPTED_STATUS_URIS) acceptedStatusUris.clear();
  acceptedStatusUris.add(uri);
  return true;
}

function readStatusReference(value: unknown): StatusReference {
  const s = readObject(value, 'statusReference', STATUS_MEMBERS, isNeverOptional);
  const uri = readString(s.uri, 'statusReference.uri');
  if (!isStatusUri(uri)) fail('ERR_LICENCE_STATUS_URI', 'statusReference.uri', { found: excerpt(uri) });
  const index = s.index;
  if (
    typeof index !== 'number' ||
    !Number.isInteger(index) ||
    index < 0 ||
    index > MAX_STATUS_INDEX ||
    Object.is(index, -0)
  ) {
    fail('ERR_LICENCE_STATUS_INDEX', 'statusReference.index', {
      max: MAX_STATUS_INDEX,
      found: typeof index === 'number' ? String(index) : typeOf(index),
    });
  }
  return { uri, index };
}

function readProof(value: unknown, issuerCode: string): LicenceProof {
  const p = readObject(value, 'proof', PROOF_MEMBERS, isNeverOptional);
  const suite = readString(p.suite, 'proof.suite');
  if (!isSuiteName(suite)) {
    fail('ERR_LICENCE_SUITE_UNKNOWN', 'proof.suite', { allowed: SUITE_NAMES.join(', '), found: excerpt(suite) });
  }
  const verificationMethod = readString(p.verificationMethod, 'proof.verificationMethod');
  const method = parseVerificationMethod(verificationMethod);
  if (method.issuerCode !== issuerCode) {
    fail('ERR_LICENCE_VERIFICATION_METHOD_ISSUER', 'proof.verificationMethod', {
      found: method.issuerCode,
      expected: issuerCode,
    });
  }
  const created = readString(p.created, 'proof.created');
  parseProofCreated(created);
  const signatureValue = readString(p.signatureValue, 'proof.signatureValue');
  const signature = decodeBase64url(signatureValue, 'proof.signatureValue');
  // A truncated or DER-encoded signature is a format error, caught before any key is touched.
  if (signature.length !== SIGNATURE_BYTES[suite]) {
    fail('ERR_LICENCE_SIGNATURE_LENGTH', 'proof.signatureValue', {
      suite,
      expected: SIGNATURE_BYTES[suite],
      found: signature.length,
    });
  }
  return { suite, verificationMethod, created, signatureValue };
}

function read(
  input: unknown,
  withProof: boolean,
  options: ParseLicenceOptions,
): ParsedLicence<Licence | UnsignedLicence> {
  const warnings: IdentifierWarning[] = [];
  const allowed = withProof ? TOP_MEMBERS : UNSIGNED_TOP_MEMBERS;
  if (!isPlainObject(input)) fail('ERR_LICENCE_NOT_OBJECT', 'licence', { type: typeOf(input) });
  // The format is checked first: a document of another format is named as such, not
  // reported as a heap of unknown members.
  if (!Object.hasOwn(input, 'format')) fail('ERR_LICENCE_MEMBER_MISSING', 'format');
  const format = readString(input.format, 'format');
  if (format !== LICENCE_FORMAT)
    fail('ERR_LICENCE_FORMAT_UNSUPPORTED', 'format', { expected: LICENCE_FORMAT, found: excerpt(format) });
  const top = readObject(input, '', allowed, isTopOptional);

  const metadata = readMetadata(top.metadata, options.legacyHolderCode === true, warnings);
  const face = readFace(top.face);
  const statusReference = Object.hasOwn(top, 'statusReference') ? readStatusReference(top.statusReference) : undefined;
  const unsigned: UnsignedLicence = {
    format: LICENCE_FORMAT,
    metadata,
    face,
    ...(statusReference === undefined ? {} : { statusReference }),
  };
  if (!withProof) return { licence: unsigned, warnings };
  const proof = readProof(top.proof, metadata.certificateIssuingAuthorityCode);
  return { licence: { ...unsigned, proof }, warnings };
}

/** Turns any stray exception (a hostile getter, a revoked Proxy) into a typed error. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError) throw error;
    const detail = error instanceof Error ? error.name : typeOf(error);
    throw new HutongError('ERR_LICENCE_MALFORMED', { field: 'licence', params: { detail }, cause: error });
  }
}

/**
 * Parses a signed licence and reports the tolerated defects (legacy holder codes).
 *
 * @example
 * const { licence, warnings } = parseLicenceWithWarnings(JSON.parse(text), { legacyHolderCode: true });
 */
export function parseLicenceWithWarnings(input: unknown, options: ParseLicenceOptions = {}): ParsedLicence<Licence> {
  return guarded(() => read(input, true, options) as ParsedLicence<Licence>);
}

/**
 * Parses a signed licence strictly (see docs/design/licence-format.md): unknown members
 * are refused; every identifier, code and date is checked; the identifier agrees with
 * the metadata; effective ≤ expiring; versions ≥ 002 name their predecessor; the proof is
 * well-formed and names the licence's own issuer. The signature itself is *not* checked
 * here (that needs a key: {@link verifyLicenceSignature} or `verifyLicence`).
 *
 * Throws `HutongError`, `field` being the member at fault (`metadata.certificateHolderCode`).
 *
 * @example
 * const licence = parseLicence(JSON.parse(text));
 * licence.metadata.certificateIdentifier // '1.2.156.3005.2.…'
 */
export function parseLicence(input: unknown, options: ParseLicenceOptions = {}): Licence {
  return parseLicenceWithWarnings(input, options).licence;
}

/**
 * Parses a licence before signing: as {@link parseLicence}, but a `proof` member is refused.
 *
 * @example const unsigned = parseUnsignedLicence(draft); // then signLicence(unsigned, key)
 */
export function parseUnsignedLicence(input: unknown, options: ParseLicenceOptions = {}): UnsignedLicence {
  return guarded(() => read(input, false, options).licence);
}
