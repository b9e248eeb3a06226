/**
 * Entry registration (亮证登记): a venue's scanner posts the show code a person presents; the
 * node verifies it online (offline checks, status now, replay) and records the entry once —
 * a code admits one entry, node-wide. The register keeps what the code disclosed, ID numbers
 * masked (register-fields.ts).
 */
import { randomUUID } from 'node:crypto';
import { type LicenceType, licenceIdParts, parseLicenceId } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { checkReason } from '../showing/check-reason.js';
import { type OnlineVerdict, verifyOnline } from '../showing/verify-online.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { assertClientKind } from './client-kind.js';
import { type RegisterField, registerFields } from './register-fields.js';
import type { VenueEntriesTable } from './venues.tables.js';

/** What a register line says. */
export interface VenueEntry {
  readonly id: string;
  readonly enteredAt: string;
  /** China Standard Time, `yyyyMMdd`. */
  readonly day: string;
  readonly identifier: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly fields: readonly RegisterField[];
  readonly useCause: string;
}

export interface RegisteredEntry {
  readonly entry: VenueEntry;
  /** The online verdict the entry rests on (absent when an idempotent retry returns the first answer). */
  readonly verdict?: OnlineVerdict;
  /** True when an `Idempotency-Key` retry returned the entry recorded first. */
  readonly replayed: boolean;
}

export interface RegisterEntryInput {
  readonly code?: unknown;
  /** 用证事由; default 入场登记. */
  readonly useCause?: string | undefined;
}

export const DEFAULT_ENTRY_USE_CAUSE = '入场登记';
const MAX_IDEMPOTENCY_KEY = 200;

/** `yyyyMMdd` of an instant in China Standard Time. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** `2026-11-29 12:00:05` in China Standard Time. */
export function chinaTime(at: string): string {
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function entryOf(row: VenueEntriesTable): VenueEntry {
  return {
    id: row.id,
    enteredAt: row.entered_at,
    day: row.day,
    identifier: row.identifier,
    typeCode: row.type_code,
    issuerCode: row.issuer_code,
    fields: JSON.parse(row.fields) as RegisterField[],
    useCause: row.use_cause,
  };
}

function duplicate(row: VenueEntriesTable, organisationCode: string): never {
  const here = row.organisation_code === organisationCode;
  throw new ServerError('ERR_VENUE_ENTRY_DUPLICATE', {
    field: 'code',
    params: {
      enteredAt: `${chinaTime(row.entered_at)} (China Standard Time)`,
      where: here ? ' at this venue' : ' at another venue',
      whereZh: here ? '在本场所' : '在其他场所',
    },
    // The Chinese refusal said "(China Standard Time)" in English inside its sentence.
    zhParams: { enteredAt: `${chinaTime(row.entered_at)}（北京时间）` },
  });
}

async function typeOrUndefined(ctx: AppContext, typeCode: string): Promise<LicenceType | undefined> {
  try {
    return await getLicenceType(ctx, typeCode);
  } catch {
    return undefined;
  }
}

/**
 * Verifies a presented show code online and records the entry once. Throws
 * `ERR_VENUE_CLIENT_KIND` (403) for a client that is not a venue, `ERR_VENUE_SHOW_CODE_ONLY`
 * (400) for anything but a show code, `ERR_VENUE_CODE_NOT_VALID` (422, naming the failed
 * checks) for a code that does not verify, `ERR_VENUE_ENTRY_DUPLICATE` (409, with the time of
 * the first entry) for a code used before. With `idempotencyKey`, a retry returns the first
 * answer.
 *
 * @example const { entry } = await registerEntry(ctx, principal, { code: 'HT1:…' }, { idempotencyKey });
 */
export async function registerEntry(
  ctx: AppContext,
  principal: Principal,
  input: RegisterEntryInput,
  options: NodeTrustListOptions & {
    readonly requestId?: string | undefined;
    readonly idempotencyKey?: string | undefined;
  } = {},
): Promise<RegisteredEntry> {
  const venue = await assertClientKind(ctx, principal, 'venue');
  const { requestId, idempotencyKey, ...listOptions } = options;
  if (idempotencyKey !== undefined && (idempotencyKey === '' || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
    throw new ServerError('ERR_API_BAD_REQUEST', {
      field: 'idempotency-key',
      params: { reason: `an Idempotency-Key is 1 to ${MAX_IDEMPOTENCY_KEY} characters` },
      zhParams: { reason: `Idempotency-Key 须为 1 至 ${MAX_IDEMPOTENCY_KEY} 个字符` },
    });
  }
  const db = ctx.store.db;
  if (idempotencyKey !== undefined) {
    const first = await db
      .selectFrom('venue_entries')
      .selectAll()
      .where('client_id', '=', venue.clientId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (first !== undefined) return { entry: entryOf(first), replayed: true };
  }
  if (typeof input.code !== 'string' || !input.code.startsWith('HT1:')) {
    throw new ServerError('ERR_VENUE_SHOW_CODE_ONLY', { field: 'code' });
  }
  const useCause = input.useCause ?? DEFAULT_ENTRY_USE_CAUSE;
  // Plain verification: the register below, not the nonce register, decides "used before",
  // so that a scanner may check a code before it registers it.
  const verdict = await verifyOnline(
    ctx,
    principal,
    { code: input.code, useCause, mode: 'verify' },
    {
      ...listOptions,
      requestId,
    },
  );
  const shown = verdict.showCode;
  if (!verdict.valid || shown === undefined) {
    const failed = verdict.checks.filter((c) => !c.ok);
    throw new ServerError('ERR_VENUE_CODE_NOT_VALID', {
      field: 'code',
      params: {
        checks: failed.map((c) => c.name).join(', '),
        reason: failed[0]?.reason ?? 'the code could not be read',
      },
      // The check's reason is English: the Chinese problem formats its code's Chinese template.
      zhParams: { reason: failed[0] === undefined ? '无法识读该码' : checkReason(failed[0], 'zh-CN') },
    });
  }
  const used = await db.selectFrom('venue_entries').selectAll().where('nonce', '=', shown.nonce).executeTakeFirst();
  if (used !== undefined) duplicate(used, venue.organisationCode);

  const identifier = parseLicenceId(shown.identifier);
  const { typeCode, issuerCode } = licenceIdParts(identifier);
  const now = ctx.now();
  const row: VenueEntriesTable = {
    id: randomUUID(),
    client_id: venue.clientId,
    organisation_code: venue.organisationCode,
    day: chinaDay(now),
    entered_at: now.toISOString(),
    nonce: shown.nonce,
    identifier,
    type_code: typeCode,
    issuer_code: issuerCode,
    fields: JSON.stringify(registerFields(shown.fields, await typeOrUndefined(ctx, typeCode))),
    use_cause: useCause,
    idempotency_key: idempotencyKey ?? null,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('venue_entries').values(row).execute();
      await recordEvent(trx, {
        type: 'venue.entry-registered',
        actor: actorOf(principal),
        requestId,
        target: identifier,
        useCause,
        details: {
          entryId: row.id,
          typeCode,
          issuerCode,
          venue: venue.organisationCode,
          nonce: hashPersonalData(ctx.secrets, shown.nonce),
          day: row.day,
        },
        at: row.entered_at,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent registration of the same code (or the same Idempotency-Key) won the race.
    const winner =
      (idempotencyKey === undefined
        ? undefined
        : await db
            .selectFrom('venue_entries')
            .selectAll()
            .where('client_id', '=', venue.clientId)
            .where('idempotency_key', '=', idempotencyKey)
            .executeTakeFirst()) ??
      (await db.selectFrom('venue_entries').selectAll().where('nonce', '=', shown.nonce).executeTakeFirst());
    if (winner === undefined) throw error;
    if (
      idempotencyKey !== undefined &&
      winner.idempotency_key === idempotencyKey &&
      winner.client_id === venue.clientId
    ) {
      return { entry: entryOf(winner), replayed: true };
    }
    duplicate(winner, venue.organisationCode);
  }
  return { entry: entryOf(row), verdict, replayed: false };
}
