import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { type BucketSettings, RateLimiter } from '../auth/rate-limit.js';
import { ServerError } from '../errors.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { createHolderShowCode } from './create-holder-show-code.js';
import { LOOP_BUSY_UTILISATION, loopBusy } from './loop-busy.js';
import { PublicVerifyBody, ShowCodeBody, ShowCodeResponse, VerifyBody } from './showing.schema.js';
import { createVerificationThreads, DEFAULT_VERIFICATION_THREADS } from './verification-threads.js';
import { verifyOnline } from './verify-online.js';
import { verifyPublicly } from './verify-publicly.js';

/**
 * The public check's own bucket per address, on top of the auth plugin's anonymous one (60
 * at once, 10/s): a verifier in plain mode checks a code every few seconds at most, while
 * every check reads the library and writes an audit record, so a script walking through
 * codes is slowed to one check every 2 s after a burst of 20.
 */
export const PUBLIC_VERIFY_LIMIT: BucketSettings = { burst: 20, perSecond: 0.5 };

export interface ShowingRouteOptions extends NodeTrustListOptions {
  /** The public check's per-address limit; `false` turns it off (tests that switch rate limits off). */
  readonly publicLimit?: BucketSettings | false | undefined;
  /**
   * Verification threads (`HUTONG_VERIFY_THREADS`, verification-threads.ts): default 0, on the
   * event loop (`hutong serve` passes its own default, `defaultVerificationThreads`). SQLite
   * stores in a file only: PostgreSQL (and an in-memory SQLite store) verify on the event loop.
   */
  readonly verifyThreads?: number | undefined;
  /** Loop utilisation from which a licence goes to those threads (loop-busy.ts; default 0.9, 0: always). */
  readonly verifyThreadsBusyAbove?: number | undefined;
}

/**
 * `POST /api/v1/verify`: online verification. Always 200 with a verdict for a code or licence
 * that could be judged (valid or not); 4xx only for a malformed request.
 *
 * @example registerShowingRoutes(app, ctx, { url: publicUrl });
 */
export function registerShowingRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  routeOptions: ShowingRouteOptions = {},
): void {
  const {
    publicLimit = PUBLIC_VERIFY_LIMIT,
    verifyThreads = DEFAULT_VERIFICATION_THREADS,
    verifyThreadsBusyAbove = LOOP_BUSY_UTILISATION,
    ...options
  } = routeOptions;
  const store = ctx.store;
  const threads =
    verifyThreads > 0 && store.dialect === 'sqlite' && store.target !== ':memory:' && store.target !== ''
      ? createVerificationThreads({ size: verifyThreads, file: store.target })
      : undefined;
  // Before the store closes (serve.ts closes it in a later onClose hook): the threads' connections go first.
  if (threads !== undefined) app.addHook('onClose', () => threads.close());
  // A thread pays off only while the event loop is the bottleneck (loop-busy.ts): otherwise
  // each request would wait for two thread wake-ups while the loop idles.
  const busy = threads === undefined ? undefined : loopBusy({ busyAbove: verifyThreadsBusyAbove });
  app.post<{ Body: VerifyBody }>(
    '/api/v1/verify',
    { schema: { tags: ['verification'], body: VerifyBody } },
    async (request) =>
      verifyOnline(ctx, request.principal, request.body, {
        ...options,
        requestId: request.id,
        threads: busy?.() === true ? threads : undefined,
      }),
  );

  const limiter = publicLimit === false ? undefined : new RateLimiter(10_000);
  app.post<{ Body: PublicVerifyBody }>(
    '/api/v1/verify/public',
    { schema: { tags: ['verification'], body: PublicVerifyBody } },
    async (request, reply) => {
      if (limiter !== undefined && publicLimit !== false) {
        const wait = limiter.take(`ip:${request.ip}`, publicLimit, ctx.now().getTime());
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new ServerError('ERR_AUTH_RATE_LIMITED', { params: { retryAfter: wait } });
        }
      }
      const verdict = await verifyPublicly(ctx, request.body.code, { ...options, requestId: request.id });
      return reply.header('cache-control', 'private, no-store').send(verdict);
    },
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
