import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordCatalogueEvent } from './catalogue-event.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Removes a scenario from the usage list. Unknown id → `ERR_CATALOGUE_SCENARIO_NOT_FOUND`.
 *
 * @example await removeScenario(ctx, scenario.id, by);
 */
export async function removeScenario(ctx: AppContext, id: unknown, by: ActingAs): Promise<void> {
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new ServerError('ERR_CATALOGUE_QUERY', {
      field: 'id',
      params: { field: 'id', rule: 'a scenario id (UUID)' },
    });
  }
  const at = ctx.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('catalogue_scenarios').select('type_code').where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new ServerError('ERR_CATALOGUE_SCENARIO_NOT_FOUND', { field: 'id', params: { id } });
    await trx.deleteFrom('catalogue_scenarios').where('id', '=', id).execute();
    await recordCatalogueEvent(trx, 'scenario.removed', row.type_code, by, at, { scenarioId: id });
  });
}
