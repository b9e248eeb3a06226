/**
 * A grant (用证授权) as the API shows it, and the helpers the grant use cases share: the
 * holder's keyed index, input checks, the keyset cursor.
 */
import type { ConsentReceipt } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import type { HolderPrincipal, Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { holderIndex } from '../library/holder-index.js';
import type { GrantStatus, GrantsTable } from './grants.tables.js';

/** A grant as its holder (and the relying party it was given to) sees it. */
export interface Grant {
  readonly id: string;
  readonly relyingParty: { readonly clientId: string; readonly organisationCode: string };
  readonly licences: { readonly typeCodes: readonly string[]; readonly identifiers: readonly string[] };
  readonly matterCode: string;
  readonly purpose: string;
  readonly validFrom: string;
  readonly validUntil: string;
  /** `active`, `revoked`, or `expired` (active but past `validUntil`). */
  readonly status: GrantStatus | 'expired';
  readonly revokedAt?: string;
  readonly createdAt: string;
  /** Where the signed consent receipt is. */
  readonly receiptUrl: string;
}

/** The holder index of the signed-in holder: grants and usage records are found by it, never by the code in clear. */
export function holderIndexOf(ctx: Pick<AppContext, 'secrets'>, principal: HolderPrincipal): string {
  return holderIndex(ctx.secrets.purposeKey('holder-index'), principal.holderCodeType, principal.holderCode);
}

/** The holder principal, or the refusal the route table should already have made. */
export function requireHolder(principal: Principal): HolderPrincipal {
  if (principal.kind !== 'holder')
    throw new ServerError('ERR_AUTH_FORBIDDEN', { params: { principal: principal.kind } });
  return principal;
}

/** The first of the licence-type codes / identifiers a grant's receipt lists for its series. */
export function grantOf(row: GrantsTable, now: Date): Grant {
  const receipt = JSON.parse(row.receipt) as ConsentReceipt;
  const expired = row.status === 'active' && now.getTime() >= Date.parse(row.valid_until);
  return {
    id: row.id,
    relyingParty: { clientId: row.client_id, organisationCode: row.organisation_code },
    licences: { typeCodes: receipt.licences.typeCodes, identifiers: receipt.licences.identifiers },
    matterCode: row.matter_code,
    purpose: row.purpose,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: expired ? 'expired' : row.status,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
    createdAt: row.created_at,
    receiptUrl: `/api/v1/me/grants/${row.id}/receipt.json`,
  };
}

/**
 * A refused input, its reason in both languages: the Chinese problem read "validUntil:must be in
 * the future。" (issue 5's holders and relying parties get problems in their language).
 */
export function inputError(field: string, reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_GRANTS_INPUT', { field, params: { field, reason }, zhParams: { reason: reasonZh } });
}

/** Free text a person typed (purpose): trimmed, 1–`max` code points, no control characters. */
export function readText(value: unknown, field: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw inputError(field, 'required, not empty', '必填，不能为空');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) throw inputError(field, 'no control characters', '不能含控制字符');
  if ([...text].length > max) throw inputError(field, `at most ${max} characters`, `最多 ${max} 个字符`);
  return text;
}

/** Keyset pagination: the last item's `(at, id)`, opaque to callers. */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): { at: string; id: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    if (typeof cursor !== 'string' || cursor.length > 400) throw new Error('shape');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the typed refusal
  }
  throw new ServerError('ERR_GRANTS_CURSOR', { field: 'cursor' });
}

/** Page size: 1–100, default 20. */
export function readLimit(value: unknown): number {
  if (value === undefined || value === '') return 20;
  const n = typeof value === 'string' && /^[0-9]{1,3}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100)
    throw inputError('limit', 'an integer from 1 to 100', '应为 1 至 100 的整数');
  return n;
}
