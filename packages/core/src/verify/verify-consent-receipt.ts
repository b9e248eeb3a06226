/**
 * Offline verification of a consent receipt (docs/design/consent-receipt.md) against the
 * node's prepared trust list: a verdict naming every check with its reason, like licences and
 * show codes. Whether the grant was revoked since is known only to the node (online): the
 * `validity` check says so.
 */
import { type ErrorParams, HutongError, type HutongErrorCode } from '../errors.js';
import { isPreparedTrustList, type PreparedShowingKey, type PreparedTrustList } from '../trust/verify-trust-list.js';
import { describeError, failCheck, passCheck } from './checks.js';
import {
  type ConsentReceipt,
  consentReceiptSigningBytes,
  parseConsentReceipt,
  receiptSignature,
  receiptVerificationMethod,
} from './consent-receipt.js';
import { PROOF_CLOCK_SKEW_MS } from './verify-licence.js';

const pass = (name: ConsentReceiptCheckName, reason: string): ConsentReceiptCheck => passCheck(name, reason);
const failure = (
  name: ConsentReceiptCheckName,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
  zhParams?: ErrorParams,
): ConsentReceiptCheck => failCheck(name, code, params, field, zhParams);

/** The checks of a consent-receipt verdict, in order. */
export const CONSENT_RECEIPT_CHECK_NAMES = ['format', 'signature', 'key-trusted', 'validity'] as const;
export type ConsentReceiptCheckName = (typeof CONSENT_RECEIPT_CHECK_NAMES)[number];

export interface ConsentReceiptCheck {
  readonly name: ConsentReceiptCheckName;
  readonly ok: boolean;
  readonly reason: string;
  readonly code?: HutongErrorCode;
  readonly field?: string;
  readonly params?: ErrorParams;
}

/** What the verdict says about the receipt, when it could be read. */
export interface ConsentReceiptSummary {
  readonly receiptId: string;
  readonly grantId: string;
  readonly nodeId: string;
  readonly holder: ConsentReceipt['holder'];
  readonly relyingParty: ConsentReceipt['relyingParty'];
  readonly licences: ConsentReceipt['licences'];
  readonly matter: string;
  readonly purpose: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly issuedAt: string;
  readonly keyId?: string;
}

export interface ConsentReceiptVerdict {
  readonly valid: boolean;
  readonly kind: 'consent-receipt';
  readonly at: string;
  readonly checks: readonly ConsentReceiptCheck[];
  readonly receipt?: ConsentReceiptSummary;
}

function keyCheck(
  list: PreparedTrustList,
  receipt: ConsentReceipt,
  now: Date,
): { check: ConsentReceiptCheck; key?: PreparedShowingKey } {
  const method = receiptVerificationMethod(receipt.proof.verificationMethod);
  if (method === undefined) {
    return {
      check: failure(
        'key-trusted',
        'ERR_VERIFY_RECEIPT_MALFORMED',
        { field: '$.proof.verificationMethod', problem: 'must be node:<node id>#<key id>' },
        '$.proof.verificationMethod',
        { problem: '须为 node:<节点标识>#<密钥标识>' },
      ),
    };
  }
  const nodeId = list.node.id;
  if (method.nodeId !== nodeId || receipt.node.id !== nodeId) {
    return {
      check: failure('key-trusted', 'ERR_VERIFY_RECEIPT_OTHER_NODE', { found: receipt.node.id, nodeId }, '$.node.id'),
    };
  }
  if (now.getTime() >= list.expiresAt.getTime()) {
    return {
      check: failure('key-trusted', 'ERR_TRUST_LIST_EXPIRED', {
        version: list.version,
        nodeId,
        expiresAt: list.document.expiresAt,
        at: now.toISOString(),
      }),
    };
  }
  const key = list.showingKeys.find((k) => k.keyId === method.keyId && k.nodeId === nodeId);
  if (key === undefined) {
    return { check: failure('key-trusted', 'ERR_VERIFY_RECEIPT_KEY_UNKNOWN', { keyId: method.keyId, nodeId }) };
  }
  if (key.suite !== receipt.proof.suite) {
    return {
      check: failure(
        'key-trusted',
        'ERR_VERIFY_SUITE_MISMATCH',
        { found: receipt.proof.suite, expected: key.suite, keyId: key.keyId },
        '$.proof.suite',
      ),
      key,
    };
  }
  const created = Date.parse(receipt.proof.created);
  const outside =
    created < key.validFrom.getTime() - PROOF_CLOCK_SKEW_MS ||
    (key.validUntil !== undefined && created >= key.validUntil.getTime());
  if (outside) {
    return {
      check: failure('key-trusted', 'ERR_VERIFY_RECEIPT_KEY_NOT_VALID', {
        keyId: key.keyId,
        created: receipt.proof.created,
      }),
      key,
    };
  }
  return {
    check: pass(
      'key-trusted',
      `signed with showing key ${key.keyId} of node ${nodeId} (${list.node.name}), on trust list version ${list.version} valid until ${list.document.expiresAt}`,
    ),
    key,
  };
}

function validityCheck(receipt: ConsentReceipt, now: Date): ConsentReceiptCheck {
  const t = now.getTime();
  if (t + PROOF_CLOCK_SKEW_MS < Date.parse(receipt.validFrom)) {
    return failure('validity', 'ERR_VERIFY_RECEIPT_NOT_YET_VALID', {
      validFrom: receipt.validFrom,
      at: now.toISOString(),
    });
  }
  if (t >= Date.parse(receipt.validUntil)) {
    return failure('validity', 'ERR_VERIFY_RECEIPT_ENDED', { validUntil: receipt.validUntil, at: now.toISOString() });
  }
  return pass(
    'validity',
    `the consent runs from ${receipt.validFrom} until ${receipt.validUntil}; whether the holder revoked it earlier only the node knows (GET /api/v1/me/grants/${receipt.grantId})`,
  );
}

/**
 * Verifies a consent receipt offline. Never throws for a bad receipt (the verdict says why);
 * throws `ERR_VERIFY_RECEIPT_CONTEXT` only for the caller's own wrong arguments.
 *
 * Checks: `format` (strict parse); `signature` (with the showing key the proof names, from
 * the trust list); `key-trusted` (the list is current, the key is one of the node's showing
 * keys, valid when the receipt was signed); `validity` (now within the consent's period).
 *
 * @example
 * const verdict = await verifyConsentReceipt(JSON.parse(text), prepared, { now: new Date() });
 * verdict.valid; verdict.receipt?.relyingParty.name
 */
export async function verifyConsentReceipt(
  input: unknown,
  trustList: PreparedTrustList,
  options: { readonly now: Date },
): Promise<ConsentReceiptVerdict> {
  if (!isPreparedTrustList(trustList)) {
    throw new HutongError('ERR_VERIFY_RECEIPT_CONTEXT', {
      field: 'trustList',
      params: { field: 'trustList', problem: 'must be a trust list prepared by verifyTrustList' },
      zhParams: { problem: '须为经 verifyTrustList 处理的信任列表' },
    });
  }
  const now = options?.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new HutongError('ERR_VERIFY_RECEIPT_CONTEXT', {
      field: 'now',
      params: { field: 'now', problem: 'must be a valid Date' },
      zhParams: { problem: '须为有效的 Date' },
    });
  }
  const at = now.toISOString();
  let receipt: ConsentReceipt;
  try {
    receipt = parseConsentReceipt(input);
  } catch (error) {
    const cause =
      error instanceof HutongError
        ? error
        : new HutongError('ERR_VERIFY_RECEIPT_MALFORMED', {
            params: { field: '$', problem: describeError(error) },
            zhParams: { problem: describeError(error, 'zh-CN') },
          });
    const checks: ConsentReceiptCheck[] = [
      {
        name: 'format',
        ok: false,
        reason: cause.message,
        code: cause.code,
        ...(cause.field === undefined ? {} : { field: cause.field }),
        ...(Object.keys(cause.params).length === 0 ? {} : { params: cause.params }),
        ...(cause.zhParams === undefined ? {} : { zhParams: cause.zhParams }),
      },
    ];
    for (const name of CONSENT_RECEIPT_CHECK_NAMES.slice(1))
      checks.push(failure(name, 'ERR_VERIFY_RECEIPT_SKIPPED_FORMAT'));
    return { valid: false, kind: 'consent-receipt', at, checks };
  }
  const checks: ConsentReceiptCheck[] = [pass('format', `a well-formed ${receipt.format} document`)];
  const trusted = keyCheck(trustList, receipt, now);
  if (trusted.key === undefined) {
    checks.push(failure('signature', 'ERR_VERIFY_RECEIPT_SKIPPED_NO_KEY'));
  } else {
    const key = trusted.key;
    try {
      const ok = await key.key.verify(consentReceiptSigningBytes(receipt), receiptSignature(receipt));
      checks.push(
        ok
          ? pass('signature', `the ${key.suite} signature verifies with showing key ${key.keyId}`)
          : failure('signature', 'ERR_VERIFY_RECEIPT_SIGNATURE_INVALID', { keyId: key.keyId }),
      );
    } catch (error) {
      checks.push(
        failure('signature', 'ERR_VERIFY_KEY_ERROR', { keyId: key.keyId, detail: describeError(error) }, undefined, {
          detail: describeError(error, 'zh-CN'),
        }),
      );
    }
  }
  checks.push(trusted.check);
  checks.push(validityCheck(receipt, now));
  const summary: ConsentReceiptSummary = {
    receiptId: receipt.receiptId,
    grantId: receipt.grantId,
    nodeId: receipt.node.id,
    holder: receipt.holder,
    relyingParty: receipt.relyingParty,
    licences: receipt.licences,
    matter: receipt.matter.code,
    purpose: receipt.purpose,
    validFrom: receipt.validFrom,
    validUntil: receipt.validUntil,
    issuedAt: receipt.issuedAt,
    ...(trusted.key === undefined ? {} : { keyId: trusted.key.keyId }),
  };
  return { valid: checks.every((c) => c.ok), kind: 'consent-receipt', at, checks, receipt: summary };
}
