import type { Kysely } from 'kysely';
import { licenceRange, unindexed } from '../library/licence-ranges.js';
import type { Database } from '../store/database.js';

/** How far a department has come with one type: licences it has in the library, by origin. */
export interface ResponsibilityProgress {
  /** Distinct licences (all versions of one count once) issued or aggregated electronically, or converted from paper stock. */
  readonly electronic: number;
  readonly issued: number;
  readonly aggregated: number;
  readonly imported: number;
  /** electronic ÷ paper count, when the paper count is known and not zero. */
  readonly ratio?: number;
}

/** `<typeCode> <departmentCode>`: the key of one responsibility entry. */
export function progressKey(typeCode: string, departmentCode: string): string {
  return `${typeCode} ${departmentCode}`;
}

/**
 * Counts the library's licences for a set of (type, department) pairs — the progress of the
 * responsibility list (应制尽制、应归尽归). One grouped count over the `licences` table
 * (migration 0003: `type_code`, `issuer_code`, `origin`, `series`); a licence's versions
 * share its series and count once.
 *
 * @example const counts = await countLicencesByResponsibility(db, [{ typeCode, departmentCode }]);
 */
export async function countLicencesByResponsibility(
  db: Kysely<Database>,
  pairs: ReadonlyArray<{ readonly typeCode: string; readonly departmentCode: string }>,
): Promise<Map<string, Omit<ResponsibilityProgress, 'ratio'>>> {
  const out = new Map<string, { electronic: number; issued: number; aggregated: number; imported: number }>();
  if (pairs.length === 0) return out;
  const typeCodes = [...new Set(pairs.map((p) => p.typeCode))];
  const departments = [...new Set(pairs.map((p) => p.departmentCode))];
  const rows = await db
    .selectFrom('licences')
    .select((eb) => [
      'type_code',
      'issuer_code',
      'origin',
      eb.fn.count<number | string>('series').distinct().as('count'),
    ])
    // Each pair's licences are one range of the primary key (library/licence-ranges.ts; the
    // type and issuer indexes went in migration 0024).
    .where((eb) =>
      eb.or(
        pairs.map((p) => {
          const range = licenceRange(p.typeCode, p.departmentCode);
          return eb.and([eb('identifier', '>=', range.from), eb('identifier', '<', range.below)]);
        }),
      ),
    )
    .where(unindexed('type_code'), 'in', typeCodes)
    .where(unindexed('issuer_code'), 'in', departments)
    .groupBy(['type_code', 'issuer_code', 'origin'])
    .execute();
  for (const row of rows) {
    const key = progressKey(row.type_code, row.issuer_code);
    const entry = out.get(key) ?? { electronic: 0, issued: 0, aggregated: 0, imported: 0 };
    const count = Number(row.count);
    entry.electronic += count;
    if (row.origin === 'issued' || row.origin === 'aggregated' || row.origin === 'imported') entry[row.origin] += count;
    out.set(key, entry);
  }
  return out;
}

/** The progress of one entry from the counts, with its ratio to the paper stock. */
export function progressOf(
  counts: Map<string, Omit<ResponsibilityProgress, 'ratio'>>,
  typeCode: string,
  departmentCode: string,
  paperCount: number | undefined,
): ResponsibilityProgress {
  const counted = counts.get(progressKey(typeCode, departmentCode)) ?? {
    electronic: 0,
    issued: 0,
    aggregated: 0,
    imported: 0,
  };
  return paperCount === undefined || paperCount === 0
    ? counted
    : { ...counted, ratio: counted.electronic / paperCount };
}
