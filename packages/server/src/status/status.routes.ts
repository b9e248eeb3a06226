import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { IdentifierParams } from '../library/library.schema.js';
import type { LicenceDocument } from '../library/licence.schema.js';
import type { PublicUrlOption } from '../library/write-context-for.js';
import { applyLicenceEvent } from './apply-licence-event.js';
import { expireLicences } from './expire-licences.js';
import { getStatusList } from './get-status-list.js';
import { LicenceEventBody, LicenceEventResponse, StatusListParams } from './status.schema.js';
import { STATUS_LIST_MEDIA_TYPE } from './status-list-token.js';

/** True when an `If-None-Match` list names this ETag (RFC 9110 §13.1.2, weak comparison). */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

export interface StatusRouteOptions extends PublicUrlOption {
  /** Record expiry of licences past their expiring date, at start and then every `expiryIntervalMs` (default on, hourly). */
  readonly expiry?: boolean | undefined;
  readonly expiryIntervalMs?: number | undefined;
}

/**
 * `POST /api/v1/licences/{identifier}/events`, `GET /api/v1/status-lists/{issuerUscc}/{listId}`;
 * and, while the app is up, the expiry of licences whose term has ended.
 */
export function registerStatusRoutes(app: FastifyInstance, ctx: AppContext, options: StatusRouteOptions): void {
  if (options.expiry !== false) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const round = () => {
      running = expireLicences(ctx, options).catch((error: unknown) =>
        app.log.error({ err: error }, 'expiry round failed'),
      );
    };
    app.addHook('onReady', async () => {
      round();
      // unref: the schedule never keeps a process alive on its own.
      timer = setInterval(round, options.expiryIntervalMs ?? 3_600_000).unref();
    });
    app.addHook('onClose', async () => {
      if (timer !== undefined) clearInterval(timer);
      await running;
    });
  }

  app.post<{ Params: IdentifierParams; Body: Static<typeof LicenceEventBody> }>(
    '/api/v1/licences/:identifier/events',
    {
      schema: {
        tags: ['status'],
        params: IdentifierParams,
        body: LicenceEventBody,
        response: { 200: LicenceEventResponse },
      },
    },
    async (request) => {
      const result = await applyLicenceEvent(ctx, request.principal, request.params.identifier, request.body, {
        publicUrl: options.publicUrl,
        requestId: request.id,
      });
      return {
        identifier: result.identifier,
        event: result.event as unknown as Record<string, unknown>,
        previousStatus: result.previousStatus,
        status: result.state.status,
        state: result.state as unknown as Record<string, unknown>,
        ...(result.successor === undefined ? {} : { successor: result.successor as unknown as LicenceDocument }),
      };
    },
  );

  app.get<{ Params: Static<typeof StatusListParams> }>(
    '/api/v1/status-lists/:issuerUscc/:listId',
    {
      schema: {
        tags: ['status'],
        params: StatusListParams,
        response: { 200: Type.String({ description: `${STATUS_LIST_MEDIA_TYPE} (JWT)` }) },
      },
    },
    async (request, reply) => {
      const list = await getStatusList(ctx, request.params.issuerUscc, request.params.listId, options);
      // Public and cacheable (draft-ietf-oauth-status-list §13.7): verifiers and CDNs keep
      // it for `ttl` seconds, then revalidate with If-None-Match.
      reply.header('etag', list.etag).header('cache-control', `public, max-age=${list.maxAge}`);
      reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
      if (matches(request.headers['if-none-match'], list.etag)) return reply.code(304).send();
      return reply.header('content-type', STATUS_LIST_MEDIA_TYPE).send(list.token);
    },
  );
}
