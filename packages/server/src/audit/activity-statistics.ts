import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/database.js';

/** The actions the dashboard counts: issuance, status changes, verifications, reads and searches. */
export const ACTIVITY_ACTIONS = [
  'licence.issued',
  'licence.status',
  'licence.verify',
  'licence.read',
  'licence.query',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export interface ActivityDay {
  /** yyyy-MM-dd, China Standard Time (UTC+8, the platform's reference clock). */
  readonly day: string;
  readonly counts: Readonly<Record<ActivityAction, number>>;
}

export interface ActivityStatistics {
  readonly days: readonly ActivityDay[];
  readonly totals: Readonly<Record<ActivityAction, number>>;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const zero = (): Record<ActivityAction, number> =>
  Object.fromEntries(ACTIVITY_ACTIONS.map((action) => [action, 0])) as Record<ActivityAction, number>;

/** The China day (yyyy-MM-dd) of an instant. */
function chinaDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Activity per China day over the last `days` days (today included), from the audit trail:
 * one grouped count by UTC hour and action over the `at` index (`audit_records_at`), each hour
 * then placed in its China day (hours, not days, are grouped in SQL so that the +8 h shift
 * needs no dialect-specific date function). Days without activity are present with zeros.
 *
 * @example const { days } = await activityStatistics(store.db, { days: 30, now: new Date() });
 */
export async function activityStatistics(
  db: Kysely<Database>,
  options: { readonly days: number; readonly now: Date },
): Promise<ActivityStatistics> {
  const today = Math.floor((options.now.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const start = today - (options.days - 1) * DAY_MS;
  const hour = sql<string>`substr(${sql.ref('at')}, 1, 13)`;
  const rows = await db
    .selectFrom('audit_records')
    .select((eb) => [hour.as('hour'), 'action', eb.fn.countAll<number | string>().as('count')])
    .where('at', '>=', new Date(start).toISOString())
    .where('action', 'in', [...ACTIVITY_ACTIONS])
    .groupBy([hour, 'action'])
    .execute();
  // A chunk record (audit/append-chunk-audit.ts) is one record for all the licences it lists:
  // it counts as its `audit_licences` rows, not as 1. Per hour and action, the rows of the
  // chunk records of the window and how many records they belong to.
  const chunkHour = sql<string>`substr(${sql.ref('audit_records.at')}, 1, 13)`;
  const chunks = await db
    .selectFrom('audit_records')
    .innerJoin('audit_licences', 'audit_licences.seq', 'audit_records.seq')
    .select((eb) => [
      chunkHour.as('hour'),
      'audit_records.action',
      eb.fn.countAll<number | string>().as('licences'),
      eb.fn.count<number | string>('audit_records.seq').distinct().as('records'),
    ])
    .where('audit_records.at', '>=', new Date(start).toISOString())
    .where('audit_records.action', 'in', [...ACTIVITY_ACTIONS])
    .groupBy([chunkHour, 'audit_records.action'])
    .execute();
  for (const chunk of chunks) {
    rows.push({ hour: chunk.hour, action: chunk.action, count: Number(chunk.licences) - Number(chunk.records) });
  }
  const days = new Map<string, Record<ActivityAction, number>>();
  for (let ms = start; ms <= today; ms += DAY_MS) days.set(chinaDay(ms), zero());
  const totals = zero();
  for (const row of rows) {
    const at = Date.parse(`${row.hour}:00:00Z`);
    const counts = Number.isNaN(at) ? undefined : days.get(chinaDay(at));
    if (counts === undefined) continue; // a record stamped after now (clock skew) is not a day of the window
    const action = row.action as ActivityAction;
    counts[action] += Number(row.count);
    totals[action] += Number(row.count);
  }
  return { days: [...days].map(([day, counts]) => ({ day, counts })), totals };
}
