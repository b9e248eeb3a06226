import { parseUscc } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { within } from '../organisations/strict-input.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { readTypeCode } from './licence-type-record.js';

/**
 * Takes a department off a type's responsibility list: from now on it may not issue the type
 * (licences it issued stay as they are). Unknown entry → `ERR_CATALOGUE_RESPONSIBILITY_NOT_FOUND`.
 *
 * @example await removeResponsibility(ctx, typeCode, departmentCode, by);
 */
export async function removeResponsibility(
  ctx: AppContext,
  typeCode: unknown,
  departmentCode: unknown,
  by: ActingAs,
): Promise<void> {
  const code = readTypeCode(typeCode);
  const department = within('departmentCode', () => parseUscc(departmentCode));
  const at = ctx.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('catalogue_responsibilities')
      .where('type_code', '=', code)
      .where('department_code', '=', department)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) {
      throw new ServerError('ERR_CATALOGUE_RESPONSIBILITY_NOT_FOUND', {
        field: 'departmentCode',
        params: { typeCode: code, departmentCode: department },
      });
    }
    await recordCatalogueEvent(trx, 'responsibility.removed', code, by, at, { departmentCode: department });
  });
}
