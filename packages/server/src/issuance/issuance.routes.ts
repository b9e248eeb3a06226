import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { negotiateLanguage } from '../api/language.js';
import type { AppContext } from '../app-context.js';
import type { LicenceDocument } from '../library/licence.schema.js';
import type { PublicUrlOption } from '../library/write-context-for.js';
import { aggregateLicence } from './aggregate-licence.js';
import { batchResponseBytes } from './batch-response-bytes.js';
import { retainBatchSigningPool } from './batch-signing-pool.js';
import { BatchBody, BatchResponse, IssuedLicence, IssueLicenceBody } from './issuance.schema.js';
import { issueLicence } from './issue-licence.js';
import { issueLicenceBatch } from './issue-licence-batch.js';
import type { IssueLicenceInput } from './prepare-licence.js';

/** A batch of 1,000 licences with photos as digests fits; the default 1 MiB does not. */
const BATCH_BODY_LIMIT = 16 * 1_048_576;

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'a retry with the same key returns the first answer' })),
});

/** JSON null means "absent" for optional face fields; the use case sees only present values. */
function inputOf(body: IssueLicenceBody): IssueLicenceInput {
  return body as unknown as IssueLicenceInput;
}

/** `POST /api/v1/licences`, `/batch`, `/aggregate`: thin — parse, call the use case, present. */
export function registerIssuanceRoutes(app: FastifyInstance, ctx: AppContext, options: PublicUrlOption): void {
  // Large batches sign on the process's signing threads; the app lets them go when it closes.
  const releaseSigningPool = retainBatchSigningPool();
  app.addHook('onClose', async () => {
    await releaseSigningPool();
  });
  app.post<{ Body: IssueLicenceBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/licences',
    {
      schema: {
        tags: ['licences'],
        headers: IdempotencyHeaders,
        body: IssueLicenceBody,
        response: { 201: IssuedLicence, 200: IssuedLicence },
      },
    },
    async (request, reply) => {
      const { outcome, licence } = await issueLicence(ctx, request.principal, inputOf(request.body), {
        publicUrl: options.publicUrl,
        idempotencyKey: request.headers['idempotency-key'],
        requestId: request.id,
      });
      const body: IssuedLicence = {
        identifier: licence.metadata.certificateIdentifier,
        outcome,
        licence: licence as unknown as LicenceDocument,
      };
      // RFC 9110 §15.3.2: a 201 names the created resource.
      reply.header('location', `/api/v1/licences/${licence.metadata.certificateIdentifier}`);
      return reply.code(outcome === 'issued' ? 201 : 200).send(body);
    },
  );

  app.post<{ Body: BatchBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/licences/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: { tags: ['licences'], headers: IdempotencyHeaders, body: BatchBody, response: { 200: BatchResponse } },
    },
    async (request, reply) => {
      const language = negotiateLanguage(request.headers['accept-language']);
      const { items } = await issueLicenceBatch(ctx, request.principal, request.body.items.map(inputOf), {
        publicUrl: options.publicUrl,
        idempotencyKey: request.headers['idempotency-key'],
        requestId: request.id,
      });
      // The schema's bytes, spliced from the signing threads' licence texts (batch-response-bytes.ts).
      return reply.type('application/json; charset=utf-8').send(batchResponseBytes(items, language));
    },
  );

  app.post<{ Body: unknown }>(
    '/api/v1/licences/aggregate',
    {
      schema: {
        tags: ['licences'],
        // The document is checked member by member by core's strict parser (precise codes).
        body: Type.Object({}, { additionalProperties: true, description: 'a signed hutong-licence/1 document' }),
        response: { 201: IssuedLicence, 200: IssuedLicence },
      },
    },
    async (request, reply) => {
      const { outcome, licence } = await aggregateLicence(ctx, request.principal, request.body, {
        publicUrl: options.publicUrl,
        requestId: request.id,
      });
      const body: IssuedLicence = {
        identifier: licence.metadata.certificateIdentifier,
        outcome: outcome === 'aggregated' ? 'issued' : 'existing',
        licence: licence as unknown as LicenceDocument,
      };
      return reply.code(outcome === 'aggregated' ? 201 : 200).send(body);
    },
  );
}
