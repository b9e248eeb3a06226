/**
 * `listCounterGrants`: the live grants given to the relying-party clients of a counter clerk's
 * own organisation, so that the clerk picks the applicant's grant in 窗口预填 instead of typing
 * its number (issue 6 leftover; docs/design/counter-prefill.md §How the clerk finds the grant).
 *
 * Exactly the grants the clerk could prefill with (`actForRelyingParty`): given to an active
 * `relying-party` client of the clerk's organisation holding `licence:read`, active, begun and
 * not expired. The holder appears only as the consent receipt already shows them (a person's
 * code masked, GB/T 37964; an organisation's USCC in clear, a registry fact); the store keeps
 * no holder code in clear to show. The listing itself is a read of who consented to the agency,
 * broader than one applicant's grant: it is recorded (`grant.listed`, the clerk as actor).
 *
 * The clerk finds one applicant's grants among thousands by the holder code the applicant hands
 * over (the ID card, the business licence): the code is validated with its check character,
 * hashed under the node's holder-index key and matched against the grants' keyed index, as the
 * library finds a holder's licences. A fragment cannot be matched (the store keeps no code in
 * clear, by design), and the code never reaches the audit record or the request log (build-app's
 * request serializer drops query strings).
 */
import { type ConsentReceipt, type CounterGrant, isHutongError, validateHolderCode } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, isScope, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { holderIndex } from '../library/holder-index.js';
import { decodeCursor, encodeCursor, inputError, readLimit } from './grant.js';

export interface CounterGrantPage {
  readonly items: readonly CounterGrant[];
  readonly nextCursor?: string;
}

const MATTER_CODE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The holder to search for: a full holder code of its type (default `111`, a citizen ID number),
 * check character included; none when no code is given. A type without a code is refused.
 */
function readHolder(type: unknown, code: unknown): { holderCodeType: string; holderCode: string } | undefined {
  const given = (value: unknown) => value !== undefined && value !== '';
  if (!given(code)) {
    if (given(type))
      throw inputError(
        'holderCode',
        'the holder code to search for, with its type',
        '须同时给出要查找的持证主体代码及其类型',
      );
    return undefined;
  }
  try {
    const checked = validateHolderCode(given(type) ? type : '111', code);
    return { holderCodeType: checked.holderCodeType, holderCode: checked.holderCode };
  } catch (error) {
    if (!isHutongError(error)) throw error;
    // The refusal names the field and the rule, never echoes the code.
    const field = error.field === 'holderCodeType' ? 'holderCodeType' : 'holderCode';
    throw inputError(
      field,
      field === 'holderCodeType'
        ? 'a GB/T 36903 holder code type (111 citizen ID, 001 USCC …)'
        : `a full holder code of its type with its check character (${error.code})`,
      field === 'holderCodeType'
        ? '应为 GB/T 36903 持证主体代码类型（111 公民身份号码、001 统一社会信用代码 …）'
        : `应为该类型完整的持证主体代码，含校验位（${error.code}）`,
    );
  }
}

/**
 * The clerk's organisation's live grants, newest first (keyset pagination on `(createdAt, id)`),
 * optionally of one matter and of one holder (by their full code).
 *
 * @example const { items } = await listCounterGrants(ctx, clerk, { matterCode: 'MA-001', holderCode }, { requestId });
 */
export async function listCounterGrants(
  ctx: AppContext,
  principal: Principal,
  query: {
    readonly matterCode?: unknown;
    readonly holderCodeType?: unknown;
    readonly holderCode?: unknown;
    readonly limit?: unknown;
    readonly cursor?: unknown;
  },
  options: { readonly requestId?: string | undefined } = {},
): Promise<CounterGrantPage> {
  if (principal.kind !== 'staff' || !principal.roles.includes('counter-clerk') || principal.organisationCode === null) {
    throw new ServerError('ERR_AUTH_FORBIDDEN', {
      params: { principal: principal.kind, route: 'counter grants (no relying-party organisation)' },
    });
  }
  const limit = readLimit(query.limit);
  const after = decodeCursor(query.cursor);
  const matterCode = query.matterCode === undefined || query.matterCode === '' ? undefined : query.matterCode;
  if (matterCode !== undefined && (typeof matterCode !== 'string' || !MATTER_CODE.test(matterCode))) {
    throw inputError(
      'matterCode',
      'a matter code (letters, digits, . _ -, at most 64)',
      '应为事项编码（字母、数字及 . _ -，最多 64 个字符）',
    );
  }
  const holder = readHolder(query.holderCodeType, query.holderCode);
  const db = ctx.store.db;
  const clients = (
    await db
      .selectFrom('api_clients')
      .select(['id', 'name', 'scopes'])
      .where('organisation_code', '=', principal.organisationCode)
      .where('kind', '=', 'relying-party')
      .where('status', '=', 'active')
      .execute()
  ).filter((client) => (JSON.parse(client.scopes) as unknown[]).filter(isScope).includes('licence:read'));
  const names = new Map(clients.map((client) => [client.id, client.name]));
  const now = ctx.now().toISOString();
  let rows: Array<{
    id: string;
    client_id: string;
    matter_code: string;
    purpose: string;
    receipt: string;
    valid_until: string;
    created_at: string;
  }> = [];
  if (clients.length > 0) {
    let select = db
      .selectFrom('grants')
      .select(['id', 'client_id', 'matter_code', 'purpose', 'receipt', 'valid_until', 'created_at'])
      .where('client_id', 'in', [...names.keys()])
      .where('status', '=', 'active')
      // RFC 3339 UTC text compares in time order (server-conventions.md §Store).
      .where('valid_from', '<=', now)
      .where('valid_until', '>', now);
    if (matterCode !== undefined) select = select.where('matter_code', '=', matterCode);
    if (holder !== undefined) {
      const index = holderIndex(ctx.secrets.purposeKey('holder-index'), holder.holderCodeType, holder.holderCode);
      select = select.where('holder_code_type', '=', holder.holderCodeType).where('holder_index', '=', index);
    }
    if (after !== undefined) {
      select = select.where((eb) =>
        eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]),
      );
    }
    rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  await recordAccess(db, {
    actor: actorOf(principal),
    action: 'grant.listed',
    target: principal.organisationCode,
    useCause: undefined,
    requestId: options.requestId,
    // The grant ids say whose grants were seen; the searched code itself is never recorded.
    details: {
      grants: page.map((row) => row.id),
      ...(matterCode === undefined ? {} : { matterCode }),
      ...(holder === undefined ? {} : { byHolder: true }),
    },
    at: now,
  });
  return {
    items: page.map((row): CounterGrant => {
      const receipt = JSON.parse(row.receipt) as ConsentReceipt;
      return {
        id: row.id,
        relyingParty: { clientId: row.client_id, name: names.get(row.client_id) ?? row.client_id },
        holder: { codeType: receipt.holder.codeType, maskedCode: receipt.holder.maskedCode },
        matterCode: row.matter_code,
        purpose: row.purpose,
        typeCodes: receipt.licences.typeCodes,
        licenceCount: receipt.licences.identifiers.length,
        validUntil: row.valid_until,
        createdAt: row.created_at,
      };
    }),
    ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
  };
}
