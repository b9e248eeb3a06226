import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';

export interface Count<K extends string> {
  readonly count: number;
  readonly key: K;
}

/** The library in figures: licences by type, by issuing department and by status. */
export interface LicenceStatistics {
  /** Licences in the library, each counted once at its current version. */
  readonly total: number;
  readonly byType: ReadonlyArray<{ readonly certificateTypeCode: string; readonly count: number }>;
  readonly byIssuer: ReadonlyArray<{ readonly issuerCode: string; readonly count: number }>;
  readonly byStatus: ReadonlyArray<{ readonly status: string; readonly count: number }>;
  /** How each licence came to be in the library. */
  readonly byOrigin: ReadonlyArray<{ readonly origin: string; readonly count: number }>;
}

function sorted<K extends string>(counts: Map<string, number>, name: K): Array<Record<K, string> & { count: number }> {
  return [...counts]
    .map(([key, count]) => ({ [name]: key, count }) as Record<K, string> & { count: number })
    .sort((a, b) => b.count - a.count || (a[name] < b[name] ? -1 : 1));
}

function add(map: Map<string, number>, key: string, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/**
 * Counts the library's licences at their current version (a version replaced by a newer one is
 * `superseded` and left out, so each licence counts once): one grouped scan of `licences` by
 * type, issuer, status and origin, folded into the four breakdowns. No personal data is read.
 *
 * @example const { total, byStatus } = await licenceStatistics(store.db);
 */
export async function licenceStatistics(db: Kysely<Database>): Promise<LicenceStatistics> {
  const rows = await db
    .selectFrom('licences')
    .select((eb) => ['type_code', 'issuer_code', 'status', 'origin', eb.fn.countAll<number | string>().as('count')])
    .where('status', '!=', 'superseded')
    .groupBy(['type_code', 'issuer_code', 'status', 'origin'])
    .execute();
  const byType = new Map<string, number>();
  const byIssuer = new Map<string, number>();
  const byStatus = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    // node-postgres reads a count (bigint) as a string.
    const count = Number(row.count);
    total += count;
    add(byType, row.type_code, count);
    add(byIssuer, row.issuer_code, count);
    add(byStatus, row.status, count);
    add(byOrigin, row.origin, count);
  }
  return {
    total,
    byType: sorted(byType, 'certificateTypeCode'),
    byIssuer: sorted(byIssuer, 'issuerCode'),
    byStatus: sorted(byStatus, 'status'),
    byOrigin: sorted(byOrigin, 'origin'),
  };
}
