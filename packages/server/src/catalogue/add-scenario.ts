import { randomUUID } from 'node:crypto';
import { parseScenarioEntry } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { retiredError, typeRow } from './licence-type-record.js';
import { type Scenario, scenarioOf } from './scenario.js';

/**
 * Adds a scenario to a type's usage list: where the licence is accepted (a service matter, a
 * venue, or both) — core's `ScenarioEntry`. The type must be in the catalogue and not retired.
 *
 * @example await addScenario(ctx, { certificateTypeCode, venue: '酒店入住', description: '住宿登记时以电子证照替代实体证件' }, by);
 */
export async function addScenario(ctx: AppContext, input: unknown, by: ActingAs): Promise<Scenario> {
  const entry = parseScenarioEntry(input, '$');
  const at = ctx.now().toISOString();
  const row = {
    id: randomUUID(),
    type_code: entry.certificateTypeCode,
    matter_code: entry.matterCode ?? null,
    venue: entry.venue ?? null,
    description: entry.description,
    created_by: by.actor,
    created_at: at,
  };
  await ctx.store.db.transaction().execute(async (trx) => {
    const type = await typeRow(trx, entry.certificateTypeCode);
    if (type.status === 'retired') throw retiredError(entry.certificateTypeCode);
    await trx.insertInto('catalogue_scenarios').values(row).execute();
    await recordCatalogueEvent(trx, 'scenario.added', entry.certificateTypeCode, by, at, {
      scenarioId: row.id,
      matterCode: row.matter_code,
      venue: row.venue,
    });
  });
  return scenarioOf(row);
}
