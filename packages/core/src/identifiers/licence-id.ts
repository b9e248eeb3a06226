/**
 * The national licence identifier (电子证照标识, GB/T 36904-2018):
 * `1.2.156.3005.2.<typeCode>.<issuerCode>.<serial>.<version>.<check>`
 * (facts verified in shared/design/standards.md §4).
 */
import { HutongError } from '../errors.js';
import { describeType, excerpt } from './describe-input.js';
import { relabel } from './relabel.js';
import { parseTypeCode } from './type-code.js';
import { parseUscc } from './uscc.js';
import { ValidMemo } from './valid-memo.js';

/** A licence identifier, created only by `parseLicenceId`, `formatLicenceId` and `nextLicenceVersion`. */
export type LicenceId = string & { readonly __brand: 'LicenceId' };

export interface LicenceIdParts {
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly serial: string;
  readonly version: string;
  readonly check: string;
}

/** The GB/T 36904 root arc of every licence identifier (1.2.156 = China, 3005.2 = e-licences). */
export const LICENCE_ID_ROOT = '1.2.156.3005.2';

// ISO/IEC 7064 MOD 37,36: the alphabet 0–9 A–Z, each character worth its index (0–35).
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SERIAL_MIN = 1;
const SERIAL_MAX = 32;
const VERSION = /^[0-9]{3}$/;
// Root (5 arcs) + type code, issuer code, serial, version, check.
const SEGMENT_COUNT = 10;

/** Identifiers parseLicenceId accepted: issuing one licence parses its identifier five or six times. */
const ACCEPTED = new ValidMemo(4096);

/** The ISO/IEC 7064 MOD 37,36 hybrid system over a body already checked against ALPHABET. */
function mod3736(body: string): string {
  let p = 36;
  for (let i = 0; i < body.length; i++) {
    let s = (p + ALPHABET.indexOf(body.charAt(i))) % 36;
    if (s === 0) s = 36;
    p = (2 * s) % 37;
  }
  // The check character c makes (p + c) mod 36 = 1, the hybrid system's invariant.
  return ALPHABET.charAt((37 - p) % 36);
}

/**
 * The ISO/IEC 7064 MOD 37,36 check character of a licence identifier body: the type code,
 * issuer code, serial and version concatenated without dots.
 *
 * @example licenceIdCheckCharacter('11100000000013338W03211220000013544541J2430599001') // 'F'
 */
export function licenceIdCheckCharacter(body: string): string {
  if (typeof body !== 'string' || body.length === 0) {
    throw new HutongError('ERR_LICENCE_ID_BODY_EMPTY', { field: 'body' });
  }
  for (let i = 0; i < body.length; i++) {
    const char = body.charAt(i);
    if (!ALPHABET.includes(char)) {
      throw new HutongError('ERR_LICENCE_ID_BODY_CHARSET', { field: 'body', params: { position: i + 1, char } });
    }
  }
  return mod3736(body);
}

function checkSerial(serial: string): void {
  // GB/T 36904: the serial is the issuer's, upper-case letters and digits only; serials with
  // `_` or lower case exist in the wild and are refused, never rewritten.
  if (serial.length < SERIAL_MIN || serial.length > SERIAL_MAX) {
    throw new HutongError('ERR_LICENCE_ID_SERIAL_LENGTH', {
      field: 'serial',
      params: { min: SERIAL_MIN, max: SERIAL_MAX, found: serial.length },
    });
  }
  for (let i = 0; i < serial.length; i++) {
    const char = serial.charAt(i);
    if (!ALPHABET.includes(char)) {
      throw new HutongError('ERR_LICENCE_ID_SERIAL_CHARSET', { field: 'serial', params: { position: i + 1, char } });
    }
  }
}

function checkVersion(version: string): void {
  // GB/T 36904: three digits, the first issue being 001.
  if (!VERSION.test(version)) {
    throw new HutongError('ERR_LICENCE_ID_VERSION_SHAPE', { field: 'version', params: { found: excerpt(version) } });
  }
  if (version === '000') {
    throw new HutongError('ERR_LICENCE_ID_VERSION_RANGE', { field: 'version', params: { found: version } });
  }
}

/**
 * The codes inside the identifier are validated in full as USCCs (GB 32100 check and the
 * GB 11714 check of characters 9–17): every type code and issuer code of GB/T 36904's
 * published identifiers (`11100000000013338W…`, `11220000013544541J`, `11430000006122244L`,
 * `11330105002500287C`) passes both, so there is no evidence of non-conforming codes in
 * conforming identifiers. Legacy issuer codes belong in bulk import, not in identifiers.
 */
function checkBody(typeCode: string, issuerCode: string, serial: string, version: string): string {
  relabel('typeCode', () => parseTypeCode(typeCode));
  relabel('issuerCode', () => parseUscc(issuerCode));
  checkSerial(serial);
  checkVersion(version);
  return mod3736(`${typeCode}${issuerCode}${serial}${version}`);
}

/**
 * Parses a licence identifier. Errors name the segment at fault in `field`: `root`, `shape`
 * (number of segments), `typeCode`, `issuerCode`, `serial`, `version` or `check`. Input is
 * never trimmed or upper-cased.
 *
 * @example parseLicenceId('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F')
 * @example parseLicenceId('1.2.156.3003.2.…') // throws ERR_LICENCE_ID_ROOT (field 'root')
 */
export function parseLicenceId(input: unknown): LicenceId {
  if (ACCEPTED.has(input)) return input as LicenceId;
  if (typeof input !== 'string') {
    throw new HutongError('ERR_LICENCE_ID_NOT_STRING', { field: 'shape', params: { type: describeType(input) } });
  }
  const segments = input.split('.');
  const root = segments.slice(0, 5).join('.');
  if (root !== LICENCE_ID_ROOT) {
    // 1.2.156.3003.2 and other roots are seen in the wild: name them, never rewrite them.
    throw new HutongError('ERR_LICENCE_ID_ROOT', {
      field: 'root',
      params: { expected: LICENCE_ID_ROOT, found: excerpt(root) },
    });
  }
  if (segments.length !== SEGMENT_COUNT) {
    throw new HutongError('ERR_LICENCE_ID_SEGMENTS', {
      field: 'shape',
      params: { expected: SEGMENT_COUNT, found: segments.length },
    });
  }
  const [typeCode = '', issuerCode = '', serial = '', version = '', check = ''] = segments.slice(5);
  const expected = checkBody(typeCode, issuerCode, serial, version);
  if (check !== expected) {
    throw new HutongError('ERR_LICENCE_ID_CHECK', { field: 'check', params: { expected, found: excerpt(check) } });
  }
  ACCEPTED.add(input);
  return input as LicenceId;
}

/**
 * The five segments after the root.
 *
 * @example licenceIdParts(id) // { typeCode: '11100000000013338W032', issuerCode: '11220000013544541J', serial: '2430599', version: '001', check: 'F' }
 */
export function licenceIdParts(id: LicenceId): LicenceIdParts {
  // Re-parse: a brand can be forged with a cast, and a partial result is never returned.
  const [typeCode = '', issuerCode = '', serial = '', version = '', check = ''] = parseLicenceId(id)
    .split('.')
    .slice(5);
  return { typeCode, issuerCode, serial, version, check };
}

/**
 * Builds a licence identifier from its parts, validating each and computing the check
 * character.
 *
 * @example formatLicenceId({ typeCode: '11100000000013338W032', issuerCode: '11220000013544541J', serial: '2430599', version: '001' })
 * // '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F'
 */
export function formatLicenceId(parts: {
  typeCode: string;
  issuerCode: string;
  serial: string;
  version: string;
}): LicenceId {
  if (typeof parts !== 'object' || parts === null) {
    throw new HutongError('ERR_LICENCE_ID_PARTS', {
      field: 'shape',
      params: { part: 'parts', type: describeType(parts) },
    });
  }
  for (const part of ['typeCode', 'issuerCode', 'serial', 'version'] as const) {
    const value: unknown = parts[part];
    if (typeof value !== 'string') {
      throw new HutongError('ERR_LICENCE_ID_PARTS', { field: part, params: { part, type: describeType(value) } });
    }
  }
  const { typeCode, issuerCode, serial, version } = parts;
  const check = checkBody(typeCode, issuerCode, serial, version);
  return `${LICENCE_ID_ROOT}.${typeCode}.${issuerCode}.${serial}.${version}.${check}` as LicenceId;
}

/**
 * The identifier of the next version of the same licence (a change or renewal re-issues
 * with version + 1, GB/T 36904), with its new check character.
 *
 * @example nextLicenceVersion(parseLicenceId('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F'))
 * // '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002.D'
 */
export function nextLicenceVersion(id: LicenceId): LicenceId {
  const { typeCode, issuerCode, serial, version } = licenceIdParts(id);
  const number = Number(version);
  if (number >= 999) {
    throw new HutongError('ERR_LICENCE_ID_VERSION_EXHAUSTED', { field: 'version', params: { found: version } });
  }
  return formatLicenceId({ typeCode, issuerCode, serial, version: String(number + 1).padStart(3, '0') });
}
