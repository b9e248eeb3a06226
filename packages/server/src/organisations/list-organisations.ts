import { parseUscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind, organisationOf } from './organisation.js';
import { readOneOf } from './strict-input.js';

export interface ListOrganisationsQuery {
  readonly kind?: unknown;
  /** The `next` cursor of the previous page. */
  readonly after?: unknown;
  /** 1–500, default 100. */
  readonly limit?: unknown;
}

export interface OrganisationPage {
  readonly items: readonly Organisation[];
  /** Present when there may be more: pass it as `after`. */
  readonly next?: string;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/**
 * Reads a page size from a query value (a string from a URL, or a number).
 *
 * @example readLimit('25', 'ERR_ORGANISATIONS_INPUT') // 25
 */
export function readLimit(value: unknown, code: 'ERR_ORGANISATIONS_INPUT' | 'ERR_CATALOGUE_QUERY'): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const n = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new ServerError(code, {
      field: 'limit',
      params: { field: 'limit', rule: `an integer from 1 to ${MAX_PAGE_SIZE}` },
    });
  }
  return n;
}

/**
 * Organisations in code order, a page at a time (keyset pagination: the cursor is the last
 * code seen, so pages stay stable while rows are added).
 *
 * @example const { items, next } = await listOrganisations(ctx, { kind: 'department', limit: 50 });
 */
export async function listOrganisations(
  ctx: Pick<AppContext, 'store'>,
  query: ListOrganisationsQuery = {},
): Promise<OrganisationPage> {
  const kind: OrganisationKind | undefined =
    query.kind === undefined ? undefined : readOneOf('ERR_ORGANISATIONS_INPUT', query.kind, 'kind', ORGANISATION_KINDS);
  let after: string | undefined;
  if (query.after !== undefined) {
    try {
      after = parseUscc(query.after);
    } catch (cause) {
      throw new ServerError('ERR_ORGANISATIONS_CURSOR', { field: 'after', cause });
    }
  }
  const limit = readLimit(query.limit, 'ERR_ORGANISATIONS_INPUT');
  let select = ctx.store.db
    .selectFrom('organisations')
    .selectAll()
    .orderBy('code')
    .limit(limit + 1);
  if (kind !== undefined) select = select.where('kind', '=', kind);
  if (after !== undefined) select = select.where('code', '>', after);
  const rows = await select.execute();
  const items = rows.slice(0, limit).map(organisationOf);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, next: last.code } : { items };
}
