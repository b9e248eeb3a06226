import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { type Organisation, organisationOf, parseOrganisationInput } from './organisation.js';

/**
 * Registers a department or relying party. The input is parsed strictly
 * (`parseOrganisationInput`); a second registration of one USCC is `ERR_ORGANISATIONS_EXISTS`,
 * also when two race. The row and its audit record are written in one transaction.
 *
 * @example
 * const org = await createOrganisation(ctx, { code: '116500000100000122', name: { zh: '…', en: '…' },
 *   kind: 'department', level: 'provincial', areaCode: '650000' }, { actor: 'staff:u1' });
 */
export async function createOrganisation(ctx: AppContext, input: unknown, by: ActingAs): Promise<Organisation> {
  const parsed = parseOrganisationInput(input);
  const at = ctx.now().toISOString();
  const row = {
    code: parsed.code,
    name_zh: parsed.name.zh,
    name_en: parsed.name.en,
    kind: parsed.kind,
    level: parsed.level,
    area_code: parsed.areaCode,
    created_by: by.actor,
    created_at: at,
    updated_at: at,
  };
  const exists = () => new ServerError('ERR_ORGANISATIONS_EXISTS', { field: 'code', params: { code: parsed.code } });
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('organisations')
        .select('code')
        .where('code', '=', parsed.code)
        .executeTakeFirst();
      if (found !== undefined) throw exists();
      await trx.insertInto('organisations').values(row).execute();
      await recordEvent(trx, {
        type: 'organisation.registered',
        actor: by.actor,
        requestId: by.requestId,
        target: parsed.code,
        details: { kind: parsed.kind, level: parsed.level, areaCode: parsed.areaCode, name: parsed.name },
        at,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw exists();
    throw error;
  }
  return organisationOf(row);
}
