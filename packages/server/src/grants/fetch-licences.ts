/**
 * `fetchLicences` (`POST /api/v1/fetch`): a relying party fetches a holder's licences with a
 * live grant or with a show code the holder presented, always stating a use cause. Each
 * licence delivered becomes a usage record (用证记录) and a `licence.used` event (audit and log
 * leaf) in one transaction with the others of the fetch.
 *
 * - With a grant: what the grant covers (types and/or specific licences), current versions,
 *   face fields masked by their sensitivity grade against the client's clearance.
 * - With a show code: exactly the licence and the fields the code discloses, as disclosed
 *   (the holder chose them and the relying party already holds them in the code); the code is
 *   verified online first (`verifyOnline`: signature, trust, expiry, current status, replay).
 */
import { randomUUID } from 'node:crypto';
import {
  type FaceField,
  type FaceValue,
  isHutongError,
  type Licence,
  type LicenceType,
  licenceIdParts,
  maskFace,
  maskFaceValue,
  parseLicenceId,
  parseTypeCode,
  type SensitivityGrade,
  type ValidatedFace,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { parseUseCause } from '../audit/use-cause.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import type { LicencesTable } from '../library/library.tables.js';
import { recordOf, seriesOf } from '../library/licence-records.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { checkReason } from '../showing/check-reason.js';
import { verifyOnline } from '../showing/verify-online.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { clearanceOf } from './clearance.js';
import { inputError } from './grant.js';
import type { GrantsTable, UsageVia } from './grants.tables.js';
import { earlierAnswer, idempotencyScope, rememberAnswer } from './idempotency.js';

export interface FetchInput {
  /** A live grant given to this client. Exactly one of `grantId` and `code`. */
  readonly grantId?: unknown;
  /** A show code (`HT1:…`) the holder presented. */
  readonly code?: unknown;
  /** 用证事由 (1–200 characters), recorded on every usage record. */
  readonly useCause?: unknown;
  /** With a grant: only these types (each must be covered). */
  readonly typeCodes?: unknown;
  /** With a grant: only these licences (each must be covered and valid now). */
  readonly identifiers?: unknown;
}

/** One licence as delivered to the relying party. */
export interface FetchedLicence {
  readonly identifier: string;
  readonly typeCode: string;
  readonly typeName?: { readonly zh: string; readonly en: string };
  readonly issuerCode: string;
  readonly issuerName: string;
  readonly version: string;
  readonly status: string;
  readonly effectiveDate?: string;
  readonly expiringDate?: string;
  /** Holder name and code (masked per clearance for persons); absent for show codes that did not disclose them. */
  readonly holder?: { readonly codeType: string; readonly name?: FaceValue; readonly code?: FaceValue };
  /** Face fields, masked below the client's clearance (grant), or as disclosed (show code). */
  readonly face: Readonly<Record<string, FaceValue>>;
  /** Keys of the fields delivered masked. */
  readonly masked: readonly string[];
  /** Active mortgages and pledges: the relying party must see them. */
  readonly encumbrances: readonly unknown[];
  /** The usage record this delivery made (the holder sees it in their timeline). */
  readonly usageRecordId: string;
}

/** A covered licence that was not delivered, and why (revoked, suspended, expired …). */
export interface WithheldLicence {
  readonly identifier: string;
  readonly typeCode: string;
  readonly status: string;
}

export interface FetchResult {
  readonly via: UsageVia;
  readonly grantId?: string;
  readonly useCause: string;
  /** The client's clearance the fields were masked against (grants). */
  readonly clearance: SensitivityGrade;
  readonly fetchedAt: string;
  readonly licences: readonly FetchedLicence[];
  readonly withheld: readonly WithheldLicence[];
}

const PERSON_NAME: FaceField = {
  key: 'certificateHolderName',
  label: { zh: '持证主体名称', en: 'Holder name' },
  type: 'string',
  format: 'person-name',
  required: true,
  sensitivity: 2,
};
const PERSON_CODE: FaceField = {
  key: 'certificateHolderCode',
  label: { zh: '持证主体代码', en: 'Holder code' },
  type: 'string',
  format: 'citizen-id',
  required: true,
  sensitivity: 3,
};
/** Organisation holders' names and codes are public registry facts (GB 32100). */
const ORGANISATION_CODE_TYPES: ReadonlySet<string> = new Set(['001', '099']);

interface Delivery {
  readonly row: LicencesTable;
  readonly licence: Licence;
  readonly out: Omit<FetchedLicence, 'usageRecordId'>;
  readonly fields: readonly string[];
}

function list(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > 100)
    throw inputError(field, 'a non-empty array of at most 100 items', '应为非空数组，最多 100 项');
  return value;
}

function parsedOr<T>(parse: () => T, field: string, what: { readonly en: string; readonly zh: string }): T {
  try {
    return parse();
  } catch (error) {
    if (!isHutongError(error)) throw error;
    throw inputError(field, `not a valid ${what.en} (${error.code})`, `不是有效的${what.zh}（${error.code}）`);
  }
}

async function requireRelyingParty(ctx: AppContext, principal: Principal) {
  if (principal.kind !== 'client')
    throw new ServerError('ERR_AUTH_FORBIDDEN', { params: { principal: principal.kind } });
  const client = await ctx.store.db
    .selectFrom('api_clients')
    .select(['id', 'kind', 'organisation_code'])
    .where('id', '=', principal.clientId)
    .executeTakeFirstOrThrow();
  if (client.kind !== 'relying-party') {
    throw new ServerError('ERR_GRANTS_NOT_RELYING_PARTY', { params: { clientId: client.id, kind: client.kind } });
  }
  return client;
}

function maskedHolder(
  licence: Licence,
  clearance: SensitivityGrade,
): { out: NonNullable<FetchedLicence['holder']>; masked: string[] } {
  const m = licence.metadata;
  if (ORGANISATION_CODE_TYPES.has(m.certificateHolderTypeCode)) {
    return {
      out: { codeType: m.certificateHolderTypeCode, name: m.certificateHolderName, code: m.certificateHolderCode },
      masked: [],
    };
  }
  const name = maskFaceValue(PERSON_NAME, m.certificateHolderName, clearance);
  const code = maskFaceValue(PERSON_CODE, m.certificateHolderCode, clearance);
  return {
    out: { codeType: m.certificateHolderTypeCode, name, code },
    masked: [
      ...(name !== m.certificateHolderName ? [PERSON_NAME.key] : []),
      ...(code !== m.certificateHolderCode ? [PERSON_CODE.key] : []),
    ],
  };
}

/**
 * Fetches licences with a grant or a show code and records each use; with an `Idempotency-Key`,
 * a retry answers the first fetch (same usage records) and a reuse of the key for another body
 * is `ERR_GRANTS_IDEMPOTENCY_CONFLICT`. Refusals, each with its
 * own code: `ERR_GRANTS_NOT_FOUND`, `_WRONG_CLIENT`, `_REVOKED`, `_EXPIRED`,
 * `_TYPE_NOT_COVERED`, `_LICENCE_NOT_COVERED`, `_LICENCE_NOT_VALID` (a revoked, suspended or
 * expired licence asked for by identifier or shown), `_SHOW_CODE_REFUSED` (the failed checks).
 *
 * @example
 * const result = await fetchLicences(ctx, principal, { grantId, useCause: '办理不动产登记' });
 * result.licences[0].face // { holderName: '张*', … } for a clearance-1 client
 */
export async function fetchLicences(
  ctx: AppContext,
  principal: Principal,
  input: FetchInput,
  options: NodeTrustListOptions & {
    readonly requestId?: string | undefined;
    /** `Idempotency-Key`: a retry with the same key and body answers the first fetch and records nothing more. */
    readonly idempotencyKey?: string | undefined;
  } = {},
): Promise<FetchResult> {
  const client = await requireRelyingParty(ctx, principal);
  const { requestId, idempotencyKey, ...listOptions } = options;
  const idempotency = idempotencyScope(`client:${client.id}`, idempotencyKey, 'licence.fetch', input);
  if (idempotency !== undefined) {
    // Before any check or verification: a retried show-code fetch must not count as a replay.
    const earlier = await earlierAnswer(ctx.store.db, idempotency);
    if (earlier !== undefined) return JSON.parse(earlier) as FetchResult;
  }
  const hasGrant = input.grantId !== undefined;
  const hasCode = input.code !== undefined;
  if (hasGrant === hasCode)
    throw inputError(
      hasGrant ? 'code' : 'grantId',
      'give exactly one of grantId and code',
      '须且只须给出 grantId 或 code 之一',
    );
  const useCause = parseUseCause(input.useCause);
  const clearance = await clearanceOf(ctx, client.id);

  let via: UsageVia;
  let grant: GrantsTable | undefined;
  let deliveries: Delivery[];
  let withheld: WithheldLicence[] = [];
  if (hasGrant) {
    via = 'grant';
    grant = await liveGrant(ctx, client.id, input.grantId);
    ({ deliveries, withheld } = await deliverByGrant(ctx, grant, input, clearance));
  } else {
    via = 'show-code';
    if (input.typeCodes !== undefined || input.identifiers !== undefined)
      throw inputError(
        'identifiers',
        'a show code authorises exactly the licence it shows: no typeCodes or identifiers',
        '亮证码只授权它所出示的那本证照：不能再给出 typeCodes 或 identifiers',
      );
    deliveries = [await deliverByShowCode(ctx, principal, input.code, useCause, { ...listOptions, requestId })];
  }

  const now = ctx.now();
  const at = now.toISOString();
  const delivered: FetchedLicence[] = [];
  const result = (): FetchResult => ({
    via,
    ...(grant === undefined ? {} : { grantId: grant.id }),
    useCause,
    clearance,
    fetchedAt: at,
    licences: delivered,
    withheld,
  });
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      for (const d of deliveries) {
        const id = randomUUID();
        const parts = licenceIdParts(parseLicenceId(d.row.identifier));
        await trx
          .insertInto('usage_records')
          .values({
            id,
            holder_index: d.row.holder_index,
            client_id: client.id,
            organisation_code: client.organisation_code,
            identifier: d.row.identifier,
            type_code: d.row.type_code,
            via,
            grant_id: grant?.id ?? null,
            use_cause: useCause,
            fields: JSON.stringify(d.fields),
            at,
          })
          .execute();
        await recordEvent(trx, {
          type: 'licence.used',
          actor: actorOf(principal),
          requestId,
          target: d.row.identifier,
          useCause,
          details: {
            typeCode: parts.typeCode,
            issuerCode: parts.issuerCode,
            series: d.row.series,
            version: d.row.version,
            via,
            ...(grant === undefined ? {} : { grantId: grant.id }),
            usageRecordId: id,
            holder: d.row.holder_index,
            fields: d.fields,
            clearance,
          },
          at,
        });
        delivered.push({ ...d.out, usageRecordId: id });
      }
      // The answer is remembered with the records it reports, in their transaction (usage
      // record ids included), so a retry gets exactly this answer and no second record.
      if (idempotency !== undefined) await rememberAnswer(trx, idempotency, JSON.stringify(result()), at);
    });
  } catch (error) {
    // A concurrent retry with the same key committed first: its answer is this one's.
    if (idempotency !== undefined && isUniqueViolation(error)) {
      const earlier = await earlierAnswer(ctx.store.db, idempotency);
      if (earlier !== undefined) return JSON.parse(earlier) as FetchResult;
    }
    throw error;
  }
  return result();
}

/** The grant, if it is this client's, not revoked and not expired: otherwise the precise refusal. */
async function liveGrant(ctx: AppContext, clientId: string, grantId: unknown): Promise<GrantsTable> {
  const id = typeof grantId === 'string' && grantId.length <= 64 ? grantId : '';
  if (id === '') throw inputError('grantId', 'a grant id', '应为授权编号');
  const row = await ctx.store.db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new ServerError('ERR_GRANTS_NOT_FOUND', { field: 'grantId', params: { grantId: id } });
  if (row.client_id !== clientId)
    throw new ServerError('ERR_GRANTS_WRONG_CLIENT', { field: 'grantId', params: { grantId: id } });
  if (row.status === 'revoked') {
    throw new ServerError('ERR_GRANTS_REVOKED', {
      field: 'grantId',
      params: { grantId: id, revokedAt: row.revoked_at ?? '' },
    });
  }
  if (ctx.now().getTime() >= Date.parse(row.valid_until)) {
    throw new ServerError('ERR_GRANTS_EXPIRED', {
      field: 'grantId',
      params: { grantId: id, validUntil: row.valid_until },
    });
  }
  return row;
}

/** The newest version of each series among the rows. */
function currentVersions(rows: readonly LicencesTable[]): LicencesTable[] {
  const bySeries = new Map<string, LicencesTable>();
  for (const row of rows) {
    const known = bySeries.get(row.series);
    if (known === undefined || row.version > known.version) bySeries.set(row.series, row);
  }
  return [...bySeries.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : 1));
}

async function deliverByGrant(
  ctx: AppContext,
  grant: GrantsTable,
  input: FetchInput,
  clearance: SensitivityGrade,
): Promise<{ deliveries: Delivery[]; withheld: WithheldLicence[] }> {
  const typeCodes = JSON.parse(grant.type_codes) as string[];
  const series = JSON.parse(grant.series) as string[];
  const askedTypes = list(input.typeCodes, 'typeCodes')?.map((code, i) =>
    parsedOr(() => parseTypeCode(code), `typeCodes/${i}`, { en: 'licence type code', zh: '证照类型代码' }),
  );
  const askedIds = list(input.identifiers, 'identifiers')?.map((id, i) =>
    parsedOr(() => parseLicenceId(id), `identifiers/${i}`, { en: 'licence identifier', zh: '电子证照标识' }),
  );
  for (const [i, typeCode] of (askedTypes ?? []).entries()) {
    if (!typeCodes.includes(typeCode)) {
      throw new ServerError('ERR_GRANTS_TYPE_NOT_COVERED', {
        field: `typeCodes/${i}`,
        params: { grantId: grant.id, typeCode },
      });
    }
  }
  let select = ctx.store.db.selectFrom('licences').selectAll().where('holder_index', '=', grant.holder_index);
  select = select.where((eb) => {
    const covered = [];
    if (typeCodes.length > 0) covered.push(eb('type_code', 'in', typeCodes));
    if (series.length > 0) covered.push(eb('series', 'in', series));
    return eb.or(covered);
  });
  let rows = currentVersions(await select.execute());
  if (askedTypes !== undefined) rows = rows.filter((row) => (askedTypes as readonly string[]).includes(row.type_code));
  const withheld: WithheldLicence[] = [];
  if (askedIds !== undefined) {
    const chosen: LicencesTable[] = [];
    for (const [i, identifier] of askedIds.entries()) {
      const series = seriesOf(identifier);
      const row = rows.find((r) => r.series === series);
      if (row === undefined) {
        throw new ServerError('ERR_GRANTS_LICENCE_NOT_COVERED', {
          field: `identifiers/${i}`,
          params: { grantId: grant.id, identifier },
        });
      }
      if (row.status !== 'valid') {
        throw new ServerError('ERR_GRANTS_LICENCE_NOT_VALID', {
          field: `identifiers/${i}`,
          params: { identifier: row.identifier, status: row.status },
        });
      }
      chosen.push(row);
    }
    rows = chosen;
  } else {
    for (const row of rows.filter((r) => r.status !== 'valid')) {
      withheld.push({ identifier: row.identifier, typeCode: row.type_code, status: row.status });
    }
    rows = rows.filter((r) => r.status === 'valid');
  }
  const types = new Map<string, LicenceType | undefined>();
  const deliveries: Delivery[] = [];
  for (const row of rows) {
    if (!types.has(row.type_code)) {
      types.set(row.type_code, await getLicenceType(ctx, row.type_code).catch(() => undefined));
    }
    deliveries.push(maskedDelivery(row, types.get(row.type_code), clearance));
  }
  return { deliveries, withheld };
}

function maskedDelivery(row: LicencesTable, type: LicenceType | undefined, clearance: SensitivityGrade): Delivery {
  const record = recordOf(row);
  const licence = record.licence;
  const masked: string[] = [];
  let face: Record<string, FaceValue>;
  if (type === undefined) {
    // No catalogue entry to grade the fields by: nothing is shown in clear but what is public.
    face = Object.fromEntries(Object.keys(licence.face).map((key) => [key, '***']));
    masked.push(...Object.keys(licence.face));
  } else {
    face = maskFace(type, licence.face as ValidatedFace, clearance);
    for (const [key, value] of Object.entries(face)) if (value !== licence.face[key]) masked.push(key);
    // A face member the type does not declare has no grade: withheld entirely.
    for (const key of Object.keys(licence.face)) if (!Object.hasOwn(face, key)) masked.push(key);
  }
  const holder = maskedHolder(licence, clearance);
  masked.push(...holder.masked);
  const m = licence.metadata;
  const encumbrances = record.state.encumbrances.filter((e) => e.releasedAt === undefined);
  return {
    row,
    licence,
    fields: [PERSON_NAME.key, PERSON_CODE.key, ...Object.keys(face)],
    out: {
      identifier: row.identifier,
      typeCode: row.type_code,
      ...(type === undefined ? {} : { typeName: { zh: type.name.zh, en: type.name.en } }),
      issuerCode: row.issuer_code,
      issuerName: m.certificateIssuingAuthorityName,
      version: row.version,
      status: row.status,
      effectiveDate: m.certificateEffectiveDate,
      ...(record.state.expiringDate === undefined ? {} : { expiringDate: record.state.expiringDate }),
      holder: holder.out,
      face,
      masked,
      encumbrances,
    },
  };
}

async function deliverByShowCode(
  ctx: AppContext,
  principal: Principal,
  code: unknown,
  useCause: string,
  options: NodeTrustListOptions & { readonly requestId?: string | undefined },
): Promise<Delivery> {
  if (typeof code !== 'string') throw inputError('code', 'a show code (HT1:…)', '应为亮证码（HT1:…）');
  const verdict = await verifyOnline(ctx, principal, { code, useCause, mode: 'verify' }, options);
  if (!verdict.valid || verdict.showCode === undefined) {
    const failed = verdict.checks.filter((c) => !c.ok);
    const status = verdict.currentStatus?.status;
    // Only a code that verified otherwise is refused for its licence's status: say exactly that.
    if (failed.length === 1 && failed[0]?.name === 'current-status' && status !== undefined && verdict.showCode) {
      throw new ServerError('ERR_GRANTS_LICENCE_NOT_VALID', {
        field: 'code',
        params: { identifier: verdict.showCode.identifier, status },
      });
    }
    throw new ServerError('ERR_GRANTS_SHOW_CODE_REFUSED', {
      field: 'code',
      params: { checks: failed.map((c) => c.name).join(', '), reason: failed[0]?.reason ?? 'invalid' },
      // The check's reason is English prose: the Chinese problem formats its code's Chinese template.
      zhParams: { reason: failed[0] === undefined ? '无效' : checkReason(failed[0], 'zh-CN') },
    });
  }
  const shown = verdict.showCode;
  const row = await ctx.store.db
    .selectFrom('licences')
    .selectAll()
    .where('identifier', '=', shown.identifier)
    .executeTakeFirstOrThrow();
  const record = recordOf(row);
  const face: Record<string, FaceValue> = {};
  const holderFields: Record<string, FaceValue> = {};
  const masked: string[] = [];
  for (const field of shown.fields) {
    if (field.key === 'certificateHolderName' || field.key === 'certificateHolderCode')
      holderFields[field.key] = field.value;
    else face[field.key] = field.value;
    if (field.masked) masked.push(field.key);
  }
  const m = record.licence.metadata;
  const name = holderFields.certificateHolderName;
  const holderCode = holderFields.certificateHolderCode;
  return {
    row,
    licence: record.licence,
    fields: shown.fields.map((f) => f.key),
    out: {
      identifier: row.identifier,
      typeCode: row.type_code,
      issuerCode: row.issuer_code,
      issuerName: shown.issuerName ?? m.certificateIssuingAuthorityName,
      version: row.version,
      status: verdict.currentStatus?.status ?? row.status,
      effectiveDate: shown.effectiveDate,
      ...(shown.expiringDate === undefined ? {} : { expiringDate: shown.expiringDate }),
      holder: {
        codeType: m.certificateHolderTypeCode,
        ...(name === undefined ? {} : { name }),
        ...(holderCode === undefined ? {} : { code: holderCode }),
      },
      face,
      masked,
      encumbrances: verdict.currentStatus?.encumbrances ?? [],
    },
  };
}
