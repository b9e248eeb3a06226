// system.bench.ts's bare Fastify baseline served by N cluster workers (the same route as the
// in-process bare one: the body parsed, a constant verdict), for the ratio against Hutong
// served by as many. Usage: node bench/src/bare-cluster.mjs <workers>
// Prints one JSON line {"url","pids"} (this primary first, then its workers) once all listen;
// stops on SIGTERM.
import cluster from 'node:cluster';
import Fastify from 'fastify';

if (cluster.isPrimary) {
  const count = Number(process.argv[2] ?? 2);
  const workers = Array.from({ length: count }, () => cluster.fork());
  const ports = await Promise.all(
    workers.map((worker) => new Promise((resolve) => worker.once('message', (message) => resolve(message.port)))),
  );
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${ports[0]}`, pids: [process.pid, ...workers.map((w) => w.process.pid)] })}\n`,
  );
  process.once('SIGTERM', () => {
    for (const worker of workers) worker.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const bare = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  bare.post('/api/v1/verify', async (request) => {
    const body = request.body;
    return { valid: typeof body.licence === 'object' && typeof body.useCause === 'string', checks: [] };
  });
  // Port 0 in a cluster worker: every worker shares the one port the primary picked.
  await bare.listen({ host: '127.0.0.1', port: 0 });
  process.send({ port: bare.server.address().port });
  process.once('disconnect', () => process.exit(0));
}
