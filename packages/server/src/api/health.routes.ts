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
  app.get('/api/health', { schema: { response: { 200: HealthResponse } } }, async (): Promise<HealthResponse> => {
    await context.store.ping();
    return {
      status: 'ok',
      version: SERVER_VERSION,
      store: context.store.dialect,
      nodeId: context.nodeId,
      time: new Date().toISOString(),
    };
  });
}
