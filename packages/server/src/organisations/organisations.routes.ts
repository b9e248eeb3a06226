/** `GET/POST /api/v1/organisations`, `GET /api/v1/organisations/{uscc}`: thin — parse, call the use case, present. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf } from '../auth/principal.js';
import { createOrganisation } from './create-organisation.js';
import { getOrganisation } from './get-organisation.js';
import { listOrganisations } from './list-organisations.js';
import {
  type OrganisationInputBody,
  OrganisationInputSchema,
  OrganisationPageSchema,
  type OrganisationQuery,
  OrganisationQuerySchema,
  OrganisationSchema,
  type UsccParams,
  UsccParamsSchema,
} from './organisations.schema.js';

export function registerOrganisationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: OrganisationQuery }>(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        querystring: OrganisationQuerySchema,
        response: { 200: OrganisationPageSchema },
      },
    },
    async (request) => listOrganisations(ctx, request.query),
  );

  app.post<{ Body: OrganisationInputBody }>(
    '/api/v1/organisations',
    { schema: { tags: ['organisations'], body: OrganisationInputSchema, response: { 201: OrganisationSchema } } },
    async (request, reply) => {
      const organisation = await createOrganisation(ctx, request.body, {
        actor: actorOf(request.principal),
        requestId: request.id,
      });
      return reply.code(201).send(organisation);
    },
  );

  app.get<{ Params: UsccParams }>(
    '/api/v1/organisations/:uscc',
    { schema: { tags: ['organisations'], params: UsccParamsSchema, response: { 200: OrganisationSchema } } },
    async (request) => getOrganisation(ctx, request.params.uscc),
  );
}
