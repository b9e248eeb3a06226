/**
 * The status-list slot of a show code or a print code (docs/design/show-code.md §3.5,
 * docs/design/printed-licence.md §3): the licence's entry in its issuer's status list (IETF
 * Token Status List, docs/design/status-lists.md) as a list id and an index, so that a
 * verifier offline with a cached list can tell that a licence was revoked or suspended after
 * the code or the paper was made. The issuer is the identifier's, the host the node's: two
 * LEB128 numbers are all a code needs (2–6 bytes, where the URL would take 80).
 *
 * Internal to `showing/` and `printing/`: the encoders and verifiers of both codes use it.
 */
import type { ErrorParams, HutongErrorCode } from '../errors.js';
import type { Licence } from '../licence/index.js';
import { MAX_STATUS_LIST_ID, STATUS_LIST_VALUES, statusListIdOf, statusListPath } from '../status/index.js';
import { findTrustedIssuer, type PreparedTrustList } from '../trust/verify-trust-list.js';
import { codedCheck, failCheck, passCheck } from '../verify/checks.js';
import { isOpenedStatusList, type StatusList } from '../verify/status-list-token.js';
import type { Check } from '../verify/verdict.js';
import { formatInstant } from './instant.js';

/** Where a licence's status is in its issuer's lists. */
export interface StatusListSlot {
  /** The list id: `/api/v1/status-lists/<issuer>/<listId>`. */
  readonly listId: number;
  /** The entry (§4.1 of draft-ietf-oauth-status-list). */
  readonly index: number;
}

/** Largest index a code may carry: 2^32 − 1 (a list of 2-bit entries within 16 MiB holds 2^26). */
export const MAX_STATUS_LIST_INDEX = 0xffff_ffff;

/**
 * The slot of a licence whose status reference is a Hutong list of its own issuer
 * (`…/api/v1/status-lists/<issuer>/<id>`); undefined for a licence with no reference or a
 * reference of another shape (a code then says nothing about a list, as codes did before).
 */
export function statusListSlotOf(licence: Licence): StatusListSlot | undefined {
  const reference = licence.statusReference;
  if (reference === undefined) return undefined;
  const listId = statusListIdOf(reference.uri, licence.metadata.certificateIssuingAuthorityCode);
  const index = reference.index;
  if (listId === undefined || !Number.isSafeInteger(index) || index < 0 || index > MAX_STATUS_LIST_INDEX) {
    return undefined;
  }
  return { listId, index };
}

function pushVarint(out: number[], value: number): void {
  let n = value;
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** The slot's bytes: unsigned LEB128 list id, then unsigned LEB128 index, each minimal. */
export function encodeStatusListSlot(slot: StatusListSlot): number[] {
  const out: number[] = [];
  pushVarint(out, slot.listId);
  pushVarint(out, slot.index);
  return out;
}

/** How a decoder reports a bad slot: with its own error codes (truncated, or malformed and why). */
export type SlotFailure = (truncated: boolean, problem: string, problemZh: string) => never;

// Where readVarint's number ended: a module-level cursor rather than a [value, end] pair
// allocated per number (show codes are decoded on the verifier's hot path; reading is synchronous).
let varintEnd = 0;

function readVarint(bytes: Uint8Array, start: number, end: number, max: number, fail: SlotFailure): number {
  let value = 0;
  let scale = 1;
  // 5 groups of 7 bits hold every value up to 2^35 > both bounds.
  for (let i = 0, pos = start; i < 5; i++, pos++) {
    if (pos >= end) fail(true, 'the status list slot is cut short', '状态列表位置不完整');
    const b = bytes[pos] as number;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) {
      if (i > 0 && b === 0)
        fail(
          false,
          'a number of the status list slot is not written in its shortest form',
          '状态列表位置中的数值未以最短形式书写',
        );
      if (value > max)
        fail(false, `a number of the status list slot is larger than ${max}`, `状态列表位置中的数值大于 ${max}`);
      varintEnd = pos + 1;
      return value;
    }
    scale *= 0x80;
  }
  return fail(false, 'a number of the status list slot is longer than 5 bytes', '状态列表位置中的数值超过 5 字节');
}

/** Reads a slot at `start`; returns it and where it ends. Every problem goes to `fail`. */
export function decodeStatusListSlot(
  bytes: Uint8Array,
  start: number,
  end: number,
  fail: SlotFailure,
): [StatusListSlot, number] {
  const listId = readVarint(bytes, start, end, MAX_STATUS_LIST_ID, fail);
  if (listId === 0) fail(false, 'status list ids start at 1', '状态列表编号从 1 开始');
  const index = readVarint(bytes, varintEnd, end, MAX_STATUS_LIST_INDEX, fail);
  return [{ listId, index }, varintEnd];
}

/**
 * The cached status lists a verifier was given: only lists `openStatusListToken` opened (so
 * their tokens verified against a trust list); `problem` is called for anything else.
 */
export function readStatusLists(
  value: unknown,
  problem: (text: string, textZh: string) => never,
): readonly StatusList[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return problem(
      'must be an array of status lists opened by openStatusListToken',
      '须为经 openStatusListToken 打开的状态列表组成的数组',
    );
  for (const list of value) {
    if (!isOpenedStatusList(list))
      return problem(
        'must hold only status lists opened by openStatusListToken',
        '只能包含经 openStatusListToken 打开的状态列表',
      );
  }
  return value as readonly StatusList[];
}

/** What the `status-list` check needs to know about the code. */
export interface StatusListCheckInput {
  readonly slot: StatusListSlot | undefined;
  readonly issuerCode: string;
  /** When the code was made (a show code's issue time, a print code's print time). */
  readonly madeAt: Date;
  /** `madeAt` as RFC 3339 UTC, when the caller has already written it for its own checks. */
  readonly madeAtIso?: string;
  readonly trustList: PreparedTrustList;
  readonly lists: readonly StatusList[];
  readonly now: Date;
}

function notChecked<Name extends string>(name: Name, code: HutongErrorCode, params: ErrorParams): Check<Name> {
  // As licences' `status` without a list (verify/verdict.ts): ok, but saying plainly it did not run.
  return codedCheck(name, true, code, params);
}

function minutes(ms: number): string {
  return ms < 60_000 ? 'under a minute' : `${Math.floor(ms / 60_000)} min`;
}

/**
 * The offline status check of a code: the entry its slot names in the verifier's cached list
 * of the code's issuer. Fails only on what the list proves — the licence invalid or suspended
 * in a list issued after the code was made, an entry the list does not have, a list signed by
 * a key the trust list does not give the issuer. Passes, saying plainly that it could not
 * check, when the code names no slot (made before codes carried one), no list is cached,
 * the list expired (`exp`: not relied on) or the list is older than the code (the status the
 * code carries is then the newer word).
 */
export function checkStatusList<Name extends string>(name: Name, input: StatusListCheckInput): Check<Name> {
  const { slot, issuerCode, madeAt, now } = input;
  const madeIso = input.madeAtIso ?? formatInstant(madeAt.getTime());
  if (slot === undefined) return notChecked(name, 'ERR_VERIFY_STATUS_NO_SLOT', { madeAt: madeIso });
  // Of several copies of the list (a cache that kept yesterday's and today's), the newest
  // speaks; of two issued in the same second, the one given later (a cache appends).
  let list: StatusList | undefined;
  for (const candidate of input.lists) {
    if (candidate.issuerCode !== issuerCode || statusListIdOf(candidate.uri, issuerCode) !== slot.listId) continue;
    if (list === undefined || candidate.issuedAt.getTime() >= list.issuedAt.getTime()) list = candidate;
  }
  if (list === undefined) {
    return notChecked(name, 'ERR_VERIFY_STATUS_LIST_NONE', {
      path: statusListPath(issuerCode, slot.listId),
      issuerCode,
      madeAt: madeIso,
    });
  }
  // A list opened against another trust list speaks only if this one gives the issuer its key.
  const issuer = findTrustedIssuer(input.trustList, issuerCode);
  if (issuer === undefined || !issuer.keys.some((key) => key.keyId === list.keyId)) {
    return failCheck(name, 'ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN', { keyId: list.keyId, issuerCode });
  }
  const uri = list.uri;
  if (list.expiresAt !== undefined && now.getTime() >= list.expiresAt.getTime()) {
    return notChecked(name, 'ERR_VERIFY_STATUS_LIST_STALE', {
      uri,
      expiresAt: formatInstant(list.expiresAt.getTime()),
    });
  }
  const listIssuedAt = formatInstant(list.issuedAt.getTime());
  if (list.issuedAt.getTime() < madeAt.getTime()) {
    return notChecked(name, 'ERR_VERIFY_STATUS_LIST_OLDER', { uri, listIssuedAt, madeAt: madeIso });
  }
  const value = list.entry(slot.index);
  if (value === STATUS_LIST_VALUES.invalid) {
    return failCheck(name, 'ERR_VERIFY_STATUS_INVALID_SINCE', {
      index: slot.index,
      uri,
      listIssuedAt,
      madeAt: madeIso,
    });
  }
  if (value === STATUS_LIST_VALUES.suspended) {
    return failCheck(name, 'ERR_VERIFY_STATUS_SUSPENDED_SINCE', {
      index: slot.index,
      uri,
      listIssuedAt,
      madeAt: madeIso,
    });
  }
  if (value !== STATUS_LIST_VALUES.valid)
    return failCheck(name, 'ERR_VERIFY_STATUS_UNKNOWN', { index: slot.index, uri });
  const age = now.getTime() - list.issuedAt.getTime();
  const ttl =
    list.ttl !== undefined && age > list.ttl * 1000 ? `, past its ttl of ${list.ttl} s: refresh it when online` : '';
  const until = list.expiresAt === undefined ? '' : `, relied on until ${formatInstant(list.expiresAt.getTime())}`;
  return passCheck(
    name,
    `entry ${slot.index} of the status list ${uri} says valid (list issued ${listIssuedAt}, ${minutes(age)} ago${until}${ttl})`,
  );
}
