/**
 * Routes of `trust/`: the node's signed trust list and its anchor (packages/server/src/trust/README.md).
 * Thin: build, present, cache headers.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { buildNodeTrustList, type NodeTrustListOptions, nodeTrustAnchor } from './build-node-trust-list.js';

/** Verifiers and proxies may reuse a list for 5 minutes; the list itself is valid 24 hours. */
export const TRUST_LIST_MAX_AGE_SECONDS = 300;

interface Served {
  readonly body: string;
  readonly etag: string;
  readonly builtAt: number;
}

/**
 * Registers `GET /api/v1/trust-list` (with a strong `ETag` over the exact bytes served and
 * `Cache-Control: public, max-age=300`; a build is reused for those 5 minutes so that
 * `If-None-Match` answers 304) and `GET /api/v1/trust-list/anchor`.
 *
 * @example registerTrustRoutes(app, ctx, { url: publicUrl });
 */
export function registerTrustRoutes(app: FastifyInstance, ctx: AppContext, options: NodeTrustListOptions = {}): void {
  let served: Served | undefined;

  async function current(): Promise<Served> {
    const now = ctx.now().getTime();
    if (served !== undefined && now - served.builtAt < TRUST_LIST_MAX_AGE_SECONDS * 1000 && now >= served.builtAt) {
      return served;
    }
    const list = await buildNodeTrustList(ctx, options);
    const body = JSON.stringify(list);
    const digest = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    served = { body, etag: `"${list.version}-${digest}"`, builtAt: now };
    return served;
  }

  app.get('/api/v1/trust-list', async (request, reply) => {
    const { body, etag } = await current();
    reply.header('etag', etag).header('cache-control', `public, max-age=${TRUST_LIST_MAX_AGE_SECONDS}`);
    // RFC 9110 §13.1.2: If-None-Match lists entity tags, or `*`.
    const match = request.headers['if-none-match'];
    if (typeof match === 'string' && (match.trim() === '*' || match.split(',').some((t) => t.trim() === etag))) {
      return reply.code(304).send();
    }
    return reply.header('content-type', 'application/json; charset=utf-8').send(body);
  });

  app.get('/api/v1/trust-list/anchor', async (_request, reply) => {
    const anchor = await nodeTrustAnchor(ctx);
    return reply.header('cache-control', 'public, max-age=3600').send(anchor);
  });
}
