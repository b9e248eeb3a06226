import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { listEntries, registerCsv } from './list-entries.js';
import { registerEntry } from './register-entry.js';
import {
  IdempotencyHeaders,
  RegisterEntryBody,
  RegisterQuery,
  VenueEntrySchema,
  VenueRegisterSchema,
} from './venues.schema.js';

/** `POST /api/v1/venue/entries`, `GET /api/v1/venue/entries`, `GET /api/v1/venue/entries.csv`. */
export function registerVenueRoutes(app: FastifyInstance, ctx: AppContext, options: NodeTrustListOptions = {}): void {
  app.post<{ Body: RegisterEntryBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/venue/entries',
    { schema: { tags: ['verification'], body: RegisterEntryBody, headers: IdempotencyHeaders } },
    async (request, reply) => {
      const registered = await registerEntry(ctx, request.principal, request.body, {
        ...options,
        requestId: request.id,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.code(registered.replayed ? 200 : 201).send(registered);
    },
  );

  app.get<{ Querystring: RegisterQuery }>(
    '/api/v1/venue/entries',
    { schema: { tags: ['verification'], querystring: RegisterQuery, response: { 200: VenueRegisterSchema } } },
    async (request) => listEntries(ctx, request.principal, request.query, { requestId: request.id }),
  );

  app.get<{ Querystring: RegisterQuery }>(
    '/api/v1/venue/entries.csv',
    { schema: { tags: ['verification'], querystring: RegisterQuery } },
    async (request, reply) => {
      const register = await listEntries(ctx, request.principal, request.query, {
        requestId: request.id,
        format: 'csv',
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="entries-${register.venue}-${register.date}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(registerCsv(register));
    },
  );
}

export { VenueEntrySchema };
