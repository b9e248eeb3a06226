/**
 * Offline verification of a print code (docs/design/printed-licence.md §4): the code, the
 * node's prepared trust list and the time, optionally the face as read off the paper → a
 * verdict naming every check. Online verification (`POST /api/v1/verify`) adds the licence's
 * current status and the library's own face.
 */
import { type ErrorParams, HutongError, type HutongErrorCode } from '../errors.js';
import { encodeBase64url } from '../licence/index.js';
import { formatInstant } from '../showing/instant.js';
import { checkStatusList, readStatusLists, type StatusListSlot } from '../showing/status-list-slot.js';
import {
  findShowingKey,
  findTrustedIssuer,
  isPreparedTrustList,
  type PreparedShowingKey,
  type PreparedTrustList,
} from '../trust/verify-trust-list.js';
import { checkFromError, describeError, failCheck, passCheck } from '../verify/checks.js';
import { PROOF_CLOCK_SKEW_MS, type VerdictCheck } from '../verify/index.js';
import type { StatusList } from '../verify/status-list-token.js';
import {
  type OpenedPrintCode,
  openPrintCode,
  type PrintCode,
  type PrintedFace,
  parsePrintCodePayload,
  printedFaceDigest,
} from './print-code.js';

const pass = (name: PrintCodeCheckName, reason: string): PrintCodeCheck => passCheck(name, reason);
const failure = (
  name: PrintCodeCheckName,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
  zhParams?: ErrorParams,
): PrintCodeCheck => failCheck(name, code, params, field, zhParams);
const fromError = (name: PrintCodeCheckName, error: HutongError): PrintCodeCheck => checkFromError(name, error);

/** The checks of a print-code verdict, in the order a verdict lists them. */
export const PRINT_CODE_CHECK_NAMES = [
  'format',
  'signature',
  'node-trusted',
  'issuer-trusted',
  'type-allowed',
  'status-list',
  'annotation-current',
  'face-digest',
] as const;
export type PrintCodeCheckName = (typeof PRINT_CODE_CHECK_NAMES)[number];

export interface PrintCodeCheck extends Omit<VerdictCheck, 'name'> {
  readonly name: PrintCodeCheckName;
}

/** What the verdict says about the code, when it could be read. */
export interface PrintCodeSummary {
  readonly identifier: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly issuerName?: string;
  readonly version: string;
  readonly nodeId: string;
  readonly nodeName: string;
  readonly keyId?: string;
  readonly printedAt: string;
  readonly faceDigest: string;
  /** The licence's status-list entry the code names, when it names one. */
  readonly statusListSlot?: StatusListSlot;
  readonly annotation?: {
    readonly useCause: string;
    readonly relyingPartyCode: string;
    readonly relyingPartyName: string;
    readonly expiresAt: string;
  };
}

export interface PrintCodeVerdict {
  readonly valid: boolean;
  readonly kind: 'printed-licence';
  readonly at: string;
  readonly checks: readonly PrintCodeCheck[];
  readonly printCode?: PrintCodeSummary;
}

export interface VerifyPrintCodeOptions {
  readonly now: Date;
  /**
   * The face as read off the paper (or from the library): when given, `face-digest` checks
   * that it is the face the node printed. Without it there is no `face-digest` check.
   */
  readonly face?: PrintedFace;
  /**
   * The verifier's cached status lists (each opened by `openStatusListToken`): the
   * `status-list` check reads the licence's entry in its issuer's list, so paper whose licence
   * was revoked or suspended after printing is refused offline. Without one that check says
   * plainly that the status since printing could not be checked offline.
   */
  readonly statusLists?: readonly StatusList[];
}

function iso(date: Date): string {
  return formatInstant(date.getTime());
}

function checkNode(
  list: PreparedTrustList,
  key: PreparedShowingKey | undefined,
  code: PrintCode,
  now: Date,
): PrintCodeCheck {
  const nodeId = list.node.id;
  const t = now.getTime();
  if (t >= list.expiresAt.getTime()) {
    return failure('node-trusted', 'ERR_TRUST_LIST_EXPIRED', {
      version: list.version,
      nodeId,
      expiresAt: list.document.expiresAt,
      at: iso(now),
    });
  }
  if (list.issuedAt.getTime() > t + PROOF_CLOCK_SKEW_MS) {
    return failure('node-trusted', 'ERR_TRUST_LIST_NOT_YET_VALID', {
      version: list.version,
      nodeId,
      issuedAt: list.document.issuedAt,
      at: iso(now),
    });
  }
  if (key === undefined) return failure('node-trusted', 'ERR_PRINTING_KEY_UNKNOWN', { keyHint: code.keyHint, nodeId });
  const printed = code.printedAt.getTime();
  if (printed > t + PROOF_CLOCK_SKEW_MS) {
    return failure('node-trusted', 'ERR_PRINTING_NOT_YET_PRINTED', { printedAt: iso(code.printedAt), now: iso(now) });
  }
  if (printed < key.validFrom.getTime()) {
    return failure('node-trusted', 'ERR_PRINTING_KEY_NOT_YET_VALID', {
      keyId: key.keyId,
      printedAt: iso(code.printedAt),
      validFrom: iso(key.validFrom),
    });
  }
  if (key.validUntil !== undefined && printed >= key.validUntil.getTime()) {
    return failure('node-trusted', 'ERR_PRINTING_KEY_EXPIRED', {
      keyId: key.keyId,
      printedAt: iso(code.printedAt),
      validUntil: iso(key.validUntil),
    });
  }
  return pass(
    'node-trusted',
    `printed with showing key ${key.keyId} of node ${nodeId} (${list.node.name}), on trust list version ${list.version} valid until ${list.document.expiresAt}`,
  );
}

function readOptions(
  trustList: PreparedTrustList,
  options: VerifyPrintCodeOptions,
): { now: Date; statusLists: readonly StatusList[] } {
  if (!isPreparedTrustList(trustList)) {
    throw new HutongError('ERR_PRINTING_CONTEXT', {
      field: 'trustList',
      params: { field: 'trustList', problem: 'must be a trust list prepared by verifyTrustList' },
      zhParams: { problem: '须为经 verifyTrustList 处理的信任列表' },
    });
  }
  if (
    typeof options !== 'object' ||
    options === null ||
    !(options.now instanceof Date) ||
    Number.isNaN(options.now.getTime())
  ) {
    throw new HutongError('ERR_PRINTING_CONTEXT', {
      field: 'now',
      params: { field: 'now', problem: 'must be a valid Date' },
      zhParams: { problem: '须为有效的 Date' },
    });
  }
  const statusLists = readStatusLists(options.statusLists, (problem, problemZh) => {
    throw new HutongError('ERR_PRINTING_CONTEXT', {
      field: 'statusLists',
      params: { field: 'statusLists', problem },
      zhParams: { problem: problemZh },
    });
  });
  return { now: options.now, statusLists };
}

/**
 * Verifies a print code offline and explains the answer. Never throws for a bad code (the
 * `format` check says why); throws `ERR_PRINTING_CONTEXT` only for wrong arguments.
 *
 * Checks: `format`; `signature` (the showing key the hint names, from the trust list);
 * `node-trusted` (the list is current, the key was valid when the code was printed);
 * `issuer-trusted`, `type-allowed`; `status-list` (the licence's entry in the issuer's cached
 * list, `statusLists`: refused when a list issued after printing marks it invalid or
 * suspended; ok but saying it could not check otherwise); `annotation-current` (annotated copies only: before the
 * copy's expiry); `face-digest` (only with `face`: it is the face that was printed).
 *
 * @example
 * const verdict = await verifyPrintCode(scanned, prepared, { now: new Date(), face: typedFromPaper });
 * verdict.valid; verdict.printCode?.identifier
 */
export async function verifyPrintCode(
  text: unknown,
  trustList: PreparedTrustList,
  options: VerifyPrintCodeOptions,
): Promise<PrintCodeVerdict> {
  const { now, statusLists } = readOptions(trustList, options);
  const nowIso = iso(now);
  const checks: PrintCodeCheck[] = [];
  let code: PrintCode;
  let opened: OpenedPrintCode;
  let key: PreparedShowingKey | undefined;
  try {
    opened = openPrintCode(text);
    key = opened.hint === undefined ? undefined : findShowingKey(trustList, opened.hint);
    code = parsePrintCodePayload(opened);
  } catch (error) {
    const cause =
      error instanceof HutongError
        ? error
        : new HutongError('ERR_PRINTING_MALFORMED', {
            field: 'code',
            params: { field: 'code', problem: describeError(error) },
            zhParams: { problem: describeError(error, 'zh-CN') },
          });
    checks.push(fromError('format', cause));
    for (const name of PRINT_CODE_CHECK_NAMES) {
      if (name === 'format' || (name === 'face-digest' && options.face === undefined)) continue;
      checks.push(failure(name, 'ERR_PRINTING_SKIPPED_FORMAT'));
    }
    return { valid: false, kind: 'printed-licence', at: nowIso, checks };
  }
  checks.push(pass('format', 'a well-formed HP1 print code'));

  if (key === undefined) {
    checks.push(failure('signature', 'ERR_PRINTING_SKIPPED_NO_KEY', { keyHint: code.keyHint }));
  } else {
    try {
      const ok = (await key.key.verify(opened.signedBytes, opened.signature)) === true;
      checks.push(
        ok
          ? pass('signature', `the ${key.suite} signature verifies with showing key ${key.keyId}`)
          : failure('signature', 'ERR_PRINTING_SIGNATURE_INVALID', { keyId: key.keyId }),
      );
    } catch (error) {
      checks.push(
        failure('signature', 'ERR_PRINTING_KEY_ERROR', { keyId: key.keyId, detail: describeError(error) }, undefined, {
          detail: describeError(error, 'zh-CN'),
        }),
      );
    }
  }
  checks.push(checkNode(trustList, key, code, now));

  const issuer = findTrustedIssuer(trustList, code.issuerCode);
  if (issuer === undefined) {
    checks.push(failure('issuer-trusted', 'ERR_PRINTING_ISSUER_UNTRUSTED', { issuerCode: code.issuerCode }));
    checks.push(failure('type-allowed', 'ERR_PRINTING_SKIPPED_NO_ISSUER'));
  } else {
    checks.push(pass('issuer-trusted', `issuer ${code.issuerCode} (${issuer.name}) is on the trust list`));
    checks.push(
      issuer.types.includes(code.typeCode)
        ? pass('type-allowed', `issuer ${code.issuerCode} may issue licences of type ${code.typeCode}`)
        : failure('type-allowed', 'ERR_PRINTING_TYPE_NOT_ALLOWED', {
            issuerCode: code.issuerCode,
            typeCode: code.typeCode,
          }),
    );
  }
  checks.push(
    checkStatusList('status-list', {
      slot: code.statusListSlot,
      issuerCode: code.issuerCode,
      madeAt: code.printedAt,
      trustList,
      lists: statusLists,
      now,
    }),
  );

  const annotation = code.annotation;
  if (annotation !== undefined) {
    checks.push(
      now.getTime() < annotation.expiresAt.getTime()
        ? pass(
            'annotation-current',
            `an annotated copy for ${annotation.relyingPartyName} (${annotation.relyingPartyCode}), valid until ${iso(annotation.expiresAt)}`,
          )
        : failure('annotation-current', 'ERR_PRINTING_ANNOTATION_EXPIRED', {
            relyingParty: annotation.relyingPartyName,
            expiresAt: iso(annotation.expiresAt),
            now: nowIso,
          }),
    );
  }

  if (options.face !== undefined) {
    try {
      const digest = encodeBase64url(printedFaceDigest(options.face));
      checks.push(
        digest === code.faceDigest
          ? pass('face-digest', 'the face given is the face that was printed')
          : failure('face-digest', 'ERR_PRINTING_FACE_MISMATCH'),
      );
    } catch (error) {
      checks.push(
        error instanceof HutongError
          ? fromError('face-digest', error)
          : failure('face-digest', 'ERR_PRINTING_FACE_INVALID', { problem: describeError(error) }, undefined, {
              problem: describeError(error, 'zh-CN'),
            }),
      );
    }
  }

  const summary: PrintCodeSummary = {
    identifier: code.identifier,
    typeCode: code.typeCode,
    issuerCode: code.issuerCode,
    ...(issuer === undefined ? {} : { issuerName: issuer.name }),
    version: code.version,
    nodeId: trustList.node.id,
    nodeName: trustList.node.name,
    ...(key === undefined ? {} : { keyId: key.keyId }),
    printedAt: iso(code.printedAt),
    faceDigest: code.faceDigest,
    ...(code.statusListSlot === undefined ? {} : { statusListSlot: code.statusListSlot }),
    ...(annotation === undefined
      ? {}
      : {
          annotation: {
            useCause: annotation.useCause,
            relyingPartyCode: annotation.relyingPartyCode,
            relyingPartyName: annotation.relyingPartyName,
            expiresAt: iso(annotation.expiresAt),
          },
        }),
  };
  return { valid: checks.every((c) => c.ok), kind: 'printed-licence', at: nowIso, checks, printCode: summary };
}
