import type { TypeCode } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { readLimit } from '../organisations/list-organisations.js';
import { readTypeCode } from './licence-type-record.js';
import { type Scenario, scenarioOf } from './scenario.js';

export interface ListScenariosQuery {
  readonly certificateTypeCode?: unknown;
  readonly after?: unknown;
  readonly limit?: unknown;
}

export interface ScenarioPage {
  readonly items: readonly Scenario[];
  readonly next?: string;
}

const CURSOR = /^([0-9A-Z]{21})\.([0-9a-f-]{36})$/;

/**
 * The scenario list in (type, id) order, a page at a time, optionally for one type. Entries
 * of types never published are listed for administrators only (`includeDrafts`).
 *
 * @example const { items } = await listScenarios(ctx, { certificateTypeCode: '11100000000013338W032' });
 */
export async function listScenarios(
  ctx: Pick<AppContext, 'store'>,
  query: ListScenariosQuery = {},
  options: { readonly includeDrafts?: boolean } = {},
): Promise<ScenarioPage> {
  const typeCode: TypeCode | undefined =
    query.certificateTypeCode === undefined ? undefined : readTypeCode(query.certificateTypeCode);
  let after: { type: string; id: string } | undefined;
  if (query.after !== undefined) {
    const m = typeof query.after === 'string' ? CURSOR.exec(query.after) : null;
    if (m === null)
      throw new ServerError('ERR_CATALOGUE_QUERY', {
        field: 'after',
        params: { field: 'after', rule: 'a cursor this server gave out' },
      });
    after = { type: m[1] ?? '', id: m[2] ?? '' };
  }
  const limit = readLimit(query.limit, 'ERR_CATALOGUE_QUERY');
  let select = ctx.store.db
    .selectFrom('catalogue_scenarios as s')
    .innerJoin('licence_types as t', 't.type_code', 's.type_code')
    .selectAll('s')
    .orderBy('s.type_code')
    .orderBy('s.id')
    .limit(limit + 1);
  if (options.includeDrafts !== true) select = select.where('t.status', '!=', 'draft');
  if (typeCode !== undefined) select = select.where('s.type_code', '=', typeCode);
  if (after !== undefined) {
    const position = after;
    select = select.where((eb) =>
      eb.or([
        eb('s.type_code', '>', position.type),
        eb.and([eb('s.type_code', '=', position.type), eb('s.id', '>', position.id)]),
      ]),
    );
  }
  const rows = await select.execute();
  const items = rows.slice(0, limit).map(scenarioOf);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined
    ? { items, next: `${last.certificateTypeCode}.${last.id}` }
    : { items };
}
