import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf } from '../auth/principal.js';
import { DEFAULT_PUBLIC_URL } from '../library/write-context-for.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { annotatedCopy } from './annotated-copy.js';
import { getClearance, setClearance } from './clearance.js';
import { createGrant } from './create-grant.js';
import { fetchLicences } from './fetch-licences.js';
import {
  ClearanceBody,
  ClearanceParams,
  CounterGrantsQuery,
  CreateGrantBody,
  FetchBody,
  GrantParams,
  IdempotencyHeaders,
  PageQuery,
  UsageRecordParams,
} from './grants.schema.js';
import { listCounterGrants } from './list-counter-grants.js';
import { getConsentReceipt, getGrant, listGrants } from './list-grants.js';
import { listRelyingParties } from './list-relying-parties.js';
import { listUsageRecords } from './list-usage-records.js';
import { revokeGrant } from './revoke-grant.js';

/**
 * Grants (用证授权), consent receipts, fetch and usage records. Thin: parse, call the use case.
 *
 * @example registerGrantRoutes(app, ctx, { url: publicUrl });
 */
export function registerGrantRoutes(app: FastifyInstance, ctx: AppContext, options: NodeTrustListOptions = {}): void {
  app.post<{ Body: CreateGrantBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/me/grants',
    { schema: { tags: ['grants'], body: CreateGrantBody, headers: IdempotencyHeaders } },
    async (request, reply) => {
      const grant = await createGrant(ctx, request.principal, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
        requestId: request.id,
      });
      reply.header('location', `/api/v1/me/grants/${grant.id}`);
      return reply.code(201).send(grant);
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/api/v1/me/grants',
    { schema: { tags: ['grants'], querystring: PageQuery } },
    async (request) => listGrants(ctx, request.principal, request.query),
  );

  // A counter clerk picks the applicant's grant instead of typing its number (docs/design/counter-prefill.md).
  app.get<{ Querystring: CounterGrantsQuery }>(
    '/api/v1/counter/grants',
    { schema: { tags: ['grants'], querystring: CounterGrantsQuery } },
    async (request, reply) => {
      // Who consented to the agency: personal, never from a shared cache.
      reply.header('cache-control', 'private, no-store');
      return listCounterGrants(ctx, request.principal, request.query, { requestId: request.id });
    },
  );

  app.get<{ Params: GrantParams }>(
    '/api/v1/me/grants/:id',
    { schema: { tags: ['grants'], params: GrantParams } },
    async (request) => getGrant(ctx, request.principal, request.params.id),
  );

  app.post<{ Params: GrantParams }>(
    '/api/v1/me/grants/:id/revoke',
    { schema: { tags: ['grants'], params: GrantParams } },
    async (request) => revokeGrant(ctx, request.principal, request.params.id, { requestId: request.id }),
  );

  app.get<{ Params: GrantParams }>(
    '/api/v1/me/grants/:id/receipt.json',
    { schema: { tags: ['grants'], params: GrantParams } },
    async (request, reply) => {
      const receipt = await getConsentReceipt(ctx, request.principal, request.params.id);
      // The bytes exactly as signed, as a download.
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="consent-receipt-${request.params.id}.json"`)
        .header('cache-control', 'no-store')
        .send(receipt);
    },
  );

  app.get('/api/v1/relying-parties', { schema: { tags: ['grants'] } }, async (request) => ({
    items: await listRelyingParties(ctx, request.principal),
  }));

  app.get<{ Querystring: PageQuery }>(
    '/api/v1/me/usage-records',
    { schema: { tags: ['grants'], querystring: PageQuery } },
    async (request) => listUsageRecords(ctx, request.principal, request.query),
  );

  app.post<{ Body: FetchBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/fetch',
    { schema: { tags: ['grants'], body: FetchBody, headers: IdempotencyHeaders } },
    async (request, reply) => {
      const result = await fetchLicences(ctx, request.principal, request.body, {
        ...options,
        requestId: request.id,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.get<{ Params: UsageRecordParams }>(
    '/api/v1/fetch/:usageRecordId/annotated-copy.pdf',
    {
      schema: {
        tags: ['grants'],
        params: UsageRecordParams,
        response: {
          200: {
            description: 'The annotated copy (加注件) as PDF (application/pdf)',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const printed = await annotatedCopy(ctx, request.principal, request.params.usageRecordId, {
        publicUrl: options.url ?? DEFAULT_PUBLIC_URL,
        requestId: request.id,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${printed.filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(printed.pdf.buffer, printed.pdf.byteOffset, printed.pdf.byteLength));
    },
  );

  app.get<{ Params: ClearanceParams }>(
    '/api/v1/clients/:clientId/clearance',
    { schema: { tags: ['grants'], params: ClearanceParams } },
    async (request) => getClearance(ctx, request.params.clientId),
  );

  app.put<{ Params: ClearanceParams; Body: ClearanceBody }>(
    '/api/v1/clients/:clientId/clearance',
    { schema: { tags: ['grants'], params: ClearanceParams, body: ClearanceBody } },
    async (request) =>
      setClearance(ctx, request.params.clientId, request.body.clearance, {
        actor: actorOf(request.principal),
        requestId: request.id,
      }),
  );
}
