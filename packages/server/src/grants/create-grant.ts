/**
 * `createGrant`: the holder grants a relying party the use of licence types (or specific
 * licences) for a matter and purpose until a time; the node signs a consent receipt. One
 * transaction: the grant row, its receipt, the `grant.created` event (audit, log leaf with no
 * personal data in clear) and, with an `Idempotency-Key`, the idempotency record.
 */
import { randomUUID } from 'node:crypto';
import {
  CONSENT_RECEIPT_FORMAT,
  isHutongError,
  MAX_RECEIPT_LICENCES,
  MAX_RECEIPT_PURPOSE,
  parseLicenceId,
  parseTypeCode,
  signConsentReceipt,
  type UnsignedConsentReceipt,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { type Grant, grantOf, holderIndexOf, inputError, readText, requireHolder } from './grant.js';
import { earlierAnswer, type IdempotencyScope, idempotencyScope, rememberAnswer } from './idempotency.js';

export interface CreateGrantInput {
  /** The relying party's registered client. */
  readonly clientId?: unknown;
  /** Licence types: every licence of the holder of each type. */
  readonly typeCodes?: unknown;
  /** Specific licences (any version's identifier; later versions follow). */
  readonly identifiers?: unknown;
  /** The service matter's code (政务服务事项编码): a matter of this node's catalogue (`ERR_GRANTS_MATTER_UNKNOWN`). */
  readonly matterCode?: unknown;
  readonly purpose?: unknown;
  /** RFC 3339; after now, at most a year ahead. */
  readonly validUntil?: unknown;
}

/** The longest a grant may run: a consent is for a matter, not for ever. */
export const MAX_GRANT_DAYS = 366;
const MATTER_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;
const PERSON_CODE_TYPES_IN_CLEAR: ReadonlySet<string> = new Set(['001', '099']);

/** The holder code as a receipt shows it: organisations in clear (registry facts), persons masked. */
export function maskHolderCode(codeType: string, code: string): string {
  if (PERSON_CODE_TYPES_IN_CLEAR.has(codeType)) return code;
  const chars = Array.from(code);
  const [head, tail] = chars.length >= 18 ? [6, 4] : [2, 2];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(-tail).join('');
}

function readList(value: unknown, field: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw inputError(field, 'must be an array', '应为数组');
  if (value.length > MAX_RECEIPT_LICENCES)
    throw inputError(field, `at most ${MAX_RECEIPT_LICENCES} items`, `最多 ${MAX_RECEIPT_LICENCES} 项`);
  return value;
}

function parsed<T>(parse: () => T, field: string, what: { readonly en: string; readonly zh: string }): T {
  try {
    return parse();
  } catch (error) {
    if (!isHutongError(error)) throw error;
    throw inputError(field, `not a valid ${what.en} (${error.code})`, `不是有效的${what.zh}（${error.code}）`);
  }
}

interface CheckedGrant {
  readonly clientId: string;
  readonly typeCodes: string[];
  readonly identifiers: string[];
  readonly matterCode: string;
  readonly purpose: string;
  readonly validUntil: Date;
}

function checkInput(input: CreateGrantInput, now: Date): CheckedGrant {
  if (typeof input.clientId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(input.clientId))
    throw inputError('clientId', 'the relying party’s client id', '应为用证方的客户端编号');
  const typeCodes = readList(input.typeCodes, 'typeCodes').map((code, i) =>
    parsed(() => parseTypeCode(code), `typeCodes/${i}`, { en: 'licence type code', zh: '证照类型代码' }),
  );
  const identifiers = readList(input.identifiers, 'identifiers').map((id, i) =>
    parsed(() => parseLicenceId(id), `identifiers/${i}`, { en: 'licence identifier', zh: '电子证照标识' }),
  );
  if (typeCodes.length + identifiers.length === 0)
    throw inputError('typeCodes', 'name at least one licence type or licence', '至少选择一种证照类型或一本证照');
  if (new Set(typeCodes).size !== typeCodes.length)
    throw inputError('typeCodes', 'a type is listed twice', '证照类型重复');
  if (new Set(identifiers).size !== identifiers.length)
    throw inputError('identifiers', 'a licence is listed twice', '证照重复');
  if (typeof input.matterCode !== 'string' || !MATTER_CODE.test(input.matterCode))
    throw inputError(
      'matterCode',
      'a service matter code: letters, digits, . _ -, at most 64',
      '应为政务服务事项编码：字母、数字及 . _ -，最多 64 个字符',
    );
  const purpose = readText(input.purpose, 'purpose', MAX_RECEIPT_PURPOSE);
  const until =
    typeof input.validUntil === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(input.validUntil)
      ? new Date(input.validUntil)
      : undefined;
  if (until === undefined || Number.isNaN(until.getTime()))
    throw inputError('validUntil', 'an RFC 3339 time', '应为 RFC 3339 格式的时间');
  if (until.getTime() <= now.getTime()) throw inputError('validUntil', 'must be in the future', '应晚于当前时间');
  if (until.getTime() > now.getTime() + MAX_GRANT_DAYS * 86_400_000)
    throw inputError('validUntil', `at most ${MAX_GRANT_DAYS} days ahead`, `最多为 ${MAX_GRANT_DAYS} 天之后`);
  return { clientId: input.clientId, typeCodes, identifiers, matterCode: input.matterCode, purpose, validUntil: until };
}

/**
 * Creates a grant and its signed consent receipt. A retry with the same `Idempotency-Key`
 * and body answers the first grant; the same key with another body is a conflict.
 *
 * @example
 * const grant = await createGrant(ctx, holder, { clientId, typeCodes: [typeCode], matterCode: '001', purpose: '办理不动产登记', validUntil: '2026-12-31T00:00:00Z' });
 */
export async function createGrant(
  ctx: AppContext,
  principal: Principal,
  input: CreateGrantInput,
  options: { readonly idempotencyKey?: string | undefined; readonly requestId?: string | undefined } = {},
): Promise<Grant> {
  const holder = requireHolder(principal);
  const now = ctx.now();
  const index = holderIndexOf(ctx, holder);
  const idempotency = idempotencyScope(`holder:${index}`, options.idempotencyKey, 'grant.create', input);
  if (idempotency !== undefined) {
    const earlier = await findEarlier(ctx, idempotency);
    if (earlier !== undefined) return earlier;
  }
  const checked = checkInput(input, now);
  const db = ctx.store.db;
  // A consent is for a matter the node offers (政务服务事项 in its catalogue, docs/design/matters.md):
  // a receipt naming a matter nobody can look up would tell the holder nothing.
  const matter = await db
    .selectFrom('matters')
    .select('code')
    .where('code', '=', checked.matterCode)
    .executeTakeFirst();
  if (matter === undefined) {
    throw new ServerError('ERR_GRANTS_MATTER_UNKNOWN', {
      field: 'matterCode',
      params: { matterCode: checked.matterCode },
    });
  }

  const client = await db
    .selectFrom('api_clients')
    .select(['id', 'name', 'organisation_code', 'kind', 'status'])
    .where('id', '=', checked.clientId)
    .executeTakeFirst();
  if (client === undefined || client.kind !== 'relying-party' || client.status !== 'active') {
    throw new ServerError('ERR_GRANTS_RELYING_PARTY_INVALID', {
      field: 'clientId',
      params: { clientId: checked.clientId },
    });
  }
  for (const [i, typeCode] of checked.typeCodes.entries()) {
    const type = await db
      .selectFrom('licence_types')
      .select('status')
      .where('type_code', '=', typeCode)
      .executeTakeFirst();
    if (type === undefined || type.status === 'draft') {
      throw new ServerError('ERR_CATALOGUE_TYPE_NOT_FOUND', { field: `typeCodes/${i}`, params: { typeCode } });
    }
  }
  const series: string[] = [];
  for (const [i, identifier] of checked.identifiers.entries()) {
    const row = await db
      .selectFrom('licences')
      .select(['series'])
      .where('identifier', '=', identifier)
      .where('holder_index', '=', index)
      .executeTakeFirst();
    // The same answer for a licence that does not exist and one of another holder: no probing.
    if (row === undefined)
      throw new ServerError('ERR_GRANTS_LICENCE_NOT_FOUND', { field: `identifiers/${i}`, params: { identifier } });
    series.push(row.series);
  }

  const id = randomUUID();
  const at = now.toISOString();
  const showing = await ensureNodeKey(ctx, 'showing');
  const unsigned: UnsignedConsentReceipt = {
    format: CONSENT_RECEIPT_FORMAT,
    receiptId: randomUUID(),
    grantId: id,
    node: { id: ctx.nodeId },
    jurisdiction: 'CN',
    language: 'zh-CN',
    collectionMethod: 'holder-session',
    consentType: 'explicit',
    holder: {
      codeType: holder.holderCodeType,
      maskedCode: maskHolderCode(holder.holderCodeType, holder.holderCode),
      reference: hashPersonalData(ctx.secrets, `${holder.holderCodeType}\u0000${holder.holderCode}`),
    },
    relyingParty: { clientId: client.id, organisationCode: client.organisation_code, name: client.name },
    licences: { typeCodes: checked.typeCodes, identifiers: checked.identifiers },
    matter: { code: checked.matterCode },
    purpose: checked.purpose,
    validFrom: at,
    validUntil: checked.validUntil.toISOString(),
    issuedAt: at,
  };
  const receipt = await signConsentReceipt(unsigned, showing.signingKey, now);
  const row = {
    id,
    holder_index: index,
    holder_code_type: holder.holderCodeType,
    client_id: client.id,
    organisation_code: client.organisation_code,
    type_codes: JSON.stringify(checked.typeCodes),
    series: JSON.stringify(series),
    matter_code: checked.matterCode,
    purpose: checked.purpose,
    valid_from: at,
    valid_until: unsigned.validUntil,
    status: 'active' as const,
    revoked_at: null,
    receipt: JSON.stringify(receipt),
    created_at: at,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('grants').values(row).execute();
      if (idempotency !== undefined) await rememberAnswer(trx, idempotency, JSON.stringify({ grantId: id }), at);
      await recordEvent(trx, {
        type: 'grant.created',
        actor: 'holder',
        requestId: options.requestId,
        target: id,
        details: {
          holder: unsigned.holder.reference,
          clientId: client.id,
          organisationCode: client.organisation_code,
          typeCodes: checked.typeCodes,
          series,
          matterCode: checked.matterCode,
          validUntil: unsigned.validUntil,
          receiptId: unsigned.receiptId,
        },
        at,
      });
    });
  } catch (error) {
    // A concurrent retry with the same key committed first: its answer is this one's.
    if (idempotency !== undefined && isUniqueViolation(error)) {
      const earlier = await findEarlier(ctx, idempotency);
      if (earlier !== undefined) return earlier;
    }
    throw error;
  }
  return grantOf(row, now);
}

async function findEarlier(ctx: AppContext, idempotency: IdempotencyScope): Promise<Grant | undefined> {
  const response = await earlierAnswer(ctx.store.db, idempotency);
  if (response === undefined) return undefined;
  const { grantId } = JSON.parse(response) as { grantId: string };
  const row = await ctx.store.db.selectFrom('grants').selectAll().where('id', '=', grantId).executeTakeFirstOrThrow();
  return grantOf(row, ctx.now());
}
