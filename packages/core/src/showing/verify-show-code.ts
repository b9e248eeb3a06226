/**
 * Offline verification of a show code against the node's prepared trust list: a verdict
 * naming every check with its reason (docs/design/show-code.md §5). Nothing here touches the
 * network; the replay register, when there is one, is the caller's callback.
 */
import { type ErrorParams, HutongError, type HutongErrorCode } from '../errors.js';
import {
  findShowingKeyAt,
  findTrustedIssuer,
  isPreparedTrustList,
  type PreparedShowingKey,
  type PreparedTrustList,
} from '../trust/verify-trust-list.js';
import { checkFromError, describeError, failCheck, passCheck } from '../verify/checks.js';
import { PROOF_CLOCK_SKEW_MS, type TrustedIssuer, type VerdictCheck } from '../verify/index.js';
import type { StatusList } from '../verify/status-list-token.js';
import { chinaDate, formatInstant } from './instant.js';
import { SHOW_CODE_CLOCK_SKEW_MS, type ShowCode, type ShownField } from './show-code.js';
import { type OpenedShowCode, openShowCode, parseShowCodePayload } from './show-code-payload.js';
import { checkStatusList, readStatusLists, type StatusListSlot } from './status-list-slot.js';

const pass = (name: ShowCodeCheckName, reason: string): ShowCodeCheck => passCheck(name, reason);
const failure = (
  name: ShowCodeCheckName,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
  zhParams?: ErrorParams,
): ShowCodeCheck => failCheck(name, code, params, field, zhParams);
const fromError = (name: ShowCodeCheckName, error: HutongError): ShowCodeCheck => checkFromError(name, error);

/** The checks of a show-code verdict, in the order a verdict lists them. */
export const SHOW_CODE_CHECK_NAMES = [
  'format',
  'signature',
  'node-trusted',
  'not-expired',
  'issuer-trusted',
  'type-allowed',
  'status-at-signing',
  'status-list',
  'replay',
] as const;
export type ShowCodeCheckName = (typeof SHOW_CODE_CHECK_NAMES)[number];

/** One check's outcome: `verify/`'s check shape with the show-code check names. */
export interface ShowCodeCheck extends Omit<VerdictCheck, 'name'> {
  readonly name: ShowCodeCheckName;
}

/** What the verdict says about the code, when it could be read (shown fields are as the holder chose them). */
export interface ShowCodeSummary {
  readonly identifier: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  /** From the trust list, when the issuer is on it. */
  readonly issuerName?: string;
  readonly nodeId: string;
  readonly nodeName: string;
  /** The showing key's full key id, when the list knows it. */
  readonly keyId?: string;
  readonly statusAtSigning: ShowCode['statusAtSigning'];
  readonly effectiveDate: string;
  readonly expiringDate?: string;
  readonly purpose: string;
  readonly fields: readonly ShownField[];
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly nonce: string;
  /** The licence's status-list entry the code names (§3.5), when it names one. */
  readonly statusListSlot?: StatusListSlot;
}

/**
 * The answer of `verifyShowCode`: plain JSON (what `hutong verify` prints). `valid` is true
 * exactly when every check is ok; `replay` is listed only when a replay register was given.
 */
export interface ShowCodeVerdict {
  readonly valid: boolean;
  readonly kind: 'show-code';
  /** The instant the code was judged at (RFC 3339 UTC). */
  readonly at: string;
  readonly checks: readonly ShowCodeCheck[];
  readonly showCode?: ShowCodeSummary;
}

/**
 * The replay register: answers whether this nonce was presented before, and records it
 * (until `expiresAt`: after that the code is refused as expired anyway). Called only for a
 * code signed by a trusted showing key, so a forged code cannot burn a genuine code's nonce.
 */
export type SeenNonce = (nonce: string, expiresAt: Date) => boolean | Promise<boolean>;

export interface VerifyShowCodeOptions {
  /** The instant to judge at. */
  readonly now: Date;
  /** The replay register; without it there is no `replay` check (offline, no register). */
  readonly seenNonce?: SeenNonce;
  /**
   * The verifier's cached status lists (each opened by `openStatusListToken`): the
   * `status-list` check reads the code's entry in its issuer's list. Without one that check
   * says plainly that the status since the code was made could not be checked offline.
   */
  readonly statusLists?: readonly StatusList[];
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function badArgument(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_SHOWING_CONTEXT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

function readOptions(
  trustList: PreparedTrustList,
  options: VerifyShowCodeOptions,
): { now: Date; seenNonce: SeenNonce | undefined; statusLists: readonly StatusList[] } {
  // Only a list that verifyTrustList checked may vouch for anything: a look-alike object is refused.
  if (!isPreparedTrustList(trustList))
    badArgument(
      'trustList',
      'must be a trust list prepared by verifyTrustList',
      '须为经 verifyTrustList 处理的信任列表',
    );
  if (typeof options !== 'object' || options === null) badArgument('options', 'must be an object', '须为对象');
  const now = options.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    badArgument('now', 'must be a valid Date', '须为有效的 Date');
  const seenNonce = options.seenNonce;
  if (seenNonce !== undefined && typeof seenNonce !== 'function')
    badArgument('seenNonce', 'must be a function', '须为函数');
  const statusLists = readStatusLists(options.statusLists, (problem, problemZh) =>
    badArgument('statusLists', problem, problemZh),
  );
  return { now, seenNonce, statusLists };
}

/**
 * Starts the signature check. A key that throws instead of answering becomes a rejected
 * promise (read as `ERR_SHOWING_KEY_ERROR` when awaited). No handler is attached here: the
 * caller awaits it, or marks it handled when it abandons it (an unreadable payload), so the
 * answer reaches the verifier with no extra promise reaction on the way (show-code.md §8).
 */
function startVerify(key: PreparedShowingKey, opened: OpenedShowCode): Promise<boolean> {
  try {
    return key.key.verify(opened.signedBytes, opened.signature);
  } catch (error) {
    return Promise.reject(error);
  }
}

const ignore = (): undefined => undefined;

function iso(date: Date): string {
  return formatInstant(date.getTime());
}

/*
 * Passing reasons that say only what the trust list says — which key of which node on which
 * list version, which issuer, which types it may issue — are written once per prepared entry
 * and shared by every verdict: the entries are frozen by verifyTrustList, and strings cannot
 * change. A verdict built them again from five to nine pieces each, about a fifth of its
 * garbage (docs/design/show-code.md §8). Weak maps: a list dropped by its caller takes its
 * reasons with it.
 */
interface KeyReasons {
  /** The list the key came with: a key object belongs to the one list that prepared it. */
  readonly list: PreparedTrustList;
  readonly node: string;
  readonly signature: string;
}

const keyReasons = new WeakMap<PreparedShowingKey, KeyReasons>();

function reasonsOfKey(list: PreparedTrustList, key: PreparedShowingKey): KeyReasons {
  let reasons = keyReasons.get(key);
  if (reasons === undefined || reasons.list !== list) {
    reasons = {
      list,
      node: `made with showing key ${key.keyId} of node ${list.node.id} (${list.node.name}), on trust list version ${list.version} valid until ${list.document.expiresAt}`,
      signature: `the ${key.suite} signature verifies with showing key ${key.keyId}`,
    };
    keyReasons.set(key, reasons);
  }
  return reasons;
}

interface IssuerReasons {
  readonly trusted: string;
  /** The passing `type-allowed` reason of each type the issuer may issue (and only those). */
  readonly typeAllowed: ReadonlyMap<string, string>;
}

const issuerReasons = new WeakMap<TrustedIssuer, IssuerReasons>();

function reasonsOfIssuer(issuer: TrustedIssuer): IssuerReasons {
  let reasons = issuerReasons.get(issuer);
  if (reasons === undefined) {
    const code = issuer.issuerCode;
    reasons = {
      trusted: `issuer ${code} (${issuer.name}) is on the trust list`,
      typeAllowed: new Map(issuer.types.map((type) => [type, `issuer ${code} may issue licences of type ${type}`])),
    };
    issuerReasons.set(issuer, reasons);
  }
  return reasons;
}

/** The instants a verdict writes, each formatted once. */
interface Times {
  readonly now: Date;
  readonly nowIso: string;
  readonly issuedIso: string;
  readonly expiresIso: string;
}

/** The trust list itself must be current at `now`: a cached list past its expiry vouches for nothing. */
function checkNode(
  list: PreparedTrustList,
  key: PreparedShowingKey | undefined,
  code: ShowCode,
  times: Times,
): ShowCodeCheck {
  const nodeId = list.node.id;
  const now = times.now.getTime();
  if (now >= list.expiresAt.getTime()) {
    return failure('node-trusted', 'ERR_TRUST_LIST_EXPIRED', {
      version: list.version,
      nodeId,
      expiresAt: list.document.expiresAt,
      at: times.nowIso,
    });
  }
  if (list.issuedAt.getTime() > now + PROOF_CLOCK_SKEW_MS) {
    return failure('node-trusted', 'ERR_TRUST_LIST_NOT_YET_VALID', {
      version: list.version,
      nodeId,
      issuedAt: list.document.issuedAt,
      at: times.nowIso,
    });
  }
  if (key === undefined) return failure('node-trusted', 'ERR_SHOWING_KEY_UNKNOWN', { keyHint: code.keyHint, nodeId });
  const issued = code.issuedAt.getTime();
  if (issued < key.validFrom.getTime()) {
    return failure('node-trusted', 'ERR_SHOWING_KEY_NOT_YET_VALID', {
      keyId: key.keyId,
      issuedAt: times.issuedIso,
      validFrom: iso(key.validFrom),
    });
  }
  if (key.validUntil !== undefined && issued >= key.validUntil.getTime()) {
    return failure('node-trusted', 'ERR_SHOWING_KEY_EXPIRED', {
      keyId: key.keyId,
      issuedAt: times.issuedIso,
      validUntil: iso(key.validUntil),
    });
  }
  return pass('node-trusted', reasonsOfKey(list, key).node);
}

function checkTime(code: ShowCode, times: Times): ShowCodeCheck {
  const t = times.now.getTime();
  // No grace after expiry: the 120 s lifetime is already the tolerance; ahead, phones' clocks drift.
  if (t >= code.expiresAt.getTime()) {
    return failure('not-expired', 'ERR_SHOWING_EXPIRED', {
      expiresAt: times.expiresIso,
      now: times.nowIso,
      seconds: Math.floor((t - code.expiresAt.getTime()) / 1000),
    });
  }
  if (code.issuedAt.getTime() > t + SHOW_CODE_CLOCK_SKEW_MS) {
    return failure('not-expired', 'ERR_SHOWING_NOT_YET_VALID', { issuedAt: times.issuedIso, now: times.nowIso });
  }
  return pass('not-expired', `made at ${times.issuedIso}, valid until ${times.expiresIso}`);
}

function checkStatus(code: ShowCode, times: Times): ShowCodeCheck {
  const issuedAt = times.issuedIso;
  if (code.statusAtSigning === 'invalid')
    return failure('status-at-signing', 'ERR_SHOWING_STATUS_INVALID', { issuedAt });
  if (code.statusAtSigning === 'suspended')
    return failure('status-at-signing', 'ERR_SHOWING_STATUS_SUSPENDED', { issuedAt });
  // The dates too: a node whose expiry event has not run yet may still say "valid".
  const date = chinaDate(code.issuedAt.getTime());
  if (date < code.effectiveDate) {
    return failure('status-at-signing', 'ERR_SHOWING_LICENCE_NOT_EFFECTIVE', { effective: code.effectiveDate, date });
  }
  if (code.expiringDate !== undefined && date > code.expiringDate) {
    return failure('status-at-signing', 'ERR_SHOWING_LICENCE_EXPIRED', { expiring: code.expiringDate, date });
  }
  const until = code.expiringDate === undefined ? 'long-term' : `valid until ${code.expiringDate}`;
  return pass('status-at-signing', `valid when the code was made (${issuedAt}); ${until}`);
}

function summary(
  code: ShowCode,
  list: PreparedTrustList,
  key: PreparedShowingKey | undefined,
  issuer: TrustedIssuer | undefined,
  times: Times,
): ShowCodeSummary {
  const expiringDate = code.expiringDate;
  const slot = code.statusListSlot;
  if (issuer !== undefined && key !== undefined) {
    // A code from a known key naming a known issuer (every valid verdict): one object literal
    // per combination of the code's optional members. V8 keeps a literal's shape for good but
    // drops the shape of an object grown member by member whenever a full garbage collection
    // finds none alive, and deoptimises this function with it (see show-code-payload.ts).
    if (expiringDate === undefined) {
      return slot === undefined
        ? {
            identifier: code.identifier,
            typeCode: code.typeCode,
            issuerCode: code.issuerCode,
            issuerName: issuer.name,
            nodeId: list.node.id,
            nodeName: list.node.name,
            keyId: key.keyId,
            statusAtSigning: code.statusAtSigning,
            effectiveDate: code.effectiveDate,
            purpose: code.purpose,
            fields: code.fields,
            issuedAt: times.issuedIso,
            expiresAt: times.expiresIso,
            nonce: code.nonce,
          }
        : {
            identifier: code.identifier,
            typeCode: code.typeCode,
            issuerCode: code.issuerCode,
            issuerName: issuer.name,
            nodeId: list.node.id,
            nodeName: list.node.name,
            keyId: key.keyId,
            statusAtSigning: code.statusAtSigning,
            effectiveDate: code.effectiveDate,
            purpose: code.purpose,
            fields: code.fields,
            issuedAt: times.issuedIso,
            expiresAt: times.expiresIso,
            nonce: code.nonce,
            statusListSlot: slot,
          };
    }
    return slot === undefined
      ? {
          identifier: code.identifier,
          typeCode: code.typeCode,
          issuerCode: code.issuerCode,
          issuerName: issuer.name,
          nodeId: list.node.id,
          nodeName: list.node.name,
          keyId: key.keyId,
          statusAtSigning: code.statusAtSigning,
          effectiveDate: code.effectiveDate,
          expiringDate,
          purpose: code.purpose,
          fields: code.fields,
          issuedAt: times.issuedIso,
          expiresAt: times.expiresIso,
          nonce: code.nonce,
        }
      : {
          identifier: code.identifier,
          typeCode: code.typeCode,
          issuerCode: code.issuerCode,
          issuerName: issuer.name,
          nodeId: list.node.id,
          nodeName: list.node.name,
          keyId: key.keyId,
          statusAtSigning: code.statusAtSigning,
          effectiveDate: code.effectiveDate,
          expiringDate,
          purpose: code.purpose,
          fields: code.fields,
          issuedAt: times.issuedIso,
          expiresAt: times.expiresIso,
          nonce: code.nonce,
          statusListSlot: slot,
        };
  }
  // Otherwise (a failing verdict) built member by member in the printed order (no spread of
  // conditional objects: each is an allocation and a copy per verdict, docs/design/show-code.md
  // §8); an optional member is absent, never undefined, as before.
  const out: { -readonly [K in keyof ShowCodeSummary]?: ShowCodeSummary[K] } = {
    identifier: code.identifier,
    typeCode: code.typeCode,
    issuerCode: code.issuerCode,
  };
  if (issuer !== undefined) out.issuerName = issuer.name;
  out.nodeId = list.node.id;
  out.nodeName = list.node.name;
  if (key !== undefined) out.keyId = key.keyId;
  out.statusAtSigning = code.statusAtSigning;
  out.effectiveDate = code.effectiveDate;
  if (expiringDate !== undefined) out.expiringDate = expiringDate;
  out.purpose = code.purpose;
  out.fields = code.fields;
  out.issuedAt = times.issuedIso;
  out.expiresAt = times.expiresIso;
  out.nonce = code.nonce;
  if (slot !== undefined) out.statusListSlot = slot;
  return out as ShowCodeSummary;
}

function verdict(nowIso: string, checks: ShowCodeCheck[], showCode?: ShowCodeSummary): ShowCodeVerdict {
  let valid = true;
  for (const check of checks) if (!check.ok) valid = false;
  // Two literals rather than a member added: see the shapes in show-code-payload.ts.
  return showCode === undefined
    ? { valid, kind: 'show-code', at: nowIso, checks }
    : { valid, kind: 'show-code', at: nowIso, checks, showCode };
}

/** The verdict on a code that could not be read: `format` failed, every other check skipped. */
function unreadable(error: unknown, withReplay: boolean, nowIso: string): ShowCodeVerdict {
  const cause =
    error instanceof HutongError
      ? error
      : new HutongError('ERR_SHOWING_MALFORMED', {
          field: 'code',
          params: { field: 'code', problem: describeError(error) },
          zhParams: { problem: describeError(error, 'zh-CN') },
        });
  const checks: ShowCodeCheck[] = [fromError('format', cause)];
  for (const name of SHOW_CODE_CHECK_NAMES) {
    if (name === 'format' || (name === 'replay' && !withReplay)) continue;
    checks.push(failure(name, 'ERR_SHOWING_SKIPPED_FORMAT'));
  }
  return verdict(nowIso, checks);
}

/**
 * Verifies a show code offline and explains the answer. Never throws for a bad code: an
 * unreadable one gets a verdict whose `format` check failed with the decoder's code and
 * field. Throws `ERR_SHOWING_CONTEXT` only when the caller's own arguments are wrong (a
 * trust list not prepared by `verifyTrustList`, no valid `now`).
 *
 * Checks: `format` (strict decode); `signature` (with the showing key the code names, suite
 * from the trust list); `node-trusted` (the list is current at `now`, the key is one of its
 * showing keys, valid when the code was made); `not-expired` (now before expiry, issue time
 * not more than 30 s ahead); `issuer-trusted` and `type-allowed` (the identifier's issuer is
 * on the list and may issue the type); `status-at-signing` (valid, and within its validity
 * dates on the day the code was made, China Standard Time); `status-list` (the code's entry
 * in the issuer's cached list, `statusLists`: refused when a list issued after the code was
 * made marks the licence invalid or suspended; ok but saying it could not check when the
 * code names no entry, no list is cached, the list expired or predates the code); `replay` (only with `seenNonce`:
 * the nonce was not presented before).
 *
 * @example
 * const seen = new Set<string>();
 * const verdict = await verifyShowCode(scanned, prepared, {
 *   now: new Date(), seenNonce: (nonce) => seen.has(nonce) || (seen.add(nonce), false) });
 * verdict.valid; verdict.showCode?.fields // [{ key: 'certificateHolderName', value: '王小明', … }, …]
 */
export async function verifyShowCode(
  text: unknown,
  trustList: PreparedTrustList,
  options: VerifyShowCodeOptions,
): Promise<ShowCodeVerdict> {
  const { now, seenNonce, statusLists } = readOptions(trustList, options);

  // The signature check starts as soon as the code is split into payload and signature, and
  // runs (on the platform's crypto threads, for WebCrypto suites) while the payload is parsed
  // and every check that does not depend on it is made; the answer is awaited last, so the
  // main thread's own work overlaps the platform's instead of following it (show-code.md §8).
  let code: ShowCode;
  let key: PreparedShowingKey | undefined;
  let pending: Promise<boolean> | undefined;
  try {
    const opened = openShowCode(text);
    key = findShowingKeyAt(trustList, opened.bytes, opened.hintAt);
    if (key !== undefined) pending = startVerify(key, opened);
    code = parseShowCodePayload(opened);
  } catch (error) {
    // The code is unreadable: nobody will await the signature, and its failure must not
    // surface as an unhandled rejection.
    pending?.then(ignore, ignore);
    return unreadable(error, seenNonce !== undefined, iso(now));
  }
  const times: Times = { now, nowIso: iso(now), issuedIso: iso(code.issuedAt), expiresIso: iso(code.expiresAt) };
  const node = checkNode(trustList, key, code, times);
  const time = checkTime(code, times);

  let issuerTrusted: ShowCodeCheck;
  let typeAllowed: ShowCodeCheck;
  const issuer = findTrustedIssuer(trustList, code.issuerCode);
  if (issuer === undefined) {
    issuerTrusted = failure('issuer-trusted', 'ERR_SHOWING_ISSUER_UNTRUSTED', { issuerCode: code.issuerCode });
    typeAllowed = failure('type-allowed', 'ERR_SHOWING_SKIPPED_NO_ISSUER');
  } else {
    // The issuer was found by the code's issuer code: the entry's code is the same text.
    const reasons = reasonsOfIssuer(issuer);
    issuerTrusted = pass('issuer-trusted', reasons.trusted);
    const allowed = reasons.typeAllowed.get(code.typeCode);
    typeAllowed =
      allowed !== undefined
        ? pass('type-allowed', allowed)
        : failure('type-allowed', 'ERR_SHOWING_TYPE_NOT_ALLOWED', {
            issuerCode: code.issuerCode,
            typeCode: code.typeCode,
          });
  }
  const status = checkStatus(code, times);
  const statusList = checkStatusList('status-list', {
    slot: code.statusListSlot,
    issuerCode: code.issuerCode,
    madeAt: code.issuedAt,
    madeAtIso: times.issuedIso,
    trustList,
    lists: statusLists,
    now,
  });
  const shown = summary(code, trustList, key, issuer, times);

  // signature, with the key the trust list knows by the code's hint (never a key the code brings).
  let signature: ShowCodeCheck;
  let signatureOk = false;
  if (key === undefined || pending === undefined) {
    signature = failure('signature', 'ERR_SHOWING_SKIPPED_NO_KEY', { keyHint: code.keyHint });
  } else {
    // The passing check is written before the wait too: after it, only the answer is read.
    const passed = pass('signature', reasonsOfKey(trustList, key).signature);
    try {
      signatureOk = (await pending) === true;
      signature = signatureOk ? passed : failure('signature', 'ERR_SHOWING_SIGNATURE_INVALID', { keyId: key.keyId });
    } catch (error) {
      signature = failure(
        'signature',
        'ERR_SHOWING_KEY_ERROR',
        { keyId: key.keyId, detail: describeError(error) },
        undefined,
        { detail: describeError(error, 'zh-CN') },
      );
    }
  }
  const format = pass('format', 'a well-formed HT1 show code');

  // The checks in the order a verdict lists them, as one array literal of its final length
  // (one allocation, where an array grown by push is copied once it outgrows its first store).
  if (seenNonce === undefined) {
    return verdict(
      times.nowIso,
      [format, signature, node, time, issuerTrusted, typeAllowed, status, statusList],
      shown,
    );
  }
  // replay: asked only after the signature and the node check passed, so a forged code
  // cannot burn a genuine code's nonce.
  let replay: ShowCodeCheck;
  if (!signatureOk || !node.ok) {
    replay = failure('replay', 'ERR_SHOWING_SKIPPED_UNVERIFIED');
  } else {
    try {
      const seen: unknown = await seenNonce(code.nonce, code.expiresAt);
      replay =
        seen === false
          ? pass('replay', `nonce ${code.nonce} was not presented before`)
          : seen === true
            ? failure('replay', 'ERR_SHOWING_REPLAY', { nonce: code.nonce })
            : failure(
                'replay',
                'ERR_SHOWING_REPLAY_UNAVAILABLE',
                { detail: `the register answered ${typeof seen}` },
                undefined,
                { detail: `防重放记录返回了 ${typeof seen} 类型的值` },
              );
    } catch (error) {
      replay = failure('replay', 'ERR_SHOWING_REPLAY_UNAVAILABLE', { detail: describeError(error) }, undefined, {
        detail: describeError(error, 'zh-CN'),
      });
    }
  }
  return verdict(
    times.nowIso,
    [format, signature, node, time, issuerTrusted, typeAllowed, status, statusList, replay],
    shown,
  );
}
