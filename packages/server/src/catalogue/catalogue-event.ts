import type { Transaction } from 'kysely';
import type { ActingAs } from '../app-context.js';
import { recordEvent } from '../events/record-event.js';
import type { Database } from '../store/database.js';

/** What changed in the catalogue, as its `catalogue.changed` event names it. */
export type CatalogueAction =
  | 'type.created'
  | 'type.draft-saved'
  | 'type.published'
  | 'type.retired'
  | 'responsibility.set'
  | 'responsibility.removed'
  | 'scenario.added'
  | 'scenario.removed';

/** The audit record (and further side records) of a catalogue change, in the caller's transaction. */
export async function recordCatalogueEvent(
  trx: Transaction<Database>,
  action: CatalogueAction,
  target: string,
  by: ActingAs,
  at: string,
  details: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  await recordEvent(trx, {
    type: 'catalogue.changed',
    actor: by.actor,
    requestId: by.requestId,
    target,
    details: { action, ...details },
    at,
  });
}
