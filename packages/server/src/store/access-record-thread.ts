/**
 * The access-record writer thread (store/access-record-writer.ts starts it): its own SQLite
 * connection to the store's file, on which it appends every access record the process posts,
 * all records waiting at the moment in one transaction (the group commit of docs/design/
 * write-path-budget.md proposal 4), and answers each batch once the transaction holding it
 * committed. The chain head is read inside that transaction (`BEGIN IMMEDIATE`, then the head
 * row's `UPDATE … RETURNING`), so the main connection's own appends (issuance, events …) and
 * these interleave as one chain in commit order (audit/append-audit.ts).
 *
 * Durability as the main connection's group commit had it (store/commit-durability.ts):
 * `relaxed` (process-kill) answers after COMMIT and leaves the WAL fsync to a round at most
 * `PROCESS_KILL_SYNC_DELAY_MS` later; `full` answers after the fsync covering the commit. The
 * WAL is one file whichever connection appends to it, so a fsync by either connection covers
 * every frame written before it (durability.md, "The log is one sequence").
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { Kysely, SqliteDialect } from 'kysely';
import { appendCanonicalAuditRecordsSqlite } from '../audit/append-audit.js';
import type { NonceSighting } from '../showing/record-nonce.js';
import { recordNoncesSqlite } from '../showing/record-nonces-sqlite.js';
import type { AccessRecordReply, AccessRecordRequest, AccessRecordThreadData } from './access-record-writer.js';
import type { Database } from './database.js';
import { cachingDatabase, openSqliteWriterConnection, type SqliteStatements, WalSync } from './dialects/sqlite.js';

const port = parentPort;
if (port === null) throw new Error('access-record-thread runs as a worker thread');
const { file, relaxed, mmapBytes } = workerData as AccessRecordThreadData;

const connection = openSqliteWriterConnection(file);
if (mmapBytes > 0) connection.pragma(`mmap_size = ${mmapBytes}`);
const cached = cachingDatabase(connection);
const statements: SqliteStatements = {
  prepare: (text) => cached.prepare(text) as unknown as ReturnType<SqliteStatements['prepare']>,
};
// Compiles statement texts only (append-audit.ts, insert-rows.ts); never runs a query.
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
const sync = new WalSync(file);
let closing = false;

function reply(message: AccessRecordReply): void {
  port?.postMessage(message);
}

/** One transaction for every batch posted so far; each batch answered with its records' seq and hashes. */
function commit(batches: readonly Extract<AccessRecordRequest, { type: 'append' }>[]): void {
  const fields = batches.length === 1 ? (batches[0]?.fields ?? []) : batches.flatMap((b) => b.fields);
  let generation: number;
  let appended: ReturnType<typeof appendCanonicalAuditRecordsSqlite>;
  const sightings: NonceSighting[][] = [];
  try {
    statements.prepare('begin immediate').run();
    try {
      // Nonces first, batch by batch in the order posted (a nonce precedes its verification's access record).
      for (const { nonces } of batches)
        sightings.push(nonces.length === 0 ? [] : recordNoncesSqlite(statements, db, nonces));
      appended = appendCanonicalAuditRecordsSqlite(statements, db, fields);
      statements.prepare('commit').run();
    } catch (error) {
      if (connection.inTransaction) statements.prepare('rollback').run();
      throw error;
    }
    generation = sync.noteCommit();
  } catch (error) {
    reply({ type: 'failed', batches: batches.map((b) => b.batch), reason: reasonOf(error) });
    return;
  }
  const answer = () => {
    let offset = 0;
    batches.forEach(({ batch, count }, k) => {
      const own = appended.slice(offset, offset + count);
      offset += count;
      reply({
        type: 'appended',
        batch,
        seqs: own.map((a) => a.seq),
        hashes: own.map((a) => a.hash),
        sightings: sightings[k] ?? [],
        fsyncs: sync.rounds,
      });
    });
  };
  if (relaxed) {
    sync.syncLater(generation);
    answer();
  } else {
    // The thread keeps taking batches while this fsync runs: those share the next round.
    sync
      .syncTo(generation)
      .then(answer, (error: unknown) =>
        reply({ type: 'failed', batches: batches.map((b) => b.batch), reason: reasonOf(error) }),
      );
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error
    ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
    : String(error);
}

async function close(): Promise<void> {
  await sync.close();
  connection.close();
  port?.close();
}

port.on('message', (first: AccessRecordRequest) => {
  if (closing) return;
  const batches: Extract<AccessRecordRequest, { type: 'append' }>[] = [];
  // Everything posted while the last transaction ran joins this one (receiveMessageOnPort
  // takes the queued messages synchronously, in order).
  for (let message: AccessRecordRequest | undefined = first; message !== undefined; ) {
    if (message.type === 'close') closing = true;
    else batches.push(message);
    message = (receiveMessageOnPort(port) as { message: AccessRecordRequest } | undefined)?.message;
  }
  if (batches.length > 0) commit(batches);
  if (closing) void close();
});
