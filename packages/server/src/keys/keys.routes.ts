/** `/api/v1/issuers/{uscc}/keys…`: thin — parse, call the use case, present. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf } from '../auth/principal.js';
import { generateIssuerKey } from './generate-issuer-key.js';
import { publishedKeyOf } from './issuer-key.js';
import {
  type AddKeyBody,
  AddKeyBodySchema,
  IssuerKeySchema,
  type IssuerParams,
  IssuerParamsSchema,
  type KeyParams,
  KeyParamsSchema,
  PublishedKeysSchema,
  type RevokeKeyBody,
  RevokeKeyBodySchema,
  type RotateKeyBody,
  RotateKeyBodySchema,
  RotationSchema,
} from './keys.schema.js';
import { listIssuerKeys } from './list-issuer-keys.js';
import { registerExternalKey } from './register-external-key.js';
import { retireIssuerKey } from './retire-issuer-key.js';
import { revokeIssuerKey } from './revoke-issuer-key.js';
import { rotateIssuerKey } from './rotate-issuer-key.js';

/** Keys change rarely and verifiers poll: a short shared cache, revalidated. */
const KEYS_CACHE_CONTROL = 'public, max-age=300, must-revalidate';

export function registerKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: IssuerParams }>(
    '/api/v1/issuers/:uscc/keys',
    { schema: { tags: ['keys'], params: IssuerParamsSchema, response: { 200: PublishedKeysSchema } } },
    async (request, reply) => {
      const keys = await listIssuerKeys(ctx, request.params.uscc);
      return reply.header('cache-control', KEYS_CACHE_CONTROL).send(keys.map(publishedKeyOf));
    },
  );

  app.post<{ Params: IssuerParams; Body: AddKeyBody }>(
    '/api/v1/issuers/:uscc/keys',
    {
      schema: {
        tags: ['keys'],
        params: IssuerParamsSchema,
        body: AddKeyBodySchema,
        response: { 201: IssuerKeySchema },
      },
    },
    async (request, reply) => {
      const by = { actor: actorOf(request.principal), requestId: request.id };
      const { custody, ...input } = request.body;
      const key =
        custody === 'node'
          ? await generateIssuerKey(ctx, request.params.uscc, input, by)
          : await registerExternalKey(ctx, request.params.uscc, input, by);
      return reply.code(201).send(key);
    },
  );

  app.post<{ Params: IssuerParams; Body: RotateKeyBody }>(
    '/api/v1/issuers/:uscc/keys/rotate',
    {
      schema: {
        tags: ['keys'],
        params: IssuerParamsSchema,
        body: RotateKeyBodySchema,
        response: { 200: RotationSchema },
      },
    },
    async (request) =>
      rotateIssuerKey(ctx, request.params.uscc, request.body ?? {}, {
        actor: actorOf(request.principal),
        requestId: request.id,
      }),
  );

  app.post<{ Params: KeyParams }>(
    '/api/v1/issuers/:uscc/keys/:keyId/retire',
    { schema: { tags: ['keys'], params: KeyParamsSchema, response: { 200: IssuerKeySchema } } },
    async (request) =>
      retireIssuerKey(ctx, request.params.uscc, request.params.keyId, {
        actor: actorOf(request.principal),
        requestId: request.id,
      }),
  );

  app.post<{ Params: KeyParams; Body: RevokeKeyBody }>(
    '/api/v1/issuers/:uscc/keys/:keyId/revoke',
    {
      schema: {
        tags: ['keys'],
        params: KeyParamsSchema,
        body: RevokeKeyBodySchema,
        response: { 200: IssuerKeySchema },
      },
    },
    async (request) =>
      revokeIssuerKey(ctx, request.params.uscc, request.params.keyId, request.body, {
        actor: actorOf(request.principal),
        requestId: request.id,
      }),
  );
}
