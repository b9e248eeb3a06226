import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { createHolderShowCode } from './create-holder-show-code.js';
import { ShowCodeBody, ShowCodeResponse, VerifyBody } from './showing.schema.js';
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

  // The holder's own show code: made fresh on each call (a code lives 60 s), never cached.
  app.post<{ Body: ShowCodeBody }>(
    '/api/v1/show-codes',
    { schema: { tags: ['verification'], body: ShowCodeBody, response: { 201: ShowCodeResponse } } },
    async (request, reply) => {
      const { principal } = request;
      if (principal.kind !== 'holder') throw new ServerError('ERR_HOLDER_SESSION_REQUIRED');
      const made = await createHolderShowCode(ctx, principal, request.body, { requestId: request.id });
      return reply.code(201).header('cache-control', 'private, no-store').send(made);
    },
  );
}
