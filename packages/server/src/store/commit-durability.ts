/**
 * How durable a commit is when its caller is answered: two contracts (docs/design/durability.md).
 *
 * - **full** (issuance, status events, every other write; issue 3, item 1): the commit is on
 *   disk — it survives a power cut. SQLite: WAL fsync before the answer (`WalSync`);
 *   PostgreSQL: its default synchronous commit.
 * - **process-kill** (the records of reads and verifications that go through the group commit:
 *   access/usage records with their audit record, show-code nonces): the commit is in the
 *   engine's log and visible to every connection — it survives a kill of the node's process —
 *   and reaches the disk with the next fsync (the next full commit's, or a round at most
 *   `PROCESS_KILL_SYNC_DELAY_MS` later; PostgreSQL: the WAL writer). A power cut can lose only
 *   the latest such commits: the log is one sequence, so what is lost is a suffix, after every
 *   full commit that was answered.
 *
 * The operator can ask for full durability for access records too
 * (`HUTONG_ACCESS_RECORDS_DURABILITY=full`).
 */
import type { Kysely, Transaction } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from './database.js';

/** The durability of access records (group commit): `process-kill` (default) or `full`. */
export const ACCESS_RECORDS_DURABILITIES = ['process-kill', 'full'] as const;
export type AccessRecordsDurability = (typeof ACCESS_RECORDS_DURABILITIES)[number];

/** The environment variable of the setting (README, "Settings"). */
export const ACCESS_RECORDS_DURABILITY_VARIABLE = 'HUTONG_ACCESS_RECORDS_DURABILITY';

/**
 * The setting from the environment: unset or empty is the default `process-kill`; anything but
 * the two values refuses the start (`ERR_STORE_SETTING_INVALID`, naming the variable).
 *
 * @example accessRecordsDurabilityFromEnv({ HUTONG_ACCESS_RECORDS_DURABILITY: 'full' }) // 'full'
 */
export function accessRecordsDurabilityFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): AccessRecordsDurability {
  const value = env[ACCESS_RECORDS_DURABILITY_VARIABLE];
  if (value === undefined || value === '') return 'process-kill';
  if ((ACCESS_RECORDS_DURABILITIES as readonly string[]).includes(value)) return value as AccessRecordsDurability;
  throw new ServerError('ERR_STORE_SETTING_INVALID', {
    field: ACCESS_RECORDS_DURABILITY_VARIABLE,
    params: { setting: ACCESS_RECORDS_DURABILITY_VARIABLE, allowed: ACCESS_RECORDS_DURABILITIES.join(', ') },
  });
}

/** What a group-commit transaction calls first: relaxes its commit, or does nothing under `full`. */
export type AccessRecordsCommit = (trx: Transaction<Database>) => Promise<void>;

const accessRecordCommits = new WeakMap<Kysely<Database>, AccessRecordsCommit>();
const accessRecordDurabilities = new WeakMap<Kysely<Database>, AccessRecordsDurability>();

/** `openStore` registers the store's dialect and setting. */
export function registerAccessRecordsCommit(
  db: Kysely<Database>,
  durability: AccessRecordsDurability,
  relaxCommit: <DB>(trx: Transaction<DB>) => Promise<void>,
): void {
  accessRecordCommits.set(db, durability === 'full' ? async () => {} : relaxCommit);
  accessRecordDurabilities.set(db, durability);
}

/**
 * The durability of access records for the store behind `db` (`full` for a store opened
 * without `openStore`, whose commits stay full).
 *
 * @example if (accessRecordsDurabilityFor(store.db) === 'full') …
 */
export function accessRecordsDurabilityFor(db: Kysely<Database>): AccessRecordsDurability {
  return accessRecordDurabilities.get(db) ?? 'full';
}

/**
 * The commit rule of access records for the store behind `db` (a store opened without
 * `openStore` has none: its commits stay full).
 *
 * @example await accessRecordsCommitFor(store.db)(trx); // first thing in the transaction
 */
export function accessRecordsCommitFor(db: Kysely<Database>): AccessRecordsCommit {
  return accessRecordCommits.get(db) ?? (async () => {});
}
