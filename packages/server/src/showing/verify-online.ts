/**
 * `verifyOnline`: `POST /api/v1/verify` — the offline checks of core (a show code with
 * `verifyShowCode`, a licence document with `verifyLicence`) against this node's own trust
 * list, plus what only the node knows: the licence's current status and encumbrances in the
 * library, and whether the code was presented before (packages/server/src/showing/README.md).
 */
import {
  type Encumbrance,
  type ErrorParams,
  encodeBase64url,
  isPrintCodeText,
  type PrintCodeSummary,
  type PrintedFace,
  printedFaceDigest,
  printedFaceOf,
  type ShowCodeSummary,
  type Verdict,
  type VerdictLicence,
  verifyLicence,
  verifyPrintCode,
  verifyShowCode,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { useCauseOf } from '../library/get-licence.js';
import { licenceDocumentDigest, sameDocumentDigest } from '../library/licence-document-digest.js';
import { type LicenceStatusRead, readLicenceStatus, readLicenceView } from '../library/read-licence-view.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { preparedNodeTrustList, trustListSource } from '../trust/prepared-node-trust-list.js';
import { type NonceSighting, recordNonce } from './record-nonce.js';
import { signatureTrusted } from './signature-trusted.js';
import type { VerificationThreads } from './verification-threads.js';

/**
 * `verify`: plain verification (a venue checks a code): a code seen before is reported
 * (`replay.seenBefore`) but not refused — the holder may show the same code to two
 * inspectors within its minute. `entry-registration`: the code admits someone once (a gate,
 * a registration desk): a code seen before is refused.
 */
export const VERIFY_MODES = ['verify', 'entry-registration'] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

export interface VerifyOnlineInput {
  /** A show code (`HT1:…`) or a print code (`HP1:…`). Exactly one of `code` and `licence`. */
  readonly code?: unknown;
  /** Print codes only: the face as read off the paper (`PrintedFace`), compared with the code's digest. */
  readonly face?: unknown;
  /** A licence document (`hutong-licence/1`), parsed JSON or JSON text. */
  readonly licence?: unknown;
  readonly mode?: VerifyMode | undefined;
  /** 用证事由, recorded; required from API clients (1–200 characters). */
  readonly useCause?: string | undefined;
}

/** One check of an online verdict: core's checks, then `current-status` (and `replay` for show codes). */
export interface OnlineCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly reason: string;
  readonly code?: string;
  readonly field?: string;
  readonly params?: ErrorParams;
  /** Chinese values of English-prose params, for the zh-CN message (core's `HutongErrorOptions.zhParams`). */
  readonly zhParams?: ErrorParams;
}

/** The licence as the library holds it now. */
export interface CurrentStatus {
  readonly identifier: string;
  /** Core `LicenceStatus` (`valid`, `suspended`, `revoked`, `expired` …). */
  readonly status: string;
  /** Active encumbrances (mortgage, pledge): the licence stays valid, the relying party must see them. */
  readonly encumbrances: readonly Encumbrance[];
  readonly updatedAt: string;
}

export interface OnlineVerdict {
  /** True exactly when every check is ok. */
  readonly valid: boolean;
  readonly kind: 'show-code' | 'licence' | 'printed-licence';
  readonly mode: VerifyMode;
  readonly at: string;
  readonly checks: readonly OnlineCheck[];
  readonly showCode?: ShowCodeSummary;
  readonly printCode?: PrintCodeSummary;
  /**
   * Print codes whose signature verified: the face of the printed licence version as the
   * library holds it (what the paper must show), for the verifier to compare with the paper.
   */
  readonly printedFace?: PrintedFace;
  readonly licence?: VerdictLicence;
  readonly currentStatus?: CurrentStatus;
  /** Show codes whose signature verified: what the nonce register knew before this presentation. */
  readonly replay?: NonceSighting;
  /** The trust list the offline checks ran against. */
  readonly trustList: { readonly nodeId: string; readonly version: number };
}

/** A malformed verification request; the reason in both languages (the problem is in the caller's). */
function badRequest(field: string, reason: string, reasonZh: string): never {
  throw new ServerError('ERR_API_BAD_REQUEST', { field, params: { reason }, zhParams: { reason: reasonZh } });
}

async function currentStatusCheck(
  ctx: AppContext,
  identifier: string,
  audience: VerifyAudience,
  read: Promise<Omit<LicenceStatusRead, 'documentDigest'> | undefined> = readLicenceStatus(ctx.store.db, identifier),
): Promise<{ check: OnlineCheck; current?: CurrentStatus }> {
  // The status row only: the document was just verified from the code or the request itself.
  const view = await read;
  if (view === undefined) {
    return {
      check: {
        name: 'current-status',
        ok: false,
        reason: `The library holds no licence ${identifier}.`,
        code: 'ERR_LIBRARY_NOT_FOUND',
        params: { identifier },
      },
    };
  }
  const encumbrances = view.encumbrances.filter((e) => e.releasedAt === undefined);
  const current: CurrentStatus = {
    identifier,
    status: view.status.status,
    encumbrances,
    updatedAt: view.status.updatedAt,
  };
  // An anonymous caller learns the status only: encumbrances are not in the code it holds.
  const burden =
    encumbrances.length === 0 || audience === 'public'
      ? ''
      : `; it carries ${encumbrances.map((e) => e.kind).join(', ')} (see encumbrances)`;
  const ok = view.status.status === 'valid';
  return {
    current,
    check: {
      name: 'current-status',
      ok,
      reason: ok
        ? `The library holds the licence as valid now${burden}.`
        : `The library holds the licence as ${view.status.status} now${burden}.`,
      ...(ok
        ? {}
        : {
            code: view.status.status === 'suspended' ? 'ERR_VERIFY_STATUS_SUSPENDED' : 'ERR_VERIFY_STATUS_INVALID',
            params: { status: view.status.status },
          }),
    },
  };
}

/**
 * `client`: an API client with the `verify` scope, which states a use cause and sees all the
 * node knows (encumbrances, the printed face, replay). `public`: the anonymous verification
 * page (`/v/<code>`, docs/design/printed-licence.md §4): it learns only the current status of
 * a licence whose current, genuine code it holds, and never touches the nonce register (a
 * bystander must not be able to spend a holder's code).
 */
export type VerifyAudience = 'client' | 'public';

/**
 * The offline checks an online verdict keeps: all but `status-list` (the code's entry in a
 * cached status list, docs/design/show-code.md §5), which the node's `current-status` answers
 * from the library itself; listing both would have the verdict say "could not check" beside
 * the answer.
 */
function online(check: { readonly name: string }): boolean {
  return check.name !== 'status-list';
}

/**
 * The same for a licence document: core's `status` (its status list entry; offline, without a
 * list, "not checked: the licence may have been revoked") gives way to `current-status`, the
 * library's answer, so that an online verdict never says the status could not be checked.
 */
function onlineLicenceCheck(check: { readonly name: string }): boolean {
  return check.name !== 'status';
}

/** What the verification page says it checks for: recorded as the use cause of anonymous checks. */
export const PUBLIC_USE_CAUSE = '公开核验页扫码核验';

/**
 * Whether the node may look the licence up for this caller: the code is genuine (signed by a
 * trusted showing key), and for the public page also current (a show code within its
 * lifetime, an annotated copy before its expiry), so that an old screenshot found later does
 * not keep answering what became of the licence.
 */
function lookupRefusal(checks: readonly OnlineCheck[], audience: VerifyAudience): OnlineCheck | undefined {
  if (!signatureTrusted(checks, ['signature', 'node-trusted'])) return skipped();
  if (audience === 'public') {
    const stale = checks.find((c) => (c.name === 'not-expired' || c.name === 'annotation-current') && !c.ok);
    if (stale !== undefined) {
      return {
        name: 'current-status',
        ok: false,
        reason: 'Not looked up: the code is no longer current.',
        code: 'ERR_VERIFY_SKIPPED_NOT_CURRENT',
      };
    }
  }
  return undefined;
}

/**
 * Verifies a show code or a licence online and records the verification (`recordAccess`,
 * action `licence.verify`). Never throws for a bad code or licence (the verdict says why);
 * throws `ERR_API_BAD_REQUEST` when neither or both of `code` and `licence` are given, and the
 * audit's use-cause errors for a client without a use cause.
 *
 * @example
 * const verdict = await verifyOnline(ctx, principal, { code: 'HT1:…', useCause: '入园登记', mode: 'entry-registration' });
 * verdict.valid; verdict.currentStatus?.status; verdict.replay?.seenBefore
 */
export async function verifyOnline(
  ctx: AppContext,
  principal: Principal,
  input: VerifyOnlineInput,
  options: NodeTrustListOptions & {
    readonly requestId?: string | undefined;
    /** Default `client`. */
    readonly audience?: VerifyAudience | undefined;
    /**
     * SQLite: the app's verification threads (verification-threads.ts), where a licence's
     * offline checks and status read run; without them, on the event loop.
     */
    readonly threads?: VerificationThreads | undefined;
  } = {},
): Promise<OnlineVerdict> {
  const hasCode = input.code !== undefined;
  const hasLicence = input.licence !== undefined;
  if (hasCode === hasLicence)
    badRequest(
      hasCode ? 'licence' : 'code',
      'give exactly one of code and licence',
      '须且只须给出 code 或 licence 之一',
    );
  const mode: VerifyMode = input.mode ?? 'verify';
  if (!(VERIFY_MODES as readonly string[]).includes(mode))
    badRequest('mode', 'mode is verify or entry-registration', 'mode 须为 verify 或 entry-registration');
  const { requestId, audience = 'client', threads, ...listOptions } = options;
  if (audience === 'public' && (hasLicence || mode !== 'verify' || input.face !== undefined))
    badRequest(
      hasLicence ? 'licence' : mode !== 'verify' ? 'mode' : 'face',
      'the public check takes a code only',
      '公开核验只接受亮证码或打印码',
    );
  const useCause = useCauseOf(principal, audience === 'public' ? PUBLIC_USE_CAUSE : input.useCause);
  const trustList = await preparedNodeTrustList(ctx, listOptions);
  const now = ctx.now();
  const checks: OnlineCheck[] = [];
  let verdict: OnlineVerdict;

  if (input.face !== undefined && !(hasCode && isPrintCodeText(input.code)))
    badRequest('face', 'a face is compared with a print code (HP1:…) only', '只有打印码（HP1:…）才可与照面比对');

  if (hasCode && isPrintCodeText(input.code)) {
    if (mode === 'entry-registration')
      badRequest(
        'mode',
        'entry registration is for show codes (a printed licence has no nonce)',
        '亮证登记只适用于亮证码（打印的证照没有一次性随机数）',
      );
    const offline = await verifyPrintCode(input.code, trustList, {
      now,
      ...(input.face === undefined ? {} : { face: input.face as PrintedFace }),
    });
    checks.push(...offline.checks.filter(online));
    let current: CurrentStatus | undefined;
    let printedFace: PrintedFace | undefined;
    const refusal = lookupRefusal(offline.checks, audience);
    if (offline.printCode !== undefined && refusal === undefined) {
      const status = await currentStatusCheck(ctx, offline.printCode.identifier, audience);
      checks.push(status.check);
      current = status.current;
      const library = await libraryFaceCheck(ctx, offline.printCode);
      checks.push(library.check);
      // The paper shows the face; a photo of its QR code alone must not reveal it.
      if (audience === 'client') printedFace = library.face;
    } else {
      checks.push(refusal ?? skipped());
    }
    verdict = {
      valid: checks.every((c) => c.ok),
      kind: 'printed-licence',
      mode,
      at: offline.at,
      checks,
      ...(offline.printCode === undefined ? {} : { printCode: offline.printCode }),
      ...(printedFace === undefined ? {} : { printedFace }),
      ...(current === undefined ? {} : { currentStatus: current }),
      trustList: { nodeId: trustList.node.id, version: trustList.version },
    };
  } else if (hasCode) {
    let sighting: NonceSighting | undefined;
    // Core calls the register only for a code signed by a trusted showing key, so a forged
    // code cannot burn a genuine code's nonce. In plain verification the register records
    // and reports but never refuses (core's own replay check is then answered "not seen").
    const offline = await verifyShowCode(input.code, trustList, {
      now,
      ...(audience === 'public'
        ? {}
        : {
            seenNonce: async (nonce: string, expiresAt: Date) => {
              sighting = await recordNonce(ctx, nonce, expiresAt);
              return mode === 'entry-registration' && sighting.seenBefore;
            },
          }),
    });
    for (const check of offline.checks.filter(online)) {
      if (check.name === 'replay' && sighting !== undefined && mode === 'verify') {
        checks.push({
          name: 'replay',
          ok: true,
          reason: sighting.seenBefore
            ? `The code was presented ${sighting.previousCount} time(s) before, first at ${sighting.firstSeenAt}; plain verification reports it without refusing (entry registration would refuse it).`
            : 'The code is presented for the first time.',
        });
      } else {
        checks.push(check);
      }
    }
    let current: CurrentStatus | undefined;
    const refusal = lookupRefusal(offline.checks, audience);
    if (offline.showCode !== undefined && refusal === undefined) {
      const status = await currentStatusCheck(ctx, offline.showCode.identifier, audience);
      checks.push(status.check);
      current = status.current;
    } else {
      checks.push(refusal ?? skipped());
    }
    verdict = {
      valid: checks.every((c) => c.ok),
      kind: 'show-code',
      mode,
      at: offline.at,
      checks,
      ...(offline.showCode === undefined ? {} : { showCode: offline.showCode }),
      ...(current === undefined ? {} : { currentStatus: current }),
      ...(sighting === undefined ? {} : { replay: sighting }),
      trustList: { nodeId: trustList.node.id, version: trustList.version },
    };
  } else {
    if (mode === 'entry-registration')
      badRequest(
        'mode',
        'entry registration is for show codes (a licence has no nonce)',
        '亮证登记只适用于亮证码（证照文件没有一次性随机数）',
      );
    const source = threads === undefined ? undefined : trustListSource(trustList);
    let offline: Verdict;
    let read: (identifier: string) => Promise<Omit<LicenceStatusRead, 'documentDigest'> | undefined>;
    if (threads !== undefined && source !== undefined) {
      // The same verifyLicence, held-copy digest and status read on a verification thread
      // (verification-threads.ts): the event loop keeps the request, the record and the answer.
      const answer = await threads.verifyLicence(input.licence, trustList, source, now);
      offline = answer.verdict;
      read = async () => answer.status;
    } else {
      // One read of the licence's row serves both the held-copy comparison and the current status.
      let row: { identifier: string; read: Promise<LicenceStatusRead | undefined> } | undefined;
      const rowOf = (identifier: string) => {
        if (row?.identifier !== identifier) row = { identifier, read: readLicenceStatus(ctx.store.db, identifier) };
        return row.read;
      };
      offline = await verifyLicence(input.licence, {
        keys: trustList.keys,
        at: now,
        // The library's own copy had its signature checked when it entered the library (signed
        // here, or verified on aggregation): an identical document rests on that; any other gets
        // the full check (core verify-licence.ts, HeldCopy).
        heldCopy: async (licence) => {
          const stored = await rowOf(licence.metadata.certificateIdentifier);
          return sameDocumentDigest(stored?.documentDigest, licenceDocumentDigest(licence));
        },
      });
      read = rowOf;
    }
    checks.push(...offline.checks.filter(onlineLicenceCheck));
    let current: CurrentStatus | undefined;
    if (offline.licence !== undefined && signatureTrusted(offline.checks, ['signature', 'issuer-trusted'])) {
      const identifier = offline.licence.identifier;
      const status = await currentStatusCheck(ctx, identifier, audience, read(identifier));
      checks.push(status.check);
      current = status.current;
    } else {
      checks.push(skipped());
    }
    verdict = {
      valid: checks.every((c) => c.ok),
      kind: 'licence',
      mode,
      at: offline.at,
      checks,
      ...(offline.licence === undefined ? {} : { licence: offline.licence }),
      ...(current === undefined ? {} : { currentStatus: current }),
      trustList: { nodeId: trustList.node.id, version: trustList.version },
    };
  }

  const identifier = verdict.showCode?.identifier ?? verdict.printCode?.identifier ?? verdict.licence?.identifier;
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'licence.verify',
    target: identifier ?? `unreadable ${verdict.kind}`,
    useCause,
    outcome: verdict.valid ? 'success' : 'refused',
    requestId,
    details: {
      kind: verdict.kind,
      mode,
      valid: verdict.valid,
      failed: verdict.checks.filter((c) => !c.ok).map((c) => c.name),
      ...(verdict.replay === undefined ? {} : { seenBefore: verdict.replay.seenBefore }),
      trustListVersion: trustList.version,
      ...(audience === 'public' ? { audience } : {}),
    },
    at: now.toISOString(),
  });
  return verdict;
}

/**
 * A print code's face digest against the library's own copy of that licence version: the
 * node signed what it held, so a difference means the type's face-field schema changed since.
 */
async function libraryFaceCheck(
  ctx: AppContext,
  code: PrintCodeSummary,
): Promise<{ check: OnlineCheck; face?: PrintedFace }> {
  const view = await readLicenceView(ctx.store.db, code.identifier);
  if (view === undefined) {
    return {
      check: {
        name: 'library-face',
        ok: false,
        reason: `The library holds no licence ${code.identifier}.`,
        code: 'ERR_LIBRARY_NOT_FOUND',
        params: { identifier: code.identifier },
      },
    };
  }
  const type = await getLicenceType(ctx, view.licence.metadata.certificateTypeCode);
  const face = printedFaceOf(view.licence, type);
  const ok = encodeBase64url(printedFaceDigest(face)) === code.faceDigest;
  return {
    face,
    check: ok
      ? { name: 'library-face', ok: true, reason: "The library's copy of this version has the face that was printed." }
      : {
          name: 'library-face',
          ok: false,
          reason: "The library's copy of this version does not have the face that was printed.",
          code: 'ERR_PRINTING_FACE_MISMATCH',
        },
  };
}

function skipped(): OnlineCheck {
  return {
    name: 'current-status',
    ok: false,
    reason: 'Not looked up: the signature is not one this node trusts.',
    code: 'ERR_VERIFY_SKIPPED_SIGNATURE',
  };
}
