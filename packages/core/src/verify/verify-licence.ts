/**
 * The offline verifier: a licence + what the verifier trusts (+ optionally a status list
 * and the catalogue) → a verdict listing every check with its reason. Nothing here touches
 * the network; whatever is asynchronous (key resolution, status lookup) is the caller's.
 *
 * Rule: a verdict is valid only when every check is ok, and a check that could not run is
 * not ok — with one documented exception, `status` when no status list was given.
 */
import { parseJson } from '../canonical/index.js';
import { isFaceValidationError, type LicenceType, validateFace } from '../catalogue/index.js';
import { todayInChina } from '../dates.js';
import { type ErrorParams, HutongError, type HutongErrorCode } from '../errors.js';
import type { TypeCode, Uscc } from '../identifiers/index.js';
import {
  type Licence,
  type ParsedLicence,
  parseLicenceWithWarnings,
  parseProofCreated,
  type StatusReference,
  verifyLicenceSignature,
} from '../licence/index.js';
import type { STATUS_LIST_VALUES } from '../status/index.js';
import { checkFromError, codedCheck, describeError, failCheck, passCheck } from './checks.js';
import { maskHolder } from './mask-holder.js';
import { type KeyResolver, type TrustedIssuer, type TrustedKey, trustListResolver } from './trust-list.js';
import { CHECK_NAMES, type CheckName, type Verdict, type VerdictCheck, type VerdictWarning } from './verdict.js';

const pass = (name: CheckName, reason: string): VerdictCheck => passCheck(name, reason);
const failure = (
  name: CheckName,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
  zhParams?: ErrorParams,
): VerdictCheck => failCheck(name, code, params, field, zhParams);
const fromError = (name: CheckName, error: HutongError): VerdictCheck => checkFromError(name, error);

/** An entry's value in an offline status list (IETF Token Status List / W3C Bitstring Status List, 2 bits). */
export type OfflineStatus = keyof typeof STATUS_LIST_VALUES;

/**
 * Looks up a licence's status list entry, in a list the caller fetched, checked and cached.
 * It receives the licence too, so it can refuse a reference that does not point into
 * the issuer's own list. Answers undefined when the list holds no such entry.
 */
export type StatusLookup = (
  reference: StatusReference,
  licence: Licence,
) => OfflineStatus | undefined | Promise<OfflineStatus | undefined>;

/**
 * The verifier's own copies of signed licences (a library node's): answers true only when it
 * holds exactly this document — the same RFC 8785 canonical form, proof included — and the
 * copy's signature was verified with the same key (the proof's key id is a RFC 7638
 * thumbprint: one id, one public key) when it entered the library, or was made by the
 * verifier's own key. Signature verification is a pure function of key, bytes and signature,
 * so the `signature` check can then rest on that equality (and says so); anything else — a
 * changed byte, a foreign document, an answer that is not `true`, a throw — gets the full
 * cryptographic check.
 */
export type HeldCopy = (licence: Licence) => boolean | Promise<boolean>;

/** The catalogue, as a list of entries or a lookup by type code. */
export type TypeCatalogue = readonly LicenceType[] | ((typeCode: TypeCode) => LicenceType | undefined);

export interface VerifyContext {
  /** Trusted issuers and their keys: a trust list, or a resolver over one. */
  readonly keys: KeyResolver | readonly TrustedIssuer[];
  /** The instant to judge at (validity dates, key validity). Default: now. */
  readonly at?: Date;
  /** Offline status. Without it the `status` check says "not checked" (see {@link Verdict}). */
  readonly statusLookup?: StatusLookup;
  /**
   * Make status mandatory: without a status list, or for a licence that names no status
   * entry, the `status` check then fails instead of reporting "not checked". Default false.
   */
  readonly requireStatus?: boolean;
  /** When given, the type must be in it (and published), the face must match its schema and the suite be one it allows. */
  readonly typeCatalogue?: TypeCatalogue;
  /** The verifier's own copies ({@link HeldCopy}); without it every signature is checked. */
  readonly heldCopy?: HeldCopy;
}

/**
 * How far in the future a proof's `created` may be before it is refused: clocks of
 * issuing systems and verifiers drift; a proof from further ahead is a forgery or a broken clock.
 */
export const PROOF_CLOCK_SKEW_MS = 5 * 60_000;

// GB/T 36903 holder code types of organisations; all others name persons.
const ORGANISATION_CODE_TYPES: ReadonlySet<string> = new Set(['001', '099']);

function notChecked(name: CheckName, code: HutongErrorCode, ok: boolean, params: ErrorParams = {}): VerdictCheck {
  return codedCheck(name, ok, code, params);
}

function iso(date: Date): string {
  return date.toISOString();
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function contextFault(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_VERIFY_CONTEXT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

function readContext(context: VerifyContext): { at: Date; resolver: KeyResolver } {
  if (typeof context !== 'object' || context === null) contextFault('context', 'must be an object', '须为对象');
  const at = context.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    contextFault('at', 'must be a valid Date', '须为有效的 Date');
  if (context.heldCopy !== undefined && typeof context.heldCopy !== 'function')
    contextFault('heldCopy', 'must be a function', '须为函数');
  const keys = context.keys;
  if (Array.isArray(keys)) return { at, resolver: trustListResolver(keys) };
  if (typeof keys !== 'object' || keys === null || typeof (keys as KeyResolver).resolveIssuer !== 'function') {
    contextFault(
      'keys',
      'must be a trust list (array of issuers) or a KeyResolver',
      '须为信任列表（颁发机构数组）或 KeyResolver',
    );
  }
  return { at, resolver: keys as KeyResolver };
}

function findType(catalogue: TypeCatalogue, typeCode: TypeCode): LicenceType | undefined {
  if (typeof catalogue === 'function') return catalogue(typeCode);
  // A type may have several catalogue versions: the latest one describes it.
  let found: LicenceType | undefined;
  for (const type of catalogue) {
    if (type.certificateTypeCode === typeCode && (found === undefined || type.version > found.version)) found = type;
  }
  return found;
}

/** The face and holder against the type's schema: part of "is this a well-formed licence of its type". */
function checkAgainstType(licence: Licence, type: LicenceType | undefined, at: Date): VerdictCheck | undefined {
  if (type === undefined) return undefined;
  try {
    validateFace(type, licence.face, { now: at });
  } catch (error) {
    if (isFaceValidationError(error)) {
      // Every issue goes into the reason: whoever fixes the licence needs all of them.
      const first = error.issues[0];
      const issues = error.issues.map((i) => `face.${i.field}: ${i.message}`).join('; ');
      return {
        ...fromError('format', error),
        reason: `${error.message} (${issues})`,
        field: first === undefined || first.field === '$' ? 'face' : `face.${first.field}`,
      };
    }
    if (error instanceof HutongError) return fromError('format', error);
    // Whatever else goes wrong while judging the face is reported, never thrown at the caller.
    return fromError(
      'format',
      new HutongError('ERR_LICENCE_MALFORMED', {
        field: 'face',
        params: { detail: describeError(error) },
        zhParams: { detail: describeError(error, 'zh-CN') },
        cause: error,
      }),
    );
  }
  const isOrganisation = ORGANISATION_CODE_TYPES.has(licence.metadata.certificateHolderTypeCode);
  const category = type.holderCategory;
  if ((category === 'person' && isOrganisation) || (category === 'organisation' && !isOrganisation)) {
    return failure(
      'format',
      'ERR_VERIFY_HOLDER_CATEGORY',
      { typeCode: type.certificateTypeCode, category, holderTypeCode: licence.metadata.certificateHolderTypeCode },
      'metadata.certificateHolderTypeCode',
    );
  }
  return undefined;
}

/** Each check name's place in a verdict. */
const CHECK_PLACE: ReadonlyMap<string, number> = new Map(CHECK_NAMES.map((name, place) => [name, place]));

/**
 * The checks in CHECK_NAMES order whatever order they were computed in, and whether each name
 * is there exactly once. Each check goes to its name's place (no sort comparing places, no
 * count per name: online verification judges a licence per request); a name twice or one not
 * in the list takes the stable sort, which puts unknown names first.
 */
function inCheckOrder(checks: readonly VerdictCheck[]): { sorted: VerdictCheck[]; complete: boolean } {
  const places: (VerdictCheck | undefined)[] = new Array(CHECK_NAMES.length).fill(undefined);
  for (const check of checks) {
    const place = CHECK_PLACE.get(check.name);
    if (place === undefined || places[place] !== undefined) {
      const sorted = [...checks].sort((a, b) => CHECK_NAMES.indexOf(a.name) - CHECK_NAMES.indexOf(b.name));
      return { sorted, complete: CHECK_NAMES.every((name) => sorted.filter((c) => c.name === name).length === 1) };
    }
    places[place] = check;
  }
  const sorted = places.filter((check) => check !== undefined);
  return { sorted, complete: sorted.length === CHECK_NAMES.length };
}

function verdict(at: Date, checks: readonly VerdictCheck[], parsed?: ParsedLicence): Verdict {
  // Valid means every named check ran (or was allowed not to) and passed: a missing check is a failure.
  const { sorted, complete } = inCheckOrder(checks);
  let valid = complete;
  for (let i = 0; valid && i < sorted.length; i++) valid = (sorted[i] as VerdictCheck).ok;
  const judgedAt = at.toISOString();
  if (parsed === undefined) return { valid, kind: 'licence', at: judgedAt, checks: sorted };
  const m = parsed.licence.metadata;
  const licence = {
    identifier: m.certificateIdentifier,
    name: m.certificateName,
    typeCode: m.certificateTypeCode,
    issuerCode: m.certificateIssuingAuthorityCode,
    issuerName: m.certificateIssuingAuthorityName,
    version: m.certificateVersion,
    holder: maskHolder(m),
  };
  // Members in the order a verdict has always had them (its JSON is pinned by tests and clients).
  if (parsed.warnings.length === 0) return { valid, kind: 'licence', at: judgedAt, checks: sorted, licence };
  const warnings: VerdictWarning[] = parsed.warnings.map((w) => ({ code: w.code, message: w.message, field: w.field }));
  return { valid, kind: 'licence', at: judgedAt, checks: sorted, licence, warnings };
}

/** Whether the verifier's own copy vouches for the document: only a plain `true` does; a failing lookup means "check it". */
async function holdsCopy(heldCopy: HeldCopy | undefined, licence: Licence): Promise<boolean> {
  if (heldCopy === undefined) return false;
  try {
    return (await heldCopy(licence)) === true;
  } catch {
    return false;
  }
}

function readInput(input: unknown): ParsedLicence {
  // JSON text is read with the strict parser: duplicate members would let two readers
  // see two different licences behind one signature.
  const value = typeof input === 'string' ? parseJson(input) : input;
  // Legacy holder codes were signed by their issuer: flag them, never fail the licence for them.
  return parseLicenceWithWarnings(value, { legacyHolderCode: true });
}

/**
 * Verifies a licence offline and explains the answer. `input` is the licence as parsed
 * JSON or as JSON text. Never throws for a bad licence: a malformed one gets a verdict
 * whose `format` check failed with the error's code and field. Throws `ERR_VERIFY_CONTEXT`
 * or `ERR_VERIFY_TRUST_LIST_*` only when the caller's own context is wrong.
 *
 * Checks: `format` (strict parse; face against the catalogue schema when given),
 * `signature` (with the trusted key the proof names, suite from the trust list; or, with
 * `heldCopy`, by equality with the verifier's own copy whose signature was verified before),
 * `issuer-trusted`, `key-valid-at-issue` (proof.created in [validFrom, validUntil), before
 * revokedAt, not in the future), `type-allowed` (by the trust list; known, published and
 * suite allowed by the catalogue when given), `not-expired` and `effective` (civil dates
 * in China Standard Time, expiring date inclusive), `status` (offline list).
 *
 * @example
 * const verdict = await verifyLicence(text, { keys: trustList, statusLookup });
 * if (!verdict.valid) for (const c of verdict.checks) if (!c.ok) console.log(c.name, c.reason);
 */
export async function verifyLicence(input: unknown, context: VerifyContext): Promise<Verdict> {
  const { at, resolver } = readContext(context);
  const checks: VerdictCheck[] = [];

  let parsed: ParsedLicence;
  try {
    parsed = readInput(input);
  } catch (error) {
    const cause =
      error instanceof HutongError
        ? error
        : new HutongError('ERR_LICENCE_MALFORMED', {
            field: 'licence',
            params: { detail: describeError(error) },
            zhParams: { detail: describeError(error, 'zh-CN') },
          });
    checks.push(fromError('format', cause));
    for (const name of CHECK_NAMES) {
      if (name !== 'format') checks.push(notChecked(name, 'ERR_VERIFY_SKIPPED_FORMAT', false));
    }
    return verdict(at, checks);
  }

  const licence = parsed.licence;
  const m = licence.metadata;
  const issuerCode: Uscc = m.certificateIssuingAuthorityCode;
  // The parser checked the method (parseVerificationMethod: the issuer's code, one '#', a key
  // id); only the key id is wanted here.
  const method = licence.proof.verificationMethod;
  const keyId = method.slice(method.indexOf('#') + 1);
  const created = parseProofCreated(licence.proof.created);
  let type: LicenceType | undefined;
  let catalogueFailure: VerdictCheck | undefined;
  try {
    type = context.typeCatalogue === undefined ? undefined : findType(context.typeCatalogue, m.certificateTypeCode);
  } catch (error) {
    catalogueFailure = failure(
      'type-allowed',
      'ERR_VERIFY_CATALOGUE_UNAVAILABLE',
      { detail: describeError(error) },
      undefined,
      { detail: describeError(error, 'zh-CN') },
    );
  }

  checks.push(checkAgainstType(licence, type, at) ?? pass('format', `a well-formed ${licence.format} licence`));

  // issuer-trusted
  let issuer: TrustedIssuer | undefined;
  try {
    const found = await resolver.resolveIssuer(issuerCode);
    // A resolver answering for another issuer is treated as not answering.
    issuer = found !== undefined && found.issuerCode === issuerCode ? found : undefined;
    checks.push(
      issuer === undefined
        ? failure('issuer-trusted', 'ERR_VERIFY_ISSUER_UNTRUSTED', { issuerCode })
        : pass('issuer-trusted', `issuer ${issuerCode} (${issuer.name}) is on the trust list`),
    );
  } catch (error) {
    checks.push(
      failure('issuer-trusted', 'ERR_VERIFY_TRUST_LIST_UNAVAILABLE', { detail: describeError(error) }, undefined, {
        detail: describeError(error, 'zh-CN'),
      }),
    );
  }
  const trusted: TrustedKey | undefined = issuer?.keys.find((k) => k.keyId === keyId);

  // signature
  let signatureOk = false;
  if (issuer === undefined) {
    checks.push(notChecked('signature', 'ERR_VERIFY_SKIPPED_NO_ISSUER', false));
  } else if (trusted === undefined) {
    checks.push(notChecked('signature', 'ERR_VERIFY_SKIPPED_NO_KEY', false, { keyId }));
  } else if (trusted.suite !== licence.proof.suite || trusted.key.suite !== trusted.suite) {
    checks.push(
      failure('signature', 'ERR_VERIFY_SUITE_MISMATCH', { found: licence.proof.suite, keyId, expected: trusted.suite }),
    );
  } else if (await holdsCopy(context.heldCopy, licence)) {
    // Same issuer, key and suite checks as above; only the arithmetic is replaced by equality.
    signatureOk = true;
    checks.push(
      pass(
        'signature',
        `identical to the verifier's own copy, whose ${trusted.suite} signature with key ${keyId} of issuer ${issuerCode} was verified when it entered the library`,
      ),
    );
  } else {
    try {
      signatureOk = await verifyLicenceSignature(licence, trusted.key);
      checks.push(
        signatureOk
          ? pass('signature', `the ${trusted.suite} signature verifies with key ${keyId} of issuer ${issuerCode}`)
          : failure('signature', 'ERR_VERIFY_SIGNATURE_INVALID', { keyId, issuerCode }),
      );
    } catch (error) {
      checks.push(
        failure('signature', 'ERR_VERIFY_KEY_ERROR', { keyId, detail: describeError(error) }, undefined, {
          detail: describeError(error, 'zh-CN'),
        }),
      );
    }
  }

  // key-valid-at-issue
  if (issuer === undefined) {
    checks.push(notChecked('key-valid-at-issue', 'ERR_VERIFY_SKIPPED_NO_ISSUER', false));
  } else if (trusted === undefined) {
    checks.push(failure('key-valid-at-issue', 'ERR_VERIFY_KEY_UNKNOWN', { issuerCode, keyId }));
  } else {
    const when = { created: licence.proof.created, keyId };
    if (created.getTime() < trusted.validFrom.getTime()) {
      checks.push(
        failure('key-valid-at-issue', 'ERR_VERIFY_KEY_NOT_YET_VALID', { ...when, validFrom: iso(trusted.validFrom) }),
      );
    } else if (trusted.validUntil !== undefined && created.getTime() >= trusted.validUntil.getTime()) {
      checks.push(
        failure('key-valid-at-issue', 'ERR_VERIFY_KEY_EXPIRED', { ...when, validUntil: iso(trusted.validUntil) }),
      );
    } else if (trusted.revokedAt !== undefined && created.getTime() >= trusted.revokedAt.getTime()) {
      checks.push(
        failure('key-valid-at-issue', 'ERR_VERIFY_KEY_REVOKED', { ...when, revokedAt: iso(trusted.revokedAt) }),
      );
    } else if (created.getTime() > at.getTime() + PROOF_CLOCK_SKEW_MS) {
      checks.push(
        failure('key-valid-at-issue', 'ERR_VERIFY_PROOF_FROM_FUTURE', { created: licence.proof.created, at: iso(at) }),
      );
    } else {
      const until = trusted.validUntil === undefined ? '' : ` until ${iso(trusted.validUntil)}`;
      checks.push(
        pass(
          'key-valid-at-issue',
          `signed at ${licence.proof.created}, while key ${keyId} was valid (from ${iso(trusted.validFrom)}${until})`,
        ),
      );
    }
  }

  // type-allowed
  const typeCode = m.certificateTypeCode;
  if (issuer === undefined) {
    checks.push(notChecked('type-allowed', 'ERR_VERIFY_SKIPPED_NO_ISSUER', false));
  } else if (catalogueFailure !== undefined) {
    checks.push(catalogueFailure);
  } else if (!issuer.types.includes(typeCode)) {
    checks.push(failure('type-allowed', 'ERR_VERIFY_TYPE_NOT_ALLOWED', { issuerCode, typeCode }));
  } else if (context.typeCatalogue !== undefined && type === undefined) {
    checks.push(failure('type-allowed', 'ERR_VERIFY_TYPE_UNKNOWN', { typeCode }));
  } else if (type !== undefined && type.status === 'draft') {
    // Retired types stay verifiable: licences issued while they were published remain valid.
    checks.push(failure('type-allowed', 'ERR_VERIFY_TYPE_UNPUBLISHED', { typeCode, status: type.status }));
  } else if (type?.suites !== undefined && !type.suites.includes(licence.proof.suite)) {
    checks.push(
      failure('type-allowed', 'ERR_VERIFY_TYPE_SUITE', {
        typeCode,
        allowed: type.suites.join(', '),
        found: licence.proof.suite,
      }),
    );
  } else {
    checks.push(pass('type-allowed', `issuer ${issuerCode} may issue licences of type ${typeCode}`));
  }

  // not-expired and effective: GB/T 36903 dates are civil dates; Hutong reads them in China Standard Time.
  const today = todayInChina(at);
  const expiring = m.certificateExpiringDate;
  if (expiring === undefined) {
    checks.push(pass('not-expired', 'a long-term licence: it has no expiring date'));
  } else if (today > expiring) {
    checks.push(failure('not-expired', 'ERR_VERIFY_EXPIRED', { expiring, today }));
  } else {
    checks.push(pass('not-expired', `valid until ${expiring} inclusive; today is ${today}`));
  }
  const effective = m.certificateEffectiveDate;
  checks.push(
    today < effective
      ? failure('effective', 'ERR_VERIFY_NOT_YET_EFFECTIVE', { effective, today })
      : pass('effective', `in effect since ${effective}`),
  );

  // status
  const required = context.requireStatus === true;
  const reference = licence.statusReference;
  if (context.statusLookup === undefined) {
    checks.push(notChecked('status', 'ERR_VERIFY_STATUS_NOT_CHECKED', !required));
  } else if (reference === undefined) {
    checks.push(notChecked('status', 'ERR_VERIFY_STATUS_NO_REFERENCE', !required));
  } else if (!signatureOk) {
    // A forged document could point the lookup anywhere: only a signed reference is followed.
    checks.push(notChecked('status', 'ERR_VERIFY_SKIPPED_SIGNATURE', false));
  } else {
    try {
      const status = await context.statusLookup(reference, licence);
      if (status === 'valid') checks.push(pass('status', `entry ${reference.index} of ${reference.uri} says valid`));
      else if (status === 'invalid') checks.push(failure('status', 'ERR_VERIFY_STATUS_INVALID'));
      else if (status === 'suspended') checks.push(failure('status', 'ERR_VERIFY_STATUS_SUSPENDED'));
      else checks.push(failure('status', 'ERR_VERIFY_STATUS_UNKNOWN', { index: reference.index, uri: reference.uri }));
    } catch (error) {
      checks.push(
        failure('status', 'ERR_VERIFY_STATUS_UNAVAILABLE', { detail: describeError(error) }, undefined, {
          detail: describeError(error, 'zh-CN'),
        }),
      );
    }
  }

  return verdict(at, checks, parsed);
}
