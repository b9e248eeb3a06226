import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { SERVER_VERSION } from '../version.js';
import { HealthResponse } from './health.schema.js';

/**
 * `GET /api/health`. Real, not a constant: it pings the store, so a load balancer takes a
 * node whose database is gone out of rotation (the ping's `ERR_STORE_UNAVAILABLE` answers 503).
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  context: { readonly store: Store; readonly nodeId: string },
): void {
  // Under `hutong serve --workers N` (serve-cluster.ts): which worker answered, as the cluster
  // numbers them (1, 2, … and on for restarted ones; never the pid), for an operator or a load
  // balancer's probe to tell the processes apart. A header, so the response schema stays as it is.
  const worker = cluster.worker?.id;
  app.get(
    '/api/health',
    { schema: { response: { 200: HealthResponse } } },
    async (_request, reply): Promise<HealthResponse> => {
      if (worker !== undefined) reply.header('x-hutong-worker', String(worker));
      await context.store.ping();
      return {
        status: 'ok',
        version: SERVER_VERSION,
        store: context.store.dialect,
        nodeId: context.nodeId,
        time: new Date().toISOString(),
      };
    },
  );
}
