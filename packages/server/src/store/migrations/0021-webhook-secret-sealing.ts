// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Webhook secrets sealed at rest (issue 3): `webhook_subscriptions.secret` now holds a value
 * sealed under the master key (`secrets/sealed-value.ts`), and `master_key_id` names the key,
 * as for the other sealed columns (`issuer_keys`, `log_keys`, `node_keys`). A migration has
 * no master key (it lives outside the database), so rows written before this one keep their
 * clear secret with `master_key_id` null; `sealClearValues` (`secrets/seal-clear-values.ts`)
 * seals them when a server starts, and a master-key rotation seals any it still finds.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_subscriptions').addColumn('master_key_id', 'text').execute();
}
