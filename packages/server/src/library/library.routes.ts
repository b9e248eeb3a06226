import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { findLicences } from './find-licences.js';
import { getLicence, getLicenceHistory } from './get-licence.js';
import {
  FindQuery,
  IdentifierParams,
  LicenceHistorySchema,
  LicencePageSchema,
  LicenceStatisticsSchema,
  ReadQuery,
} from './library.schema.js';
import { LicenceViewSchema } from './licence.schema.js';
import { licenceStatistics } from './licence-statistics.js';

/** `GET /api/v1/licences`, `/{identifier}`, `/{identifier}/history`, and `GET /api/v1/statistics/licences`. */
export function registerLibraryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: FindQuery }>(
    '/api/v1/licences',
    { schema: { tags: ['licences'], querystring: FindQuery, response: { 200: LicencePageSchema } } },
    async (request) => {
      const { useCause, ...query } = request.query;
      return findLicences(ctx, request.principal, query, { useCause, requestId: request.id });
    },
  );

  app.get<{ Params: IdentifierParams; Querystring: ReadQuery }>(
    '/api/v1/licences/:identifier',
    {
      schema: {
        tags: ['licences'],
        params: IdentifierParams,
        querystring: ReadQuery,
        response: { 200: LicenceViewSchema },
      },
    },
    async (request) => {
      const { origin: _origin, ...view } = await getLicence(ctx, request.principal, request.params.identifier, {
        useCause: request.query.useCause,
        requestId: request.id,
      });
      return view;
    },
  );

  app.get<{ Params: IdentifierParams; Querystring: ReadQuery }>(
    '/api/v1/licences/:identifier/history',
    {
      schema: {
        tags: ['licences'],
        params: IdentifierParams,
        querystring: ReadQuery,
        response: { 200: LicenceHistorySchema },
      },
    },
    async (request) =>
      getLicenceHistory(ctx, request.principal, request.params.identifier, {
        useCause: request.query.useCause,
        requestId: request.id,
      }),
  );

  app.get(
    '/api/v1/statistics/licences',
    { schema: { tags: ['licences'], response: { 200: LicenceStatisticsSchema } } },
    async () => licenceStatistics(ctx.store.db),
  );
}
