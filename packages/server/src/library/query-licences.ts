import { type Licence, parseLicence } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { type IdentifierRange, licenceRange, typeCodesFrom, unindexed } from './licence-ranges.js';
import { licenceDocumentOf } from './licence-records.js';

/** One filter of the library. Holder lookups go by keyed hash (`holderIndexes`: current and earlier keys). */
export interface LicenceFilter {
  readonly holderIndexes?: readonly string[];
  readonly typeCode?: string;
  readonly issuerCode?: string;
  readonly status?: string;
  /** Restricts the answer to these types, OR to this issuer's own licences (a client's reach). */
  readonly reach?: { readonly typeCodes: readonly string[] | '*'; readonly ownIssuer?: string | undefined };
}

export interface LicencePage {
  readonly items: ReadonlyArray<{ readonly licence: Licence; readonly status: string }>;
  /** Pass back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export const MAX_PAGE = 100;

/**
 * Opaque keyset cursor (the last identifier of a page), so that a page never shifts when
 * licences are added: `identifier > after ORDER BY identifier` walks the index.
 */
export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string' && value.after.length > 0 && value.after.length <= 200) return value.after;
  } catch {
    // fall through to the typed refusal
  }
  throw new ServerError('ERR_LIBRARY_CURSOR_INVALID', { field: 'cursor' });
}

/**
 * A page of the library by holder, type and/or issuer, in identifier order, each licence
 * with its current status. At least one of holder, type, issuer is required (no full scans
 * by accident).
 *
 * @example const page = await queryLicences(store.db, { typeCode }, { limit: 50 });
 */
export async function queryLicences(
  db: Kysely<Database>,
  filter: LicenceFilter,
  page: { readonly limit?: number; readonly cursor?: string | undefined } = {},
): Promise<LicencePage> {
  if (filter.holderIndexes === undefined && filter.typeCode === undefined && filter.issuerCode === undefined) {
    throw new ServerError('ERR_LIBRARY_QUERY_FILTER', { field: 'query' });
  }
  const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_PAGE);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const select = (range: IdentifierRange | undefined, take: number) => {
    let query = db.selectFrom('licences').select(['identifier', 'packed_document', 'status']);
    const holderIndexes = filter.holderIndexes;
    if (holderIndexes !== undefined) {
      // As a subquery: the planner first lists the holder's few identifiers from the holder
      // index, then checks the other filters by identifier.
      query = query.where('identifier', 'in', (eb) =>
        eb
          .selectFrom('licences as h')
          .select('h.identifier')
          .where('h.holder_index', 'in', [...holderIndexes]),
      );
    }
    if (range !== undefined) query = query.where('identifier', '>=', range.from).where('identifier', '<', range.below);
    // The holder subquery or the range is the way in; the rest only filters (see `unindexed`).
    if (filter.typeCode !== undefined) query = query.where(unindexed('type_code'), '=', filter.typeCode);
    if (filter.issuerCode !== undefined) query = query.where(unindexed('issuer_code'), '=', filter.issuerCode);
    if (filter.status !== undefined) query = query.where(unindexed('status'), '=', filter.status);
    const reach = filter.reach;
    if (reach !== undefined && reach.typeCodes !== '*') {
      const types = [...reach.typeCodes];
      query = query.where((eb) => {
        const alternatives = [];
        if (types.length > 0) alternatives.push(eb(unindexed('type_code'), 'in', types));
        if (reach.ownIssuer !== undefined) alternatives.push(eb(unindexed('issuer_code'), '=', reach.ownIssuer));
        // Reaching nothing: a condition no row meets.
        return alternatives.length === 0 ? eb('identifier', '=', '') : eb.or(alternatives);
      });
    }
    if (after !== undefined) query = query.where('identifier', '>', after);
    return query.orderBy('identifier').limit(take).execute();
  };

  let rows: Array<{ identifier: string; packed_document: Uint8Array; status: string }>;
  if (filter.holderIndexes !== undefined) {
    rows = await select(undefined, limit + 1);
  } else if (filter.typeCode !== undefined) {
    // A type (and issuer): one range of the primary key (licence-ranges.ts, migration 0024).
    rows = await select(licenceRange(filter.typeCode, filter.issuerCode), limit + 1);
  } else {
    // An issuer alone: one range per type, types in identifier order, until the page is full.
    const issuerCode = filter.issuerCode as string;
    const reach = filter.reach;
    rows = [];
    for await (const typeCode of typeCodesFrom(db, after ?? '')) {
      // A type the caller cannot reach holds no row for it: not even scanned.
      const reachable =
        reach === undefined ||
        reach.typeCodes === '*' ||
        reach.typeCodes.includes(typeCode) ||
        reach.ownIssuer === issuerCode;
      if (!reachable) continue;
      rows.push(...(await select(licenceRange(typeCode, issuerCode), limit + 1 - rows.length)));
      if (rows.length > limit) break;
    }
  }
  const items = rows.slice(0, limit).map((row) => ({
    licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true }),
    status: row.status,
  }));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, ...(last === undefined ? {} : { nextCursor: encodeCursor(last.identifier) }) };
}
