import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { IdentifierParams } from '../library/library.schema.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { IdempotencyHeaders } from '../venues/venues.schema.js';
import { InspectionHistorySchema, RecordInspectionBody } from './inspections.schema.js';
import { listInspections } from './list-inspections.js';
import { recordInspection } from './record-inspection.js';

/** `POST /api/v1/inspections`, `GET /api/v1/licences/{identifier}/inspections`. */
export function registerInspectionRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: NodeTrustListOptions = {},
): void {
  app.post<{ Body: RecordInspectionBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/inspections',
    { schema: { tags: ['verification'], body: RecordInspectionBody, headers: IdempotencyHeaders } },
    async (request, reply) => {
      const recorded = await recordInspection(ctx, request.principal, request.body, {
        ...options,
        requestId: request.id,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.code(recorded.replayed ? 200 : 201).send(recorded);
    },
  );

  app.get<{ Params: IdentifierParams }>(
    '/api/v1/licences/:identifier/inspections',
    { schema: { tags: ['licences'], params: IdentifierParams, response: { 200: InspectionHistorySchema } } },
    async (request) => listInspections(ctx, request.principal, request.params.identifier, { requestId: request.id }),
  );
}
