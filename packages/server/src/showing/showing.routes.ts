import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { VerifyBody } from './showing.schema.js';
import { verifyOnline } from './verify-online.js';

/**
 * `POST /api/v1/verify`: online verification. Always 200 with a verdict for a code or licence
 * that could be judged (valid or not); 4xx only for a malformed request.
 *
 * @example registerShowingRoutes(app, ctx, { url: publicUrl });
 */
export function registerShowingRoutes(app: FastifyInstance, ctx: AppContext, options: NodeTrustListOptions = {}): void {
  app.post<{ Body: VerifyBody }>(
    '/api/v1/verify',
    { schema: { tags: ['verification'], body: VerifyBody } },
    async (request) => verifyOnline(ctx, request.principal, request.body, { ...options, requestId: request.id }),
  );
}
