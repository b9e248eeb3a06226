import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, {
  type FastifyInstance,
  type FastifyLoggerOptions,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { type AppContext, createAppContext } from '../app-context.js';
import { registerAuditRoutes } from '../audit/audit.routes.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import { type AuthOptions, registerAuth } from '../auth/auth-plugin.js';
import { registerCatalogueRoutes } from '../catalogue/catalogue.routes.js';
import { ServerError } from '../errors.js';
import { registerGrantRoutes } from '../grants/grants.routes.js';
import { type HolderSignInOptions, registerHolderRoutes } from '../holders/holders.routes.js';
import { type ImportRouteOptions, registerImportRoutes } from '../import/import.routes.js';
import { registerInspectionRoutes } from '../inspections/inspections.routes.js';
import { registerIssuanceRoutes } from '../issuance/issuance.routes.js';
import { registerKeyRoutes } from '../keys/keys.routes.js';
import { registerLibraryRoutes } from '../library/library.routes.js';
import { DEFAULT_PUBLIC_URL } from '../library/write-context-for.js';
import { type LogOptions, registerLog } from '../log/log-service.js';
import { registerMatterRoutes } from '../matters/matters.routes.js';
import { registerNotificationRoutes } from '../notifications/notifications.routes.js';
import { registerOrganisationRoutes } from '../organisations/organisations.routes.js';
import { registerPrintingRoutes } from '../printing/printing.routes.js';
import { createSecrets } from '../secrets/secrets.js';
import { registerShowingRoutes } from '../showing/showing.routes.js';
import { registerStatusRoutes } from '../status/status.routes.js';
import type { Store } from '../store/store.js';
import { registerTrustRoutes } from '../trust/trust.routes.js';
import { registerVenueRoutes } from '../venues/venues.routes.js';
import { trackAllowedMethods } from './allowed-methods.js';
import { isApiPath } from './api-path.js';
import { registerHealthRoutes } from './health.routes.js';
import { registerOpenApi } from './openapi.js';
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
  /**
   * The app context (server-conventions.md). Without one, a context with an ephemeral master
   * key is made: fine for tests, wrong for a node (sealed values would not open after a restart).
   */
  readonly context?: AppContext | undefined;
  /** Authentication, sessions and rate limits (`auth/auth-plugin.ts`). */
  readonly auth?: AuthOptions | undefined;
  /**
   * The node's public base URL (`HUTONG_PUBLIC_URL`): status-list URLs inside signed
   * licences are built from it, never from a request's Host header.
   */
  readonly publicUrl?: string | undefined;
  /** The transparency log (`log/log-service.ts`): on by default; `false` leaves it out. */
  readonly log?: LogOptions | false | undefined;
  /** Holder sign-in (`holders/`): the development provider is off unless asked for (`serve --demo`). */
  readonly holders?: HolderSignInOptions | undefined;
  /** The import wizard's uploads and jobs (`import/import.routes.ts`): the folder, limits, resumption. */
  readonly imports?: Omit<ImportRouteOptions, 'publicUrl'> | undefined;
  /**
   * Threads for online verification (`HUTONG_VERIFY_THREADS`, showing/verification-threads.ts):
   * default 0, on the event loop (`hutong serve` passes `defaultVerificationThreads`: one in a
   * one-process node on 2 cores or more). SQLite only.
   */
  readonly verifyThreads?: number | undefined;
  /**
   * The event loop's utilisation from which a licence verification goes to those threads
   * (showing/loop-busy.ts; default `LOOP_BUSY_UTILISATION`, 0.9): below it the loop verifies
   * itself. 0 sends every one (tests that compare the threads' verdicts with the loop's).
   */
  readonly verifyThreadsBusyAbove?: number | undefined;
}

/** A caller's own request id is kept when it is short and plain (it ends up in logs). */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify's logger with a request serializer that writes the path without its query string:
 * queries carry holder codes (`GET /api/v1/licences?holderCode=`, `GET /api/v1/counter/grants?holderCode=`),
 * and personal data never goes into a log in clear. Otherwise the default request fields.
 */
function withoutQueryStrings(logger: BuildAppOptions['logger']): boolean | FastifyLoggerOptions {
  if (logger === undefined || logger === false) return false;
  const base: FastifyLoggerOptions = logger === true ? {} : (logger as FastifyLoggerOptions);
  return {
    ...base,
    serializers: {
      ...base.serializers,
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.url.split('?')[0] ?? '',
        host: request.host,
        remoteAddress: request.ip,
        ...(request.socket?.remotePort === undefined ? {} : { remotePort: request.socket.remotePort }),
      }),
    },
  };
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
    logger: withoutQueryStrings(options.logger),
    bodyLimit,
    genReqId: requestIdOf,
    // A route answers on `/api/health` and `/api/health/` alike; `/API/health` stays a 404.
    routerOptions: { ignoreTrailingSlash: true },
    // Requests that arrive while closing get 503 instead of hanging on a closed store.
    return503OnClosing: true,
    // Fastify's default strips properties a schema does not list (`removeAdditional: true`):
    // an unknown field would vanish silently. The issue asks for a precise refusal instead.
    ajv: { customOptions: { removeAdditional: false } },
  });

  registerSecurityHeaders(app);
  const allowedMethods = trackAllowedMethods(app);
  const context =
    options.context ??
    createAppContext({
      store: options.store,
      nodeId: options.nodeId,
      secrets: createSecrets(new Uint8Array(randomBytes(32))),
    });
  // Before any route: the auth hook guards every route, the OpenAPI generator collects them.
  const auth = registerAuth(app, context, options.auth);
  await registerOpenApi(app, auth.permissions);
  registerAuthRoutes(app, context, auth);
  registerAuditRoutes(app, context);
  registerOrganisationRoutes(app, context);
  registerKeyRoutes(app, context);
  registerCatalogueRoutes(app, context);
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  registerIssuanceRoutes(app, context, { publicUrl });
  registerImportRoutes(app, context, { ...options.imports, publicUrl });
  registerLibraryRoutes(app, context);
  registerStatusRoutes(app, context, { publicUrl });
  registerNotificationRoutes(app, context);
  registerTrustRoutes(app, context, { url: publicUrl });
  registerShowingRoutes(app, context, {
    url: publicUrl,
    ...(options.auth?.rateLimit === false ? { publicLimit: false } : {}),
    verifyThreads: options.verifyThreads,
    verifyThreadsBusyAbove: options.verifyThreadsBusyAbove,
  });
  registerGrantRoutes(app, context, { url: publicUrl });
  registerHolderRoutes(app, context, auth, options.holders);
  registerMatterRoutes(app, context, { publicUrl });
  registerPrintingRoutes(app, context, { publicUrl });
  registerVenueRoutes(app, context, { url: publicUrl });
  registerInspectionRoutes(app, context, { url: publicUrl });
  if (options.log !== false) await registerLog(app, context, options.log);

  app.setErrorHandler((error, request, reply) => {
    const presented = toLocalizedError(error, request, bodyLimit);
    if (presented.code === 'ERR_API_INTERNAL') request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, presented);
  });

  registerHealthRoutes(app, { store: options.store, nodeId: options.nodeId });
  const webShell = await registerWebShell(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  // The verification page of printed QR codes and show codes (`/v/<code>`): always the web
  // shell, even when the code's base45 text has a `.` that would look like a file name.
  app.get('/v/*', { schema: { hide: true } }, async (request, reply) =>
    webShell === undefined
      ? sendProblem(request, reply, new ServerError('ERR_API_WEB_NOT_BUILT'))
      : webShell.send(reply),
  );

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
