/**
 * "My licences" (issue 5 item 2): every licence of the signed-in holder on this node — every
 * type, every issuer — a page at a time, with a summary by category and type; one licence
 * in detail (face fields with their labels, status, encumbrances, versions, status history,
 * the transparency-log receipt); and the signed native JSON. The holder is always the
 * principal's (never a code from the request); a licence of anyone else answers exactly as
 * one that does not exist. Every read is recorded as the holder's (`holder.*` audit
 * actions, the holder code only as a keyed hash).
 */
import { HutongError, type LicenceType, licenceIdParts, parseLicence, parseTypeCode, parseUscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import type { HolderPrincipal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { parseIdentifierParam } from '../library/get-licence.js';
import { licenceDocumentOf } from '../library/licence-records.js';
import { decodeCursor, encodeCursor, MAX_PAGE } from '../library/query-licences.js';
import {
  type LicenceView,
  readLicenceView,
  readStatusHistory,
  type StatusHistoryItem,
} from '../library/read-licence-view.js';
import { type LicenceReceipt, receiptFor } from '../log/receipt-for.js';
import { holderIndexesOf } from './holder-indexes.js';

/** How the holder's own reads are told apart in the audit log. */
export interface HolderReadOptions {
  readonly requestId?: string | undefined;
}

export interface MyLicenceQuery {
  /** A type's defining authority (its USCC, the first 18 characters of the type code): 证照类别. */
  readonly category?: string | undefined;
  readonly typeCode?: string | undefined;
  readonly issuerCode?: string | undefined;
  readonly status?: string | undefined;
  /** Superseded versions are left out unless asked for (they are in each licence's versions). */
  readonly includeSuperseded?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface MyLicenceSummary {
  readonly identifier: string;
  readonly version: string;
  readonly typeCode: string;
  readonly typeName: { readonly zh: string; readonly en: string };
  /** The type's defining authority: the category the web groups by. */
  readonly category: { readonly code: string; readonly name: string };
  readonly certificateName: string;
  readonly certificateNumber: string;
  readonly issuerCode: string;
  readonly issuerName: string;
  readonly holderName: string;
  readonly issuedDate: string;
  readonly effectiveDate: string;
  readonly expiringDate?: string;
  readonly status: string;
}

export interface MyLicenceGroup {
  readonly category: { readonly code: string; readonly name: string };
  readonly typeCode: string;
  readonly typeName: { readonly zh: string; readonly en: string };
  readonly count: number;
}

export interface MyLicencePage {
  readonly items: readonly MyLicenceSummary[];
  /** Every type the holder has licences of (whatever the filters), with counts: the web's groups. */
  readonly groups: readonly MyLicenceGroup[];
  readonly nextCursor?: string;
}

const STATUSES = new Set([
  'valid',
  'suspended',
  'revoked',
  'cancelled',
  'abolished',
  'expired',
  'superseded',
  'transferred-out',
]);

/** Runs a core parser, naming the query parameter at fault (the parser's own segment goes to params). */
function field<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError) {
      throw new HutongError(error.code, {
        field: name,
        params: { ...error.params, segment: error.field ?? '' },
        cause: error,
      });
    }
    throw error;
  }
}

function who(ctx: AppContext, principal: HolderPrincipal): Record<string, string> {
  return {
    holderCodeType: principal.holderCodeType,
    holder: hashPersonalData(ctx.secrets, principal.holderCode),
    ...(principal.representative === undefined
      ? {}
      : { representative: hashPersonalData(ctx.secrets, principal.representative.holderCode) }),
  };
}

/** The types' names and defining authorities, from the catalogue (latest version of each). */
async function typeInfo(
  ctx: AppContext,
  typeCodes: readonly string[],
): Promise<Map<string, { name: { zh: string; en: string }; category: { code: string; name: string } }>> {
  const info = new Map<string, { name: { zh: string; en: string }; category: { code: string; name: string } }>();
  if (typeCodes.length === 0) return info;
  const rows = await ctx.store.db
    .selectFrom('licence_types as t')
    .innerJoin('licence_type_versions as v', (join) =>
      join.onRef('v.type_code', '=', 't.type_code').onRef('v.version', '=', 't.latest_version'),
    )
    .select(['t.type_code', 't.name_zh', 't.name_en', 'v.document'])
    .where('t.type_code', 'in', [...typeCodes])
    .execute();
  for (const row of rows) {
    const document = JSON.parse(row.document) as Partial<LicenceType>;
    info.set(row.type_code, {
      name: { zh: row.name_zh, en: row.name_en },
      category: {
        code: document.definingAuthority?.code ?? row.type_code.slice(0, 18),
        name: document.definingAuthority?.name ?? '',
      },
    });
  }
  return info;
}

/**
 * A page of the holder's licences in identifier order (keyset: pages never shift when
 * licences are added), plus the holder's groups by category and type.
 *
 * @example const page = await listMyLicences(ctx, principal, { category: '11100000000013338W' }, { requestId });
 */
export async function listMyLicences(
  ctx: AppContext,
  principal: HolderPrincipal,
  query: MyLicenceQuery,
  options: HolderReadOptions,
): Promise<MyLicencePage> {
  const category = query.category === undefined ? undefined : field('category', () => parseUscc(query.category));
  const typeCode = query.typeCode === undefined ? undefined : field('typeCode', () => parseTypeCode(query.typeCode));
  const issuerCode =
    query.issuerCode === undefined ? undefined : field('issuerCode', () => parseUscc(query.issuerCode));
  if (query.status !== undefined && !STATUSES.has(query.status)) {
    throw new ServerError('ERR_API_BAD_REQUEST', {
      field: 'status',
      params: { reason: `status must be one of ${[...STATUSES].join(', ')}` },
      zhParams: { reason: `status 须为以下取值之一：${[...STATUSES].join('、')}` },
    });
  }
  const indexes = holderIndexesOf(ctx, principal.holderCodeType, principal.holderCode);
  const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE);

  let select = ctx.store.db
    .selectFrom('licences')
    .select(['identifier', 'packed_document', 'status', 'type_code'])
    .where('holder_index', 'in', indexes);
  if (category !== undefined) select = select.where('type_code', 'like', `${category}%`);
  if (typeCode !== undefined) select = select.where('type_code', '=', typeCode);
  if (issuerCode !== undefined) select = select.where('issuer_code', '=', issuerCode);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  else if (query.includeSuperseded !== true) select = select.where('status', '<>', 'superseded');
  if (query.cursor !== undefined) select = select.where('identifier', '>', decodeCursor(query.cursor));
  const rows = await select
    .orderBy('identifier')
    .limit(limit + 1)
    .execute();
  const pageRows = rows.slice(0, limit);

  const counts = await ctx.store.db
    .selectFrom('licences')
    .select(['type_code', (eb) => eb.fn.countAll().as('n')])
    .where('holder_index', 'in', indexes)
    .where('status', '<>', 'superseded')
    .groupBy('type_code')
    .orderBy('type_code')
    .execute();
  const types = await typeInfo(ctx, [
    ...new Set([...counts.map((c) => c.type_code), ...pageRows.map((r) => r.type_code)]),
  ]);
  const infoOf = (code: string) =>
    types.get(code) ?? { name: { zh: code, en: code }, category: { code: code.slice(0, 18), name: '' } };

  const items = pageRows.map((row): MyLicenceSummary => {
    const { metadata } = parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true });
    const info = infoOf(row.type_code);
    return {
      identifier: metadata.certificateIdentifier,
      version: metadata.certificateVersion,
      typeCode: metadata.certificateTypeCode,
      typeName: info.name,
      category: info.category,
      certificateName: metadata.certificateName,
      certificateNumber: metadata.certificateNumber,
      issuerCode: metadata.certificateIssuingAuthorityCode,
      issuerName: metadata.certificateIssuingAuthorityName,
      holderName: metadata.certificateHolderName,
      issuedDate: metadata.certificateIssuedDate,
      effectiveDate: metadata.certificateEffectiveDate,
      ...(metadata.certificateExpiringDate === undefined ? {} : { expiringDate: metadata.certificateExpiringDate }),
      status: row.status,
    };
  });
  const groups = counts.map((c) => {
    const info = infoOf(c.type_code);
    return { category: info.category, typeCode: c.type_code, typeName: info.name, count: Number(c.n) };
  });
  await recordAccess(ctx.store.db, {
    actor: 'holder',
    action: 'holder.licences-listed',
    target: 'holder',
    useCause: undefined,
    requestId: options.requestId,
    details: { ...who(ctx, principal), identifiers: items.map((item) => item.identifier) },
    at: ctx.now().toISOString(),
  });
  const last = rows.length > limit ? pageRows[pageRows.length - 1] : undefined;
  return { items, groups, ...(last === undefined ? {} : { nextCursor: encodeCursor(last.identifier) }) };
}

/**
 * The row of one of the holder's licences, or ERR_HOLDER_LICENCE_NOT_FOUND — the same answer
 * for someone else's licence as for none at all.
 */
async function ownRow(ctx: AppContext, principal: HolderPrincipal, identifier: unknown) {
  const id = parseIdentifierParam(identifier);
  const row = await ctx.store.db
    .selectFrom('licences')
    .select(['identifier', 'packed_document', 'holder_index'])
    .where('identifier', '=', id)
    .executeTakeFirst();
  const indexes = holderIndexesOf(ctx, principal.holderCodeType, principal.holderCode);
  if (row === undefined || !indexes.includes(row.holder_index)) {
    throw new ServerError('ERR_HOLDER_LICENCE_NOT_FOUND', { field: 'identifier', params: { identifier: id } });
  }
  return { id, row };
}

export interface LabelledFaceField {
  readonly key: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly type: string;
  readonly sensitivity: number;
  readonly value: string | number | boolean | null;
}

export interface MyLicenceDetail extends LicenceView {
  readonly typeName: { readonly zh: string; readonly en: string };
  readonly category: { readonly code: string; readonly name: string };
  /** The face in the type's order with the type's labels (fields not in the type last, unlabelled). */
  readonly faceFields: readonly LabelledFaceField[];
  readonly history: readonly StatusHistoryItem[];
  /** The log receipt of this version (verify offline with core's `verifyLogReceipt`), or null while it is not yet covered by a checkpoint. */
  readonly receipt: LicenceReceipt | null;
}

/**
 * One of the holder's licences in detail.
 *
 * @example const detail = await getMyLicence(ctx, principal, identifier, { requestId });
 */
export async function getMyLicence(
  ctx: AppContext,
  principal: HolderPrincipal,
  identifier: unknown,
  options: HolderReadOptions,
): Promise<MyLicenceDetail> {
  const { id } = await ownRow(ctx, principal, identifier);
  const view = await readLicenceView(ctx.store.db, id);
  if (view === undefined) {
    throw new ServerError('ERR_HOLDER_LICENCE_NOT_FOUND', { field: 'identifier', params: { identifier: id } });
  }
  const history = await readStatusHistory(ctx.store.db, id);
  let receipt: LicenceReceipt | null = null;
  try {
    receipt = await receiptFor(ctx, id);
  } catch (error) {
    // Not yet in a checkpoint (or no log on this node): the detail says so with null.
    if (!(error instanceof ServerError && error.code.startsWith('ERR_LOG_'))) throw error;
  }
  const { typeCode, issuerCode } = licenceIdParts(id);
  const info = (await typeInfo(ctx, [typeCode])).get(typeCode);
  const typeRow = await ctx.store.db
    .selectFrom('licence_type_versions')
    .select(['document'])
    .where('type_code', '=', typeCode)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const type = typeRow === undefined ? undefined : (JSON.parse(typeRow.document) as Partial<LicenceType>);
  const face = view.licence.face;
  const known = new Set<string>();
  const faceFields: LabelledFaceField[] = [];
  for (const definition of type?.faceFields ?? []) {
    known.add(definition.key);
    faceFields.push({
      key: definition.key,
      label: { zh: definition.label.zh, en: definition.label.en ?? definition.label.zh },
      type: definition.type,
      sensitivity: definition.sensitivity,
      value: Object.hasOwn(face, definition.key) ? (face[definition.key] ?? null) : null,
    });
  }
  for (const [key, value] of Object.entries(face)) {
    if (!known.has(key))
      faceFields.push({ key, label: { zh: key, en: key }, type: typeof value, sensitivity: 1, value });
  }
  await recordAccess(ctx.store.db, {
    actor: 'holder',
    action: 'holder.licence-read',
    target: id,
    useCause: undefined,
    requestId: options.requestId,
    details: { ...who(ctx, principal), typeCode, issuerCode },
    at: ctx.now().toISOString(),
  });
  return {
    ...view,
    typeName: info?.name ?? { zh: typeCode, en: typeCode },
    category: info?.category ?? { code: typeCode.slice(0, 18), name: '' },
    faceFields,
    history,
    receipt,
  };
}

/**
 * The signed licence exactly as stored (`hutong-licence/1` JSON, the bytes its signature
 * covers once canonicalised): what `hutong verify FILE` checks.
 *
 * @example const { identifier, json } = await downloadMyLicence(ctx, principal, identifier, { requestId });
 */
export async function downloadMyLicence(
  ctx: AppContext,
  principal: HolderPrincipal,
  identifier: unknown,
  options: HolderReadOptions,
): Promise<{ readonly identifier: string; readonly json: string }> {
  const { id, row } = await ownRow(ctx, principal, identifier);
  const { typeCode, issuerCode } = licenceIdParts(id);
  await recordAccess(ctx.store.db, {
    actor: 'holder',
    action: 'holder.licence-downloaded',
    target: id,
    useCause: undefined,
    requestId: options.requestId,
    details: { ...who(ctx, principal), typeCode, issuerCode, format: 'json' },
    at: ctx.now().toISOString(),
  });
  return { identifier: id, json: licenceDocumentOf(row.packed_document) };
}
