/**
 * The log's HTTP surface. C2SP tlog-tiles reads under `/log/` (text and bytes, as the spec
 * has them: `checkpoint`, `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), the vkey,
 * the witness endpoint (C2SP tlog-witness), and JSON conveniences under `/api/v1/log/`.
 * Thin: parse, call the use case, present. Refusals are RFC 9457 problems with precise
 * codes, never a 500 for bad input.
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { TLOG_SIZE_MEDIA_TYPE } from './collect-cosignatures.js';
import {
  ConsistencyProofSchema,
  ConsistencyQuerySchema,
  InclusionProofSchema,
  InclusionQuerySchema,
  LogWitnessInputSchema,
  LogWitnessSchema,
  ReceiptsParamsSchema,
  ReceiptsSchema,
  RefusalsQuerySchema,
  RefusalsSchema,
  WitnessedLogInputSchema,
  WitnessedLogSchema,
} from './log.schema.js';
import type { LogService } from './log-service.js';
import {
  addLogWitness,
  addWitnessedLog,
  listLogWitnesses,
  listWitnessedLogs,
  listWitnessRefusals,
} from './manage-witnessing.js';
import { proveConsistency } from './prove-consistency.js';
import { findVersionEntry, proveInclusion } from './prove-inclusion.js';
import { requirePublishedCheckpoint } from './read-checkpoint.js';
import { readTile } from './read-tile.js';
import { receiptsFor } from './receipt-for.js';
import { witnessAddCheckpointRequest } from './witness-add-checkpoint.js';

/** tlog-tiles: full tiles never change, so caches may keep them for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** A partial tile is replaced by a wider one within the merge delay. */
export const PARTIAL_CACHE = 'public, max-age=10';
const TEXT = 'text/plain; charset=utf-8';

export function registerLogRoutes(app: FastifyInstance, ctx: AppContext, service: LogService): void {
  const db = ctx.store.db;

  app.get('/log/checkpoint', async (_request, reply) => {
    const checkpoint = await requirePublishedCheckpoint(db);
    // A checkpoint changes every integration: caches must ask again (RFC 9111 §5.2.2.4).
    return reply.header('content-type', TEXT).header('cache-control', 'no-cache').send(checkpoint.note);
  });

  app.get('/log/key', async (_request, reply) =>
    reply.header('content-type', TEXT).header('cache-control', 'public, max-age=3600').send(`${service.info.vkey}\n`),
  );

  app.get('/log/info', async () => service.info);

  app.get('/log/tile/*', async (request, reply) => {
    const rest = (request.params as { '*'?: string })['*'] ?? '';
    const { bytes, full } = await readTile(db, `tile/${rest}`);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('cache-control', full ? IMMUTABLE_CACHE : PARTIAL_CACHE)
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  // `/log/tile/` alone (the trailing slash is ignored) is not a tile either: say so, not the web shell.
  app.get('/log/tile', async () => {
    throw new ServerError('ERR_LOG_TILE_PATH', {
      field: 'level',
      params: { reason: 'a tile path is tile/<L>/<N>[.p/<W>]' },
      zhParams: { reason: '瓦片路径的形式为 tile/<L>/<N>[.p/<W>]' },
    });
  });

  // tlog-witness clients send the request as text, with or without a media type: this route
  // (in its own plugin scope) reads any body as a string.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/log/witness/add-checkpoint', async (request, reply) => {
      try {
        const cosignatures = await witnessAddCheckpointRequest(ctx, service.keys, request.body);
        return reply.header('content-type', TEXT).send(cosignatures);
      } catch (error) {
        // tlog-witness §add-checkpoint: 409 with the latest size as text/x.tlog.size.
        if (error instanceof ServerError && error.code === 'ERR_LOG_WITNESS_OLD_SIZE') {
          return reply.code(409).header('content-type', TLOG_SIZE_MEDIA_TYPE).send(`${error.params.latestSize}\n`);
        }
        throw error;
      }
    });
  });

  app.get<{ Querystring: Static<typeof InclusionQuerySchema> }>(
    '/api/v1/log/proof/inclusion',
    { schema: { tags: ['log'], querystring: InclusionQuerySchema, response: { 200: InclusionProofSchema } } },
    async (request) => {
      const { index, size, identifier, version } = request.query;
      if ((index === undefined) === (identifier === undefined)) {
        throw new ServerError('ERR_LOG_QUERY_INVALID', {
          field: 'index',
          params: { reason: 'give either index or identifier' },
          zhParams: { reason: 'index 和 identifier 须给出且只给出其一' },
        });
      }
      if (version !== undefined && identifier === undefined) {
        throw new ServerError('ERR_LOG_QUERY_INVALID', {
          field: 'version',
          params: { reason: 'version goes with identifier' },
          zhParams: { reason: 'version 须与 identifier 一起给出' },
        });
      }
      const entry = index ?? (await findVersionEntry(db, identifier as string, version));
      const checkpoint = await requirePublishedCheckpoint(db);
      if (index === undefined && entry >= (size ?? checkpoint.size)) {
        throw new ServerError('ERR_LOG_NOT_INTEGRATED', {
          params: { index: entry, maxMergeDelayMs: service.info.maxMergeDelayMs },
        });
      }
      return proveInclusion(db, { index: entry, size });
    },
  );

  app.get<{ Querystring: Static<typeof ConsistencyQuerySchema> }>(
    '/api/v1/log/proof/consistency',
    { schema: { tags: ['log'], querystring: ConsistencyQuerySchema, response: { 200: ConsistencyProofSchema } } },
    async (request) => proveConsistency(db, request.query),
  );

  app.get<{ Params: Static<typeof ReceiptsParamsSchema> }>(
    '/api/v1/log/receipts/:identifier',
    { schema: { tags: ['log'], params: ReceiptsParamsSchema, response: { 200: ReceiptsSchema } } },
    async (request) => ({
      identifier: request.params.identifier,
      receipts: await receiptsFor(ctx, request.params.identifier),
    }),
  );

  app.get<{ Querystring: Static<typeof RefusalsQuerySchema> }>(
    '/api/v1/log/witness/refusals',
    { schema: { tags: ['log'], querystring: RefusalsQuerySchema, response: { 200: RefusalsSchema } } },
    async (request) => ({
      items: await listWitnessRefusals(ctx, { origin: request.query.origin, limit: request.query.limit ?? 100 }),
    }),
  );

  app.get(
    '/api/v1/log/witnessed-logs',
    {
      schema: {
        tags: ['log'],
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: WitnessedLogSchema } } } },
      },
    },
    async () => ({ items: await listWitnessedLogs(ctx) }),
  );

  app.post<{ Body: Static<typeof WitnessedLogInputSchema> }>(
    '/api/v1/log/witnessed-logs',
    { schema: { tags: ['log'], body: WitnessedLogInputSchema, response: { 201: WitnessedLogSchema } } },
    async (request, reply) => {
      const added = await addWitnessedLog(ctx, request.body, {
        actor: actorOf(request.principal),
        requestId: request.id,
      });
      return reply.code(201).send(added);
    },
  );

  app.get(
    '/api/v1/log/witnesses',
    {
      schema: {
        tags: ['log'],
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: LogWitnessSchema } } } },
      },
    },
    async () => ({ items: await listLogWitnesses(ctx) }),
  );

  app.post<{ Body: Static<typeof LogWitnessInputSchema> }>(
    '/api/v1/log/witnesses',
    { schema: { tags: ['log'], body: LogWitnessInputSchema, response: { 201: LogWitnessSchema } } },
    async (request, reply) => {
      const added = await addLogWitness(ctx, request.body, {
        actor: actorOf(request.principal),
        requestId: request.id,
      });
      return reply.code(201).send(added);
    },
  );
}
