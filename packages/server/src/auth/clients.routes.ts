/** Registered API clients, for platform administrators. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import {
  ClientListQuery,
  ClientPageSchema,
  ClientParams,
  ClientRegistrationBody,
  ClientViewSchema,
  RegisteredClientSchema,
} from './auth.schema.js';
import { disableClient, getClient, listClients, replaceClientSecret } from './manage-clients.js';
import { actorOf } from './principal.js';
import { registerClient } from './register-client.js';

export function registerClientRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: ClientRegistrationBody }>(
    '/api/v1/clients',
    { schema: { tags: ['auth'], body: ClientRegistrationBody, response: { 201: RegisteredClientSchema } } },
    async (request, reply) => {
      const registered = await registerClient(ctx, request.body, {
        actor: actorOf(request.principal),
        requestId: request.id,
      });
      return reply.code(201).send(registered);
    },
  );

  app.get<{ Querystring: Static<typeof ClientListQuery> }>(
    '/api/v1/clients',
    { schema: { tags: ['auth'], querystring: ClientListQuery, response: { 200: ClientPageSchema } } },
    async (request) =>
      listClients(ctx, {
        organisationCode: request.query.organisationCode,
        after: request.query.after,
        limit: request.query.limit ?? 50,
      }),
  );

  app.get<{ Params: Static<typeof ClientParams> }>(
    '/api/v1/clients/:clientId',
    { schema: { tags: ['auth'], params: ClientParams, response: { 200: ClientViewSchema } } },
    async (request) => getClient(ctx, request.params.clientId),
  );

  app.post<{ Params: Static<typeof ClientParams> }>(
    '/api/v1/clients/:clientId/disable',
    { schema: { tags: ['auth'], params: ClientParams, response: { 200: ClientViewSchema } } },
    async (request) =>
      disableClient(ctx, request.params.clientId, { actor: actorOf(request.principal), requestId: request.id }),
  );

  app.post<{ Params: Static<typeof ClientParams> }>(
    '/api/v1/clients/:clientId/secret',
    {
      schema: {
        tags: ['auth'],
        params: ClientParams,
        response: {
          200: Type.Object({ client: ClientViewSchema, clientSecret: Type.String() }, { additionalProperties: false }),
        },
      },
    },
    async (request) =>
      replaceClientSecret(ctx, request.params.clientId, { actor: actorOf(request.principal), requestId: request.id }),
  );
}
