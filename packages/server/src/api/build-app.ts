import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ServerError } from '../errors.js';
import type { Store } from '../store/store.js';
import { trackAllowedMethods } from './allowed-methods.js';
import { isApiPath } from './api-path.js';
import { registerHealthRoutes } from './health.routes.js';
import { sendProblem, toLocalizedError } from './problem.js';
import { registerSecurityHeaders } from './security-headers.js';
import { DEFAULT_WEB_ROOT, registerWebShell } from './web-shell.js';

/** 1 MiB: a licence with its face fields and proof is a few KiB; images go through uploads later. */
export const DEFAULT_BODY_LIMIT = 1_048_576;

export interface BuildAppOptions {
  /** An open, migrated store. */
  readonly store: Store;
  /** This node's id (`ensureNodeId`). */
  readonly nodeId: string;
  /** The built web shell; defaults to `packages/web/dist`. */
  readonly webRoot?: string | undefined;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit?: number | undefined;
  /** Fastify's logger option; off unless given (tests stay quiet). */
  readonly logger?: FastifyServerOptions['logger'] | undefined;
}

/** A caller's own request id is kept when it is short and plain (it ends up in logs). */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Builds the HTTP application without listening (the fastify model: tests drive it with
 * `inject()`, `startServer` adds `listen()`): the API under `/api`, the web shell for every
 * other page, RFC 9457 problem details for every refusal, in the caller's language.
 *
 * @example
 * const app = await buildApp({ store, nodeId });
 * const response = await app.inject({ url: '/api/health' });
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app: FastifyInstance = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    genReqId: requestIdOf,
    // A route answers on `/api/health` and `/api/health/` alike; `/API/health` stays a 404.
    routerOptions: { ignoreTrailingSlash: true },
    // Requests that arrive while closing get 503 instead of hanging on a closed store.
    return503OnClosing: true,
  });

  registerSecurityHeaders(app);
  const allowedMethods = trackAllowedMethods(app);

  app.setErrorHandler((error, request, reply) => {
    const presented = toLocalizedError(error, request, bodyLimit);
    if (presented.code === 'ERR_API_INTERNAL') request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, presented);
  });

  registerHealthRoutes(app, { store: options.store, nodeId: options.nodeId });
  const webShell = await registerWebShell(app, options.webRoot ?? DEFAULT_WEB_ROOT);

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (isApiPath(path)) {
      const allow = allowedMethods(path);
      if (allow.length > 0) {
        reply.header('allow', allow.join(', '));
        const error = new ServerError('ERR_API_METHOD_NOT_ALLOWED', {
          params: { method: request.method, path, allow: allow.join(', ') },
        });
        return sendProblem(request, reply, error);
      }
      return sendProblem(request, reply, new ServerError('ERR_API_NOT_FOUND', { params: { path } }));
    }
    if (webShell === undefined) return sendProblem(request, reply, new ServerError('ERR_API_WEB_NOT_BUILT'));
    if (webShell.handles(request.method, path)) return webShell.send(reply);
    return sendProblem(request, reply, new ServerError('ERR_API_NOT_FOUND', { params: { path } }));
  });

  return app;
}
