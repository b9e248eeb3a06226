import { parseResponsibilityEntry } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { getDepartment } from '../organisations/get-organisation.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { retiredError, typeRow } from './licence-type-record.js';
import type { Responsibility } from './responsibility.js';
import { countLicencesByResponsibility, progressOf } from './responsibility-progress.js';

/**
 * Puts a department on a type's responsibility list, or updates its entry (deadline, paper
 * count): core's `ResponsibilityEntry` (`{ departmentCode, certificateTypeCode, deadline,
 * paperCount? }`, dates `yyyyMMdd` or `yyyy-MM-dd`). The department must be registered as a
 * department and the type be in the catalogue and not retired. Being on the list is what lets
 * a department issue the type (`getIssuableType`).
 *
 * @example await setResponsibility(ctx, { departmentCode, certificateTypeCode, deadline: '2026-12-31', paperCount: 120000 }, by);
 */
export async function setResponsibility(ctx: AppContext, input: unknown, by: ActingAs): Promise<Responsibility> {
  const entry = parseResponsibilityEntry(input, '$');
  let department: Awaited<ReturnType<typeof getDepartment>>;
  try {
    department = await getDepartment(ctx, entry.departmentCode);
  } catch (error) {
    if (error instanceof ServerError) {
      throw new ServerError(error.code, { field: '$.departmentCode', params: error.params, cause: error });
    }
    throw error;
  }
  const at = ctx.now().toISOString();
  const code = entry.certificateTypeCode;
  const paperCount = entry.paperCount ?? null;
  const type = await ctx.store.db.transaction().execute(async (trx) => {
    const row = await typeRow(trx, code);
    if (row.status === 'retired') throw retiredError(code);
    // One statement, so that two concurrent settings of one entry never collide on its key.
    await trx
      .insertInto('catalogue_responsibilities')
      .values({
        type_code: code,
        department_code: department.code,
        deadline: entry.deadline,
        paper_count: paperCount,
        updated_by: by.actor,
        created_at: at,
        updated_at: at,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['type_code', 'department_code'])
          .doUpdateSet({ deadline: entry.deadline, paper_count: paperCount, updated_by: by.actor, updated_at: at }),
      )
      .execute();
    await recordCatalogueEvent(trx, 'responsibility.set', code, by, at, {
      departmentCode: department.code,
      deadline: entry.deadline,
      paperCount,
    });
    return row;
  });
  const counts = await countLicencesByResponsibility(ctx.store.db, [
    { typeCode: code, departmentCode: department.code },
  ]);
  return {
    departmentCode: department.code,
    departmentName: department.name,
    certificateTypeCode: code,
    typeName: { zh: type.name_zh, en: type.name_en },
    deadline: entry.deadline,
    ...(entry.paperCount === undefined ? {} : { paperCount: entry.paperCount }),
    progress: progressOf(counts, code, department.code, entry.paperCount),
    updatedAt: at,
  };
}
