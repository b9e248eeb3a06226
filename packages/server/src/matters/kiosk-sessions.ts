/**
 * Self-service (全自助) at a kiosk, over the API: start a session for a matter → the holder
 * identifies with a show code → consents (recorded) → the form is generated and prefilled →
 * the holder completes the rest and submits (validated against the form) → for a matter that
 * produces a licence, the result is issued back to the holder at once through the issuance
 * use case, under the matter's department key. Every step is a `kiosk.*` event (recordEvent)
 * in the step's transaction; every licence the holder consents to use is a usage record.
 * Sessions live 15 minutes; a kiosk sees only its own sessions.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type FormField, type FormValue, type Label, type Licence, parseLicence } from '@hutong/core';
import type { Transaction } from 'kysely';
import type { AppContext } from '../app-context.js';
import type { ClientPrincipal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { toCompactDate, todayInChina } from '../issuance/compact-date.js';
import { issueLicence } from '../issuance/issue-licence.js';
import { licenceDocumentOf, seriesOf } from '../library/licence-records.js';
import { checkReason } from '../showing/check-reason.js';
import { verifyOnline } from '../showing/verify-online.js';
import type { Database } from '../store/database.js';
import { type AvailableLicence, fillForm, type PrefilledForm } from './fill-form.js';
import { readMatterVersion } from './get-matter.js';
import { type Matter, materialTypes } from './matter.js';
import type { KioskSessionsTable } from './matters.tables.js';

export const KIOSK_SESSION_MINUTES = 15;

export type KioskState = 'started' | 'identified' | 'consented' | 'submitted';

export interface OfferedLicence {
  readonly identifier: string;
  readonly version: string;
  readonly typeCode: string;
  /** As the licence names it (Chinese, GB/T 36903 metadata). */
  readonly typeName: string;
  /** The type's name in both languages, from the catalogue: the kiosk shows the holder's language. */
  readonly typeLabel: Label;
  readonly issuerCode: string;
  readonly issuerName: string;
  /** The issuer's name in both languages, from the node's organisations (its own name when not one of them). */
  readonly issuerLabel: Label;
}

export interface KioskSessionView {
  readonly id: string;
  readonly matter: { readonly code: string; readonly version: number; readonly name: Matter['name'] };
  readonly state: KioskState;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** After identification: the holder's licences the matter can use, for the consent screen. */
  readonly offered?: readonly OfferedLicence[];
  readonly consentedAt?: string;
  /** After consent: the form, prefilled from the licences the holder agreed to. */
  readonly form?: PrefilledForm;
  readonly result?: { readonly identifier: string; readonly licence?: Licence };
}

export interface KioskOptions {
  readonly requestId?: string | undefined;
  readonly publicUrl: string;
}

type Row = KioskSessionsTable;

function useCauseOf(matter: Matter): string {
  return `自助办理：${matter.name.zh}`.slice(0, 200);
}

async function sessionRow(ctx: AppContext, principal: ClientPrincipal, id: string): Promise<Row> {
  const row = await ctx.store.db
    .selectFrom('kiosk_sessions')
    .selectAll()
    .where('id', '=', id)
    .where('client_id', '=', principal.clientId)
    .executeTakeFirst();
  // Another kiosk's session is answered like an unknown one: ids are not to be probed.
  if (row === undefined) throw new ServerError('ERR_KIOSK_SESSION_NOT_FOUND', { field: 'id', params: { id } });
  return row;
}

function assertStep(ctx: AppContext, row: Row, step: string, needed: KioskState): void {
  if (row.state !== needed) {
    throw new ServerError('ERR_KIOSK_STEP', { field: 'id', params: { id: row.id, state: row.state, step, needed } });
  }
  if (row.expires_at <= ctx.now().toISOString()) {
    throw new ServerError('ERR_KIOSK_SESSION_EXPIRED', {
      field: 'id',
      params: { id: row.id, expiresAt: row.expires_at },
    });
  }
}

async function recordStep(
  trx: Transaction<Database>,
  row: Pick<Row, 'id' | 'matter_code' | 'matter_version'>,
  action: 'started' | 'identified' | 'consented' | 'submitted',
  actor: string,
  at: string,
  requestId: string | undefined,
  details: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  await recordEvent(trx, {
    type: `kiosk.${action}`,
    actor,
    requestId,
    target: row.id,
    details: { matterCode: row.matter_code, matterVersion: row.matter_version, ...details },
    at,
  });
}

const actorOfKiosk = (principal: ClientPrincipal) => `client:${principal.clientId}`;

/** The holder's valid licences of the types a matter reads (newest version of each licence). */
async function holderLicences(ctx: AppContext, holderIndex: string, matter: Matter): Promise<Licence[]> {
  const types = new Set(materialTypes(matter));
  for (const field of matter.fields)
    if (field.source.kind === 'licence') for (const f of field.source.from) types.add(f.typeCode);
  if (types.size === 0) return [];
  const rows = await ctx.store.db
    .selectFrom('licences')
    .select(['series', 'version', 'packed_document'])
    .where('holder_index', '=', holderIndex)
    .where('type_code', 'in', [...types])
    .where('status', '=', 'valid')
    .orderBy('series')
    .orderBy('version', 'desc')
    .execute();
  const latest = new Map<string, string>();
  for (const row of rows) if (!latest.has(row.series)) latest.set(row.series, licenceDocumentOf(row.packed_document));
  return [...latest.values()].map((document) => parseLicence(JSON.parse(document), { legacyHolderCode: true }));
}

interface Names {
  readonly type: (licence: Licence) => Label;
  readonly issuer: (licence: Licence) => Label;
}

/**
 * The catalogue's and the organisations' names of the licences' types and issuers, in both
 * languages. A licence carries only the Chinese names (GB/T 36903 metadata); a name the node
 * does not know stays as the licence gives it in both languages rather than a code.
 */
async function namesOf(ctx: AppContext, licences: readonly Licence[]): Promise<Names> {
  const typeCodes = [...new Set(licences.map((l) => l.metadata.certificateTypeCode as string))];
  const issuerCodes = [...new Set(licences.map((l) => l.metadata.certificateIssuingAuthorityCode as string))];
  const [types, issuers] = await Promise.all([
    typeCodes.length === 0
      ? []
      : ctx.store.db
          .selectFrom('licence_types')
          .select(['type_code as code', 'name_zh', 'name_en'])
          .where('type_code', 'in', typeCodes)
          .execute(),
    issuerCodes.length === 0
      ? []
      : ctx.store.db
          .selectFrom('organisations')
          .select(['code', 'name_zh', 'name_en'])
          .where('code', 'in', issuerCodes)
          .execute(),
  ]);
  const typeNames = new Map(types.map((r) => [r.code, { zh: r.name_zh, en: r.name_en }]));
  const issuerNames = new Map(issuers.map((r) => [r.code, { zh: r.name_zh, en: r.name_en }]));
  return {
    type: (l) => {
      const own = l.metadata.certificateName;
      return typeNames.get(l.metadata.certificateTypeCode) ?? { zh: own, en: own };
    },
    issuer: (l) => {
      const own = l.metadata.certificateIssuingAuthorityName;
      return issuerNames.get(l.metadata.certificateIssuingAuthorityCode) ?? { zh: own, en: own };
    },
  };
}

function offeredOf(licences: readonly Licence[], names: Names): OfferedLicence[] {
  return licences.map((l) => ({
    identifier: l.metadata.certificateIdentifier,
    version: l.metadata.certificateVersion,
    typeCode: l.metadata.certificateTypeCode,
    typeName: l.metadata.certificateName,
    typeLabel: names.type(l),
    issuerCode: l.metadata.certificateIssuingAuthorityCode,
    issuerName: l.metadata.certificateIssuingAuthorityName,
    issuerLabel: names.issuer(l),
  }));
}

/** Every face and metadata value of a licence the holder consented to use (the kiosk works for the holder). */
export function licenceValues(licence: Licence, typeLabel?: Label): AvailableLicence {
  const face = licence.face as Readonly<Record<string, FormValue>>;
  const metadata = licence.metadata as unknown as Readonly<Record<string, FormValue | undefined>>;
  return {
    identifier: licence.metadata.certificateIdentifier,
    version: licence.metadata.certificateVersion,
    typeCode: licence.metadata.certificateTypeCode,
    typeName: licence.metadata.certificateName,
    ...(typeLabel === undefined ? {} : { typeLabel }),
    issuerCode: licence.metadata.certificateIssuingAuthorityCode,
    status: 'valid',
    valueAt: (path) => {
      const [scope, key = ''] = path.split('.', 2);
      const value = scope === 'face' ? face[key] : scope === 'metadata' ? metadata[key] : undefined;
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
    },
  };
}

async function consentedLicences(ctx: AppContext, row: Row): Promise<Licence[]> {
  const identifiers = JSON.parse(row.licences ?? '[]') as string[];
  if (identifiers.length === 0) return [];
  const rows = await ctx.store.db
    .selectFrom('licences')
    .select(['packed_document', 'status'])
    .where('identifier', 'in', identifiers)
    .execute();
  // A licence revoked or suspended since the consent no longer fills anything.
  return rows
    .filter((r) => r.status === 'valid')
    .map((r) => parseLicence(JSON.parse(licenceDocumentOf(r.packed_document)), { legacyHolderCode: true }));
}

/** The form prefilled from the licences the holder consented to, their types named in both languages. */
async function formOf(ctx: AppContext, matter: Matter, licences: readonly Licence[]): Promise<PrefilledForm> {
  const names = await namesOf(ctx, licences);
  return fillForm(
    matter,
    licences.map((l) => licenceValues(l, names.type(l))),
  );
}

async function viewOf(ctx: AppContext, row: Row, extra: Partial<KioskSessionView> = {}): Promise<KioskSessionView> {
  const matter = await readMatterVersion(ctx.store.db, row.matter_code, row.matter_version);
  const base: KioskSessionView = {
    id: row.id,
    matter: { code: matter.code, version: matter.version, name: matter.name },
    state: row.state as KioskState,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.consented_at === null ? {} : { consentedAt: row.consented_at }),
    ...(row.result_licence === null ? {} : { result: { identifier: row.result_licence } }),
  };
  if (row.state === 'identified' && row.holder_index !== null && extra.offered === undefined) {
    const licences = await holderLicences(ctx, row.holder_index, matter);
    return { ...base, offered: offeredOf(licences, await namesOf(ctx, licences)), ...extra };
  }
  if (row.state === 'consented' && extra.form === undefined) {
    return { ...base, form: await formOf(ctx, matter, await consentedLicences(ctx, row)), ...extra };
  }
  return { ...base, ...extra };
}

/**
 * @example const session = await startKioskSession(ctx, kiosk, { matterCode: '000110030000' }, options);
 */
export async function startKioskSession(
  ctx: AppContext,
  principal: ClientPrincipal,
  input: { readonly matterCode: string },
  options: KioskOptions,
): Promise<KioskSessionView> {
  const matterRow = await ctx.store.db
    .selectFrom('matters')
    .select(['code', 'version'])
    .where('code', '=', input.matterCode)
    .executeTakeFirst();
  if (matterRow === undefined) {
    throw new ServerError('ERR_MATTERS_NOT_FOUND', { field: 'matterCode', params: { code: input.matterCode } });
  }
  const now = ctx.now();
  const at = now.toISOString();
  const row: Row = {
    id: randomUUID(),
    client_id: principal.clientId,
    matter_code: matterRow.code,
    matter_version: matterRow.version,
    state: 'started',
    identity_licence: null,
    holder_index: null,
    consented_at: null,
    licences: null,
    submission_digest: null,
    result_licence: null,
    created_at: at,
    updated_at: at,
    expires_at: new Date(now.getTime() + KIOSK_SESSION_MINUTES * 60_000).toISOString(),
  };
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('kiosk_sessions').values(row).execute();
    await recordStep(trx, row, 'started', actorOfKiosk(principal), at, options.requestId);
  });
  return viewOf(ctx, row);
}

/** The holder identifies with a show code, verified online (current status, replay) and recorded. */
export async function identifyKioskHolder(
  ctx: AppContext,
  principal: ClientPrincipal,
  id: string,
  input: { readonly showCode: string },
  options: KioskOptions,
): Promise<KioskSessionView> {
  const row = await sessionRow(ctx, principal, id);
  assertStep(ctx, row, 'identify', 'started');
  const matter = await readMatterVersion(ctx.store.db, row.matter_code, row.matter_version);
  const verdict = await verifyOnline(
    ctx,
    principal,
    { code: input.showCode, useCause: useCauseOf(matter), mode: 'entry-registration' },
    { requestId: options.requestId, url: options.publicUrl },
  );
  if (!verdict.valid || verdict.showCode === undefined) {
    const failed = verdict.checks.find((c) => !c.ok);
    throw new ServerError('ERR_MATTERS_SHOW_CODE_INVALID', {
      field: 'showCode',
      params: { index: 1, reason: failed === undefined ? 'unreadable' : `${failed.name}: ${failed.reason}` },
      // The check's reason is English: the Chinese problem formats its code's Chinese template.
      zhParams: { reason: failed === undefined ? '无法识读' : `${failed.name}：${checkReason(failed, 'zh-CN')}` },
    });
  }
  const identifier = verdict.showCode.identifier;
  const licence = await ctx.store.db
    .selectFrom('licences')
    .select(['holder_index'])
    .where('identifier', '=', identifier)
    .executeTakeFirstOrThrow();
  const at = ctx.now().toISOString();
  const updated: Row = {
    ...row,
    state: 'identified',
    identity_licence: identifier,
    holder_index: licence.holder_index,
    updated_at: at,
  };
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('kiosk_sessions')
      .set({ state: 'identified', identity_licence: identifier, holder_index: licence.holder_index, updated_at: at })
      .where('id', '=', row.id)
      .where('state', '=', 'started')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new ServerError('ERR_KIOSK_STEP', {
        field: 'id',
        params: { id: row.id, state: 'changed', step: 'identify', needed: 'started' },
      });
    }
    await recordStep(trx, row, 'identified', actorOfKiosk(principal), at, options.requestId, {
      identityLicence: identifier,
      holder: licence.holder_index,
    });
  });
  return viewOf(ctx, updated);
}

/**
 * The holder agrees, on the kiosk's screen, to the use of the licences offered (all, or the
 * ones listed) for this matter. The consent is a `kiosk.consented` event; each licence a
 * usage record in the holder's timeline (`via: 'kiosk'`) and a `licence.used` event, in one transaction.
 */
export async function consentKioskSession(
  ctx: AppContext,
  principal: ClientPrincipal,
  id: string,
  input: { readonly consent: true; readonly licences?: readonly string[] | undefined },
  options: KioskOptions,
): Promise<KioskSessionView> {
  const row = await sessionRow(ctx, principal, id);
  assertStep(ctx, row, 'consent', 'identified');
  const matter = await readMatterVersion(ctx.store.db, row.matter_code, row.matter_version);
  const offered = await holderLicences(ctx, row.holder_index ?? '', matter);
  const offeredIds = offered.map((l) => l.metadata.certificateIdentifier as string);
  const chosen = input.licences ?? offeredIds;
  chosen.forEach((identifier, index) => {
    if (!offeredIds.includes(identifier)) {
      throw new ServerError('ERR_KIOSK_CONSENT_SCOPE', {
        field: `licences[${index}]`,
        params: { field: `licences[${index}]`, identifier },
      });
    }
  });
  const at = ctx.now().toISOString();
  const useCause = useCauseOf(matter);
  const actor = actorOfKiosk(principal);
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('kiosk_sessions')
      .set({ state: 'consented', consented_at: at, licences: JSON.stringify(chosen), updated_at: at })
      .where('id', '=', row.id)
      .where('state', '=', 'identified')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new ServerError('ERR_KIOSK_STEP', {
        field: 'id',
        params: { id: row.id, state: 'changed', step: 'consent', needed: 'identified' },
      });
    }
    for (const licence of offered.filter((l) => chosen.includes(l.metadata.certificateIdentifier))) {
      const m = licence.metadata;
      const usageRecordId = randomUUID();
      const fields = fieldsReadFrom(matter, m.certificateTypeCode);
      // The holder's timeline (grants/ usage records): the kiosk used this licence, with consent given on its screen.
      await trx
        .insertInto('usage_records')
        .values({
          id: usageRecordId,
          holder_index: row.holder_index ?? '',
          client_id: principal.clientId,
          organisation_code: principal.organisationCode,
          identifier: m.certificateIdentifier,
          type_code: m.certificateTypeCode,
          via: 'kiosk',
          grant_id: null,
          use_cause: useCause,
          fields: JSON.stringify(fields),
          at,
        })
        .execute();
      await recordEvent(trx, {
        type: 'licence.used',
        actor,
        requestId: options.requestId,
        target: m.certificateIdentifier,
        useCause,
        details: {
          typeCode: m.certificateTypeCode,
          issuerCode: m.certificateIssuingAuthorityCode,
          series: seriesOf(m.certificateIdentifier),
          version: m.certificateVersion,
          via: 'kiosk',
          usageRecordId,
          holder: row.holder_index,
          fields,
          matterCode: matter.code,
          session: row.id,
        },
        at,
      });
    }
    await recordStep(trx, row, 'consented', actor, at, options.requestId, {
      licences: chosen,
      holder: row.holder_index,
    });
  });
  const licences = offered.filter((l) => chosen.includes(l.metadata.certificateIdentifier));
  return viewOf(
    ctx,
    { ...row, state: 'consented', consented_at: at, licences: JSON.stringify(chosen), updated_at: at },
    { form: await formOf(ctx, matter, licences) },
  );
}

/** The licence fields a matter's form reads from a type (face keys and metadata elements). */
function fieldsReadFrom(matter: Matter, typeCode: string): string[] {
  const keys = new Set<string>();
  for (const field of matter.fields) {
    if (field.source.kind === 'holder') {
      keys.add('certificateHolderName').add('certificateHolderCode');
    } else if (field.source.kind === 'licence') {
      for (const from of field.source.from)
        if (from.typeCode === typeCode) keys.add(from.path.split('.', 2)[1] ?? from.path);
    }
  }
  return [...keys];
}

function formError(field: string, rule: string): ServerError {
  return new ServerError('ERR_KIOSK_FORM_INVALID', { field: `values.${field}`, params: { field, rule } });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A holder's value for a form field, checked against the field's type (dates become `yyyyMMdd`). */
export function readFormValue(field: FormField, raw: FormValue): FormValue {
  switch (field.type) {
    case 'string': {
      if (typeof raw !== 'string') throw formError(field.key, 'must be text');
      const text = raw.trim();
      if (text === '' && field.required) throw formError(field.key, 'is required');
      if (CONTROL.test(text)) throw formError(field.key, 'contains a control character');
      if ([...text].length > (field.maxLength ?? 200))
        throw formError(field.key, `is longer than ${field.maxLength ?? 200} characters`);
      return text;
    }
    case 'date': {
      const date = toCompactDate(typeof raw === 'string' ? raw.trim() : raw);
      if (date === undefined) throw formError(field.key, 'must be a date (yyyy-MM-dd or yyyyMMdd)');
      return date;
    }
    case 'integer': {
      const value = typeof raw === 'string' && /^-?\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw formError(field.key, 'must be a whole number');
      return value;
    }
    case 'decimal': {
      const value = typeof raw === 'string' && /^-?\d{1,15}(\.\d{1,6})?$/.test(raw.trim()) ? Number(raw.trim()) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw formError(field.key, 'must be a number');
      return value;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') throw formError(field.key, 'must be true or false');
      return raw;
  }
}

/**
 * The completed form: prefilled values stay as the licences give them (a value for such a
 * field is refused), the holder's values fill the rest, every required field present.
 */
export function completeForm(
  matter: Matter,
  form: PrefilledForm,
  values: Readonly<Record<string, FormValue>>,
): Record<string, FormValue> {
  const byKey = new Map(matter.fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) throw formError(key, 'is not a field of the form');
  }
  const completed: Record<string, FormValue> = {};
  for (const filled of form.fields) {
    const field = byKey.get(filled.key);
    if (field === undefined) continue;
    const given = values[filled.key];
    if (filled.value !== undefined) {
      if (given !== undefined && given !== filled.value) {
        throw formError(filled.key, 'is filled from a licence and cannot be changed here');
      }
      completed[filled.key] = filled.value;
    } else if (given !== undefined) {
      const value = readFormValue(field, given);
      if (value !== '') completed[filled.key] = value;
    }
    if (field.required && completed[filled.key] === undefined) throw formError(filled.key, 'is required');
  }
  return completed;
}

/**
 * How the holder provides, at the kiosk, a material no consented licence gives: `commitment`
 * is the notification-and-commitment system (告知承诺制, 国办发〔2020〕42号): the holder
 * declares on the kiosk's screen that they meet the requirement the material proves and accept
 * liability for a false declaration; the department checks it afterwards, within its own case
 * (in-process or ex-post supervision). The kind leaves room for materials taken by a kiosk's
 * document scanner or camera later.
 */
export interface MaterialProvision {
  readonly kind: 'commitment';
}

/**
 * The materials still missing after the licences, each covered by the holder's provision: a
 * material left uncovered refuses the submission (`ERR_KIOSK_MATERIALS_MISSING`, naming the
 * first as `materials.<key>`); a commitment for a material that is not missing, or whose
 * department does not accept one (`commitment` unset on the matter), is refused
 * (`ERR_KIOSK_FORM_INVALID`).
 * Answers the keys committed to, in the matter's order.
 */
export function coverMaterials(form: PrefilledForm, provided: Readonly<Record<string, MaterialProvision>>): string[] {
  const missing = form.missing.materials;
  for (const key of Object.keys(provided)) {
    const material = missing.find((m) => m.key === key);
    const rule =
      material === undefined
        ? 'is not a material the licences left missing'
        : material.commitment !== true
          ? 'must be submitted itself: the department does not accept a commitment in its place'
          : undefined;
    if (rule !== undefined) {
      throw new ServerError('ERR_KIOSK_FORM_INVALID', {
        field: `materials.${key}`,
        params: { field: `materials.${key}`, rule },
      });
    }
  }
  const uncovered = missing.filter((m) => provided[m.key]?.kind !== 'commitment');
  const [first] = uncovered;
  if (first !== undefined) {
    throw new ServerError('ERR_KIOSK_MATERIALS_MISSING', {
      field: `materials.${first.key}`,
      params: { materials: uncovered.map((m) => m.name.zh).join('、') },
    });
  }
  return missing.map((m) => m.key);
}

/**
 * Submits the completed form. Refused while a material no licence gives is not committed to
 * (`ERR_KIOSK_MATERIALS_MISSING`) or the form does not validate (`ERR_KIOSK_FORM_INVALID`,
 * naming the field). For a matter with an output, issues the result licence to the holder
 * (idempotent per session: a retry answers the same licence).
 */
export async function submitKioskSession(
  ctx: AppContext,
  principal: ClientPrincipal,
  id: string,
  input: {
    readonly values: Readonly<Record<string, FormValue>>;
    readonly materials?: Readonly<Record<string, MaterialProvision>> | undefined;
  },
  options: KioskOptions,
): Promise<KioskSessionView> {
  const row = await sessionRow(ctx, principal, id);
  assertStep(ctx, row, 'submit', 'consented');
  const matter = await readMatterVersion(ctx.store.db, row.matter_code, row.matter_version);
  const licences = await consentedLicences(ctx, row);
  const form = fillForm(
    matter,
    licences.map((l) => licenceValues(l)),
  );
  const committed = coverMaterials(form, input.materials ?? {});
  const completed = completeForm(matter, form, input.values);
  const sortedValues = Object.entries(completed).sort(([a], [b]) => (a < b ? -1 : 1));
  // The digest stands for what the holder submitted: the values and, when any, the materials
  // committed to (a submission without commitments digests as it always did).
  const digest = createHash('sha256')
    .update(JSON.stringify(committed.length === 0 ? sortedValues : { values: sortedValues, committed }))
    .digest('hex');

  let result: Licence | undefined;
  if (matter.output !== undefined) {
    const identity = await ctx.store.db
      .selectFrom('licences')
      .select('packed_document')
      .where('identifier', '=', row.identity_licence ?? '')
      .executeTakeFirstOrThrow();
    const holder = parseLicence(JSON.parse(licenceDocumentOf(identity.packed_document)), {
      legacyHolderCode: true,
    }).metadata;
    const face: Record<string, FormValue> = {};
    for (const [key, mapping] of Object.entries(matter.output.face)) {
      const value = 'field' in mapping ? completed[mapping.field] : mapping.value;
      if (value !== undefined) face[key] = value;
    }
    const today = todayInChina(ctx.now());
    // The department issues through the matter it configured for self-service: the kiosk's
    // client is recorded as the actor, the department as the issuer, for this one type.
    const issuing: ClientPrincipal = {
      kind: 'client',
      clientId: principal.clientId,
      organisationCode: matter.departmentCode,
      scopes: ['licence:issue'],
      licenceTypes: [matter.output.typeCode],
    };
    const issued = await issueLicence(
      ctx,
      issuing,
      {
        certificateTypeCode: matter.output.typeCode,
        certificateIssuingAuthorityCode: matter.departmentCode,
        certificateNumber: `ZZ${today}${row.id.replaceAll('-', '').slice(0, 8).toUpperCase()}`,
        certificateHolderName: holder.certificateHolderName,
        certificateHolderCode: holder.certificateHolderCode,
        certificateHolderTypeCode: holder.certificateHolderTypeCode,
        certificateEffectiveDate: today,
        face,
        sourceKey: `kiosk-${row.id}`,
      },
      { publicUrl: options.publicUrl, requestId: options.requestId, idempotencyKey: `kiosk-${row.id}` },
    );
    result = issued.licence;
  }
  const at = ctx.now().toISOString();
  const resultId = result?.metadata.certificateIdentifier ?? null;
  await ctx.store.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('kiosk_sessions')
      .set({ state: 'submitted', submission_digest: digest, result_licence: resultId, updated_at: at })
      .where('id', '=', row.id)
      .where('state', '=', 'consented')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new ServerError('ERR_KIOSK_STEP', {
        field: 'id',
        params: { id: row.id, state: 'changed', step: 'submit', needed: 'consented' },
      });
    }
    await recordStep(trx, row, 'submitted', actorOfKiosk(principal), at, options.requestId, {
      submission: digest,
      // Which materials the department must check afterwards (告知承诺): keys only, no personal data.
      ...(committed.length === 0 ? {} : { committed }),
      ...(resultId === null ? {} : { resultLicence: resultId }),
    });
  });
  return viewOf(
    ctx,
    { ...row, state: 'submitted', submission_digest: digest, result_licence: resultId, updated_at: at },
    resultId === null || result === undefined ? {} : { result: { identifier: resultId, licence: result } },
  );
}

/** The session as the kiosk's screen needs it now. */
export async function getKioskSession(
  ctx: AppContext,
  principal: ClientPrincipal,
  id: string,
): Promise<KioskSessionView> {
  return viewOf(ctx, await sessionRow(ctx, principal, id));
}
