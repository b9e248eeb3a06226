import type { TypeCode } from '@hutong/core';
import type { CatalogueScenariosTable } from './catalogue.tables.js';

/** One entry of the scenario (usage) list: core's `ScenarioEntry` with its id. */
export interface Scenario {
  readonly id: string;
  readonly certificateTypeCode: TypeCode;
  readonly matterCode?: string;
  readonly venue?: string;
  readonly description: string;
  readonly createdAt: string;
}

export function scenarioOf(row: CatalogueScenariosTable): Scenario {
  return {
    id: row.id,
    certificateTypeCode: row.type_code as TypeCode,
    ...(row.matter_code === null ? {} : { matterCode: row.matter_code }),
    ...(row.venue === null ? {} : { venue: row.venue }),
    description: row.description,
    createdAt: row.created_at,
  };
}
