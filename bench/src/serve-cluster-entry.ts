/**
 * system.bench.ts's Hutong as a deployer runs it: `serveCluster` (what `hutong serve --workers N`
 * runs) on a data directory the bench prepared, in a process of its own. Usage (through tsx):
 *   node --import tsx bench/src/serve-cluster-entry.ts <dataDir> <workers> <publicUrl>
 * Prints one JSON line `{"url","pids"}` once every worker listens (pids: this primary first,
 * then its workers, whose CPU the bench sums) and stops its workers gracefully on SIGTERM.
 * Rate limits are off, as in the bench's in-process node (a client's 50/s would refuse the load);
 * nothing else differs from the CLI's start.
 */
import { serveCluster } from '../../packages/server/src/serve-cluster.js';

const [dataDir, workers, publicUrl] = process.argv.slice(2);
if (dataDir === undefined || workers === undefined || publicUrl === undefined)
  throw new Error('usage: serve-cluster-entry.ts <dataDir> <workers> <publicUrl>');
const node = await serveCluster({
  dataDir,
  // As the CLI: DATABASE_URL (system.bench.ts's HUTONG_BENCH_DATABASE_URL) puts the store in PostgreSQL.
  databaseUrl: process.env.DATABASE_URL || undefined,
  port: 0,
  host: '127.0.0.1',
  workers: Number(workers),
  publicUrl,
  env: process.env,
  logLevel: 'warn',
  rateLimit: false,
  onNotice: (line) => process.stderr.write(line),
});
process.stdout.write(
  `${JSON.stringify({ url: node.url.replace(/\/$/, ''), pids: [process.pid, ...node.workerPids()] })}\n`,
);
process.once('SIGTERM', () => {
  void node.close().then(() => process.exit(0));
});
