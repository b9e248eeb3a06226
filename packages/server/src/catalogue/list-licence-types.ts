import { LICENCE_TYPE_STATUSES, type LicenceType, type LicenceTypeStatus, type TypeCode } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { readLimit } from '../organisations/list-organisations.js';
import { readOneOf } from '../organisations/strict-input.js';
import { documentOf, readTypeCode } from './licence-type-record.js';

export interface ListLicenceTypesQuery {
  /** `published` (default), `retired`, or `draft` (administrators only). */
  readonly status?: unknown;
  /** The `next` cursor of the previous page: the last type code seen. */
  readonly after?: unknown;
  /** 1–500, default 100. */
  readonly limit?: unknown;
}

export interface LicenceTypePage {
  readonly items: readonly LicenceType[];
  readonly next?: string;
}

/**
 * Licence types of one status in type-code order, each at its version in force (a draft type
 * at its draft), a page at a time (keyset pagination on the type code).
 *
 * @example const { items } = await listLicenceTypes(ctx, { status: 'published' });
 */
export async function listLicenceTypes(
  ctx: Pick<AppContext, 'store'>,
  query: ListLicenceTypesQuery = {},
  options: { readonly includeDrafts?: boolean } = {},
): Promise<LicenceTypePage> {
  const status: LicenceTypeStatus =
    query.status === undefined
      ? 'published'
      : readOneOf('ERR_CATALOGUE_QUERY', query.status, 'status', LICENCE_TYPE_STATUSES);
  if (status === 'draft' && options.includeDrafts !== true) {
    throw new ServerError('ERR_CATALOGUE_QUERY', {
      field: 'status',
      params: { field: 'status', rule: 'drafts are listed for catalogue administrators only' },
    });
  }
  const after: TypeCode | undefined = query.after === undefined ? undefined : readTypeCode(query.after, 'after');
  const limit = readLimit(query.limit, 'ERR_CATALOGUE_QUERY');
  let select = ctx.store.db
    .selectFrom('licence_types as t')
    .innerJoin('licence_type_versions as v', (join) =>
      join
        .onRef('v.type_code', '=', 't.type_code')
        // The version in force; a type never published is listed at its draft.
        .on((eb) =>
          eb.or([
            eb('v.version', '=', eb.ref('t.published_version')),
            eb.and([eb('t.published_version', 'is', null), eb('v.version', '=', eb.ref('t.latest_version'))]),
          ]),
        ),
    )
    .select(['t.type_code', 'v.document', 'v.version', 'v.status'])
    .where('t.status', '=', status)
    .orderBy('t.type_code')
    .limit(limit + 1);
  if (after !== undefined) select = select.where('t.type_code', '>', after);
  const rows = await select.execute();
  const items = rows.slice(0, limit).map(documentOf);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, next: last.certificateTypeCode } : { items };
}
