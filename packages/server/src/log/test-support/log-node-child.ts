/**
 * Test-only child process for the crash test (`log.crash.test.ts`): a node on a SQLite data
 * directory with its master key file (so the log key opens again after a restart), listening
 * on a free loopback port, with the background integrator running. Prints `url <base>` once
 * listening; in `append` mode it then records licence events through `recordEvent` in a loop,
 * 20 per transaction, and prints `ack <serial>` after each commit — an acknowledged event.
 *
 * With a PostgreSQL URL as fourth argument, the store is that database (the data directory
 * still holds the master key).
 *
 * Run: node --import tsx log-node-child.ts <dataDir> append|serve <firstSerial> [<postgresUrl>]
 */
import { buildApp } from '../../api/build-app.js';
import { createAppContext } from '../../app-context.js';
import { recordEvent } from '../../events/record-event.js';
import { loadSecrets } from '../../secrets/secrets.js';
import { ensureNodeId } from '../../store/meta.js';
import { migrateToLatest } from '../../store/migrate.js';
import { openStore, storeLocation } from '../../store/store.js';
import { issuedEvent } from './log-fixture.js';

const [dataDir, mode, first, databaseUrl] = process.argv.slice(2);
if (dataDir === undefined || (mode !== 'append' && mode !== 'serve')) {
  process.stderr.write('usage: log-node-child.ts <dataDir> append|serve <firstSerial> [<postgresUrl>]\n');
  process.exit(2);
}

const store = await openStore(storeLocation({ dataDir, databaseUrl }));
await migrateToLatest(store.db);
const nodeId = await ensureNodeId(store.db);
const context = createAppContext({ store, nodeId, secrets: loadSecrets({ dataDir, env: {} }) });
const app = await buildApp({
  store,
  nodeId,
  context,
  auth: { rateLimit: false },
  log: { sm2: false, intervalMs: 50, leaseMs: 1500 },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`url http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/\n`);

if (mode === 'append') {
  let serial = Number(first ?? '0');
  for (;;) {
    const batch = Array.from({ length: 20 }, (_, i) => issuedEvent(serial + i));
    await store.db.transaction().execute(async (trx) => {
      for (const event of batch) await recordEvent(trx, event);
    });
    serial += batch.length;
    // Committed: only now is the last of these events acknowledged.
    process.stdout.write(`ack ${serial - 1}\n`);
    // better-sqlite3 answers synchronously, so this loop would otherwise never leave the
    // microtask queue: yield, as a server does between requests, so the integrator and the
    // HTTP server run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
