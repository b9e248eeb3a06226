/**
 * The venue's daily register: its own entries of one day (China Standard Time), as JSON or as
 * CSV for export. A venue's organisation sees the entries of all its scanners, nobody else's.
 */
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { assertClientKind } from './client-kind.js';
import { chinaDay, chinaTime, entryOf, type VenueEntry } from './register-entry.js';

export interface VenueRegister {
  /** `yyyyMMdd`, China Standard Time. */
  readonly date: string;
  readonly venue: string;
  readonly entries: readonly VenueEntry[];
}

const DAY = /^(\d{4})(\d{2})(\d{2})$/;

function readDate(value: unknown, now: Date): string {
  if (value === undefined) return chinaDay(now);
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  const valid =
    m !== null &&
    (() => {
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return (
        d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
      );
    })();
  if (!valid) throw new ServerError('ERR_VENUE_DATE', { field: 'date' });
  return value as string;
}

/**
 * The register of one day (default: today, China Standard Time), oldest first. Reading it is
 * recorded (`venue.register-read`).
 *
 * @example const { entries } = await listEntries(ctx, principal, { date: '20261129' });
 */
export async function listEntries(
  ctx: AppContext,
  principal: Principal,
  query: { readonly date?: string | undefined },
  options: { readonly requestId?: string | undefined; readonly format?: 'json' | 'csv' } = {},
): Promise<VenueRegister> {
  const venue = await assertClientKind(ctx, principal, 'venue');
  const date = readDate(query.date, ctx.now());
  const rows = await ctx.store.db
    .selectFrom('venue_entries')
    .selectAll()
    .where('organisation_code', '=', venue.organisationCode)
    .where('day', '=', date)
    .orderBy('entered_at')
    .orderBy('id')
    .execute();
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'venue.register-read',
    target: venue.organisationCode,
    useCause: undefined,
    requestId: options.requestId,
    details: { date, entries: rows.length, format: options.format ?? 'json' },
    at: ctx.now().toISOString(),
  });
  return { date, venue: venue.organisationCode, entries: rows.map(entryOf) };
}

/** One CSV cell (RFC 4180), defused for spreadsheets: a leading = + - @ would start a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The register as CSV (UTF-8 with a byte-order mark, so that spreadsheet software reads the
 * Chinese): time (China Standard Time), licence type, identifier, issuer, the disclosed
 * fields as `label：value` (ID numbers masked), use cause.
 */
export function registerCsv(register: VenueRegister): string {
  const lines = [
    ['登记时间（北京时间）', '证照类型代码', '证照标识', '发证机构代码', '出示信息', '用证事由'].map(cell).join(','),
  ];
  for (const entry of register.entries) {
    lines.push(
      [
        chinaTime(entry.enteredAt),
        entry.typeCode,
        entry.identifier,
        entry.issuerCode,
        entry.fields.map((f) => `${f.label}：${String(f.value)}`).join('；'),
        entry.useCause,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
