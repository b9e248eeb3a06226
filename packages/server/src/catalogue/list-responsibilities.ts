import { parseUscc, type TypeCode, type Uscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { readLimit } from '../organisations/list-organisations.js';
import { within } from '../organisations/strict-input.js';
import { readTypeCode } from './licence-type-record.js';
import type { Responsibility } from './responsibility.js';
import { countLicencesByResponsibility, progressOf } from './responsibility-progress.js';

export interface ListResponsibilitiesQuery {
  readonly certificateTypeCode?: unknown;
  readonly departmentCode?: unknown;
  /** The `next` cursor of the previous page. */
  readonly after?: unknown;
  readonly limit?: unknown;
}

export interface ResponsibilityPage {
  readonly items: readonly Responsibility[];
  readonly next?: string;
}

// `<typeCode>.<departmentCode>`: the keyset position of an entry.
const CURSOR = /^([0-9A-Z]{21})\.([0-9A-Z]{18})$/;

/**
 * The responsibility list with each entry's progress (licences in the library vs the paper
 * stock), in (type, department) order, a page at a time; filter by type and/or department.
 * Entries of types never published are listed for administrators only (`includeDrafts`).
 *
 * @example const { items } = await listResponsibilities(ctx, { departmentCode: '116500000100000122' });
 */
export async function listResponsibilities(
  ctx: Pick<AppContext, 'store'>,
  query: ListResponsibilitiesQuery = {},
  options: { readonly includeDrafts?: boolean } = {},
): Promise<ResponsibilityPage> {
  const typeCode: TypeCode | undefined =
    query.certificateTypeCode === undefined ? undefined : readTypeCode(query.certificateTypeCode);
  const departmentCode: Uscc | undefined =
    query.departmentCode === undefined ? undefined : within('departmentCode', () => parseUscc(query.departmentCode));
  let after: { type: string; department: string } | undefined;
  if (query.after !== undefined) {
    const m = typeof query.after === 'string' ? CURSOR.exec(query.after) : null;
    if (m === null)
      throw new ServerError('ERR_CATALOGUE_QUERY', {
        field: 'after',
        params: { field: 'after', rule: 'a cursor this server gave out' },
      });
    after = { type: m[1] ?? '', department: m[2] ?? '' };
  }
  const limit = readLimit(query.limit, 'ERR_CATALOGUE_QUERY');
  let select = ctx.store.db
    .selectFrom('catalogue_responsibilities as r')
    .innerJoin('licence_types as t', 't.type_code', 'r.type_code')
    .innerJoin('organisations as o', 'o.code', 'r.department_code')
    .select([
      'r.type_code',
      'r.department_code',
      'r.deadline',
      'r.paper_count',
      'r.updated_at',
      't.name_zh as type_zh',
      't.name_en as type_en',
      'o.name_zh as department_zh',
      'o.name_en as department_en',
    ])
    .orderBy('r.type_code')
    .orderBy('r.department_code')
    .limit(limit + 1);
  if (options.includeDrafts !== true) select = select.where('t.status', '!=', 'draft');
  if (typeCode !== undefined) select = select.where('r.type_code', '=', typeCode);
  if (departmentCode !== undefined) select = select.where('r.department_code', '=', departmentCode);
  if (after !== undefined) {
    const position = after;
    select = select.where((eb) =>
      eb.or([
        eb('r.type_code', '>', position.type),
        eb.and([eb('r.type_code', '=', position.type), eb('r.department_code', '>', position.department)]),
      ]),
    );
  }
  const rows = (await select.execute()).slice(0, limit + 1);
  const page = rows.slice(0, limit);
  const counts = await countLicencesByResponsibility(
    ctx.store.db,
    page.map((r) => ({ typeCode: r.type_code, departmentCode: r.department_code })),
  );
  const items = page.map((r): Responsibility => {
    const paperCount = r.paper_count === null ? undefined : Number(r.paper_count);
    return {
      departmentCode: r.department_code as Uscc,
      departmentName: { zh: r.department_zh, en: r.department_en },
      certificateTypeCode: r.type_code as TypeCode,
      typeName: { zh: r.type_zh, en: r.type_en },
      deadline: r.deadline,
      ...(paperCount === undefined ? {} : { paperCount }),
      progress: progressOf(counts, r.type_code, r.department_code, paperCount),
      updatedAt: r.updated_at,
    };
  });
  const last = page.at(-1);
  return rows.length > limit && last !== undefined
    ? { items, next: `${last.type_code}.${last.department_code}` }
    : { items };
}
