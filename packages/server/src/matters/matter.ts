/**
 * A service matter (政务服务事项): what a holder applies for, the materials it needs (licence
 * types, with "any one of" groups, or materials that are not licences), the form with each
 * field mapped to a licence field path, a holder attribute or the holder's own input, and
 * optionally the licence it produces (issued back to the holder at once, self-service).
 */
// The document's types (Material, FormField, MatterContent …) are core's: one definition for
// the node and the web (@hutong/core matters/matter.ts).
import type { MatterContent } from '@hutong/core';
import type { MattersTable } from './matters.tables.js';

export interface Matter extends MatterContent {
  readonly code: string;
  readonly version: number;
  readonly updatedAt: string;
}

/** The content of a stored document (JSON written by `saveMatter` after validation). */
export function matterOf(row: Pick<MattersTable, 'code' | 'version' | 'document' | 'updated_at'>): Matter {
  const content = JSON.parse(row.document) as MatterContent;
  return { code: row.code, version: row.version, ...content, updatedAt: row.updated_at };
}

/** The licence types a matter's materials name, in order, without repeats. */
export function materialTypes(matter: Pick<MatterContent, 'materials'>): string[] {
  const types: string[] = [];
  for (const material of matter.materials) {
    if (material.kind !== 'licence') continue;
    for (const code of material.anyOf) if (!types.includes(code)) types.push(code);
  }
  return types;
}
