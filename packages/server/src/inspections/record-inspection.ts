/**
 * On-site inspection (事中事后监管): an inspector verifies the show code or print code of the
 * licence in front of them online, then records the result — pass, issues found, or closed —
 * with notes, time and place, against that licence. The result is recorded with the online
 * verdict it rests on (a revoked licence found on site is exactly an inspection's finding).
 */
import { randomUUID } from 'node:crypto';
import { licenceIdParts, parseLicenceId } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { checkReason } from '../showing/check-reason.js';
import { type OnlineVerdict, verifyOnline } from '../showing/verify-online.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { assertClientKind } from '../venues/client-kind.js';
import type { InspectionsTable } from './inspections.tables.js';

export const INSPECTION_RESULTS = ['pass', 'issues-found', 'closed'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export interface Inspection {
  readonly id: string;
  readonly identifier: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  /** The inspecting agency (the inspector client's organisation, USCC). */
  readonly inspector: string;
  readonly result: InspectionResult;
  readonly notes?: string;
  readonly place: string;
  readonly inspectedAt: string;
  readonly recordedAt: string;
  readonly codeKind: 'show-code' | 'printed-licence';
  /** Whether the code verified in full online (status now included). */
  readonly codeValid: boolean;
  readonly failedChecks: readonly string[];
  readonly licenceStatus?: string;
}

export interface RecordInspectionInput {
  readonly code?: unknown;
  readonly result?: unknown;
  readonly notes?: unknown;
  readonly place?: unknown;
  /** RFC 3339; default now. Not in the future, not more than 30 days back. */
  readonly inspectedAt?: unknown;
  /** 用证事由; default 执法检查. */
  readonly useCause?: string | undefined;
}

export const DEFAULT_INSPECTION_USE_CAUSE = '执法检查';
const MAX_NOTES = 2000;
const MAX_PLACE = 200;
const MAX_BACKDATE_MS = 30 * 86_400_000;
const CLOCK_SKEW_MS = 5 * 60_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** `problemZh`: the same problem in Chinese, for the zh-CN problem (every caller states both). */
function bad(field: string, problem: string, problemZh: string): never {
  throw new ServerError('ERR_INSPECTION_INPUT', {
    field,
    params: { field, problem },
    zhParams: { problem: problemZh },
  });
}

function text(value: unknown, field: string, max: number, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '') bad(field, 'is required text', '为必填文本');
  const trimmed = value.trim();
  if ([...trimmed].length > max) bad(field, `is longer than ${max} characters`, `超过 ${max} 个字符`);
  if (CONTROL.test(trimmed)) bad(field, 'contains a control character', '含有控制字符');
  return trimmed;
}

export function inspectionOf(row: InspectionsTable): Inspection {
  return {
    id: row.id,
    identifier: row.identifier,
    typeCode: row.type_code,
    issuerCode: row.issuer_code,
    inspector: row.organisation_code,
    result: row.result as InspectionResult,
    ...(row.notes === null ? {} : { notes: row.notes }),
    place: row.place,
    inspectedAt: row.inspected_at,
    recordedAt: row.recorded_at,
    codeKind: row.code_kind as Inspection['codeKind'],
    codeValid: row.code_valid === 1,
    failedChecks: JSON.parse(row.failed_checks) as string[],
    ...(row.licence_status === null ? {} : { licenceStatus: row.licence_status }),
  };
}

/**
 * Verifies the code online and records the inspection (`inspection.recorded` through
 * `recordEvent`, in the insert's transaction). Throws `ERR_VENUE_CLIENT_KIND` (403) for a
 * client that is not an inspector, `ERR_INSPECTION_INPUT` (400, the field at fault),
 * `ERR_INSPECTION_CODE_KIND` (400), `ERR_INSPECTION_CODE_NOT_AUTHENTIC` (422) for a code this
 * node's showing key did not make. With `idempotencyKey`, a retry returns the first record.
 *
 * @example await recordInspection(ctx, principal, { code, result: 'issues-found', notes: '未公示许可证', place: '乌鲁木齐市天山区…' });
 */
export async function recordInspection(
  ctx: AppContext,
  principal: Principal,
  input: RecordInspectionInput,
  options: NodeTrustListOptions & {
    readonly requestId?: string | undefined;
    readonly idempotencyKey?: string | undefined;
  } = {},
): Promise<{ readonly inspection: Inspection; readonly verdict?: OnlineVerdict; readonly replayed: boolean }> {
  const inspector = await assertClientKind(ctx, principal, 'inspector');
  const { requestId, idempotencyKey, ...listOptions } = options;
  const db = ctx.store.db;
  const findReplay = () =>
    idempotencyKey === undefined
      ? Promise.resolve(undefined)
      : db
          .selectFrom('inspections')
          .selectAll()
          .where('client_id', '=', inspector.clientId)
          .where('idempotency_key', '=', idempotencyKey)
          .executeTakeFirst();
  if (idempotencyKey !== undefined && (idempotencyKey === '' || idempotencyKey.length > 200)) {
    bad('idempotency-key', 'is 1 to 200 characters', '须为 1 至 200 个字符');
  }
  const first = await findReplay();
  if (first !== undefined) return { inspection: inspectionOf(first), replayed: true };

  if (typeof input.result !== 'string' || !(INSPECTION_RESULTS as readonly string[]).includes(input.result)) {
    bad('result', `is one of ${INSPECTION_RESULTS.join(', ')}`, `须为 ${INSPECTION_RESULTS.join('、')} 之一`);
  }
  const result = input.result as InspectionResult;
  const notes = text(input.notes, 'notes', MAX_NOTES, result === 'issues-found');
  const place = text(input.place, 'place', MAX_PLACE, true) as string;
  const now = ctx.now();
  let inspectedAt = now;
  if (input.inspectedAt !== undefined) {
    const parsed =
      typeof input.inspectedAt === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(input.inspectedAt)
        ? new Date(input.inspectedAt)
        : undefined;
    if (parsed === undefined || Number.isNaN(parsed.getTime()))
      bad('inspectedAt', 'is an RFC 3339 time', '须为 RFC 3339 时间');
    if (parsed.getTime() > now.getTime() + CLOCK_SKEW_MS) bad('inspectedAt', 'is in the future', '晚于当前时间');
    if (parsed.getTime() < now.getTime() - MAX_BACKDATE_MS)
      bad('inspectedAt', 'is more than 30 days ago', '早于 30 天前');
    inspectedAt = parsed;
  }
  if (typeof input.code !== 'string' || !(input.code.startsWith('HT1:') || input.code.startsWith('HP1:'))) {
    throw new ServerError('ERR_INSPECTION_CODE_KIND', { field: 'code' });
  }
  const useCause = input.useCause ?? DEFAULT_INSPECTION_USE_CAUSE;
  const verdict = await verifyOnline(
    ctx,
    principal,
    { code: input.code, useCause, mode: 'verify' },
    {
      ...listOptions,
      requestId,
    },
  );
  const authentic = ['format', 'signature', 'node-trusted'].every(
    (name) => verdict.checks.find((c) => c.name === name)?.ok === true,
  );
  const identifierText = verdict.showCode?.identifier ?? verdict.printCode?.identifier;
  if (!authentic || identifierText === undefined) {
    const failed = verdict.checks.filter((c) => !c.ok);
    throw new ServerError('ERR_INSPECTION_CODE_NOT_AUTHENTIC', {
      field: 'code',
      params: { checks: failed.map((c) => c.name).join(', '), reason: failed[0]?.reason ?? 'unreadable' },
      // The check's reason is English prose: the Chinese problem formats its code's Chinese template.
      zhParams: { reason: failed[0] === undefined ? '无法识读' : checkReason(failed[0], 'zh-CN') },
    });
  }
  const identifier = parseLicenceId(identifierText);
  const { typeCode, issuerCode } = licenceIdParts(identifier);
  const failedChecks = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
  const row: InspectionsTable = {
    id: randomUUID(),
    identifier,
    type_code: typeCode,
    issuer_code: issuerCode,
    client_id: inspector.clientId,
    organisation_code: inspector.organisationCode,
    result,
    notes: notes ?? null,
    place,
    inspected_at: inspectedAt.toISOString(),
    recorded_at: now.toISOString(),
    code_kind: verdict.kind,
    code_valid: verdict.valid ? 1 : 0,
    failed_checks: JSON.stringify(failedChecks),
    licence_status: verdict.currentStatus?.status ?? null,
    idempotency_key: idempotencyKey ?? null,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('inspections').values(row).execute();
      await recordEvent(trx, {
        type: 'inspection.recorded',
        actor: actorOf(principal),
        requestId,
        target: identifier,
        useCause,
        details: {
          inspectionId: row.id,
          typeCode,
          issuerCode,
          inspector: inspector.organisationCode,
          result,
          codeKind: row.code_kind,
          codeValid: verdict.valid,
          failedChecks,
          licenceStatus: row.licence_status,
          inspectedAt: row.inspected_at,
        },
        at: row.recorded_at,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findReplay();
    if (winner === undefined) throw error;
    return { inspection: inspectionOf(winner), replayed: true };
  }
  return { inspection: inspectionOf(row), verdict, replayed: false };
}
