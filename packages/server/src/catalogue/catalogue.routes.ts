/** `/api/v1/catalogue/…`: thin — parse, call the use case, present. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { permits } from '../auth/route-permission.js';
import { addScenario } from './add-scenario.js';
import { CATALOGUE_ADMIN } from './catalogue.permissions.js';
import {
  type LicenceTypeInput,
  LicenceTypeInputSchema,
  LicenceTypePageSchema,
  LicenceTypeSchema,
  type PublishBody,
  PublishBodySchema,
  type ResponsibilityInput,
  ResponsibilityInputSchema,
  ResponsibilityPageSchema,
  type ResponsibilityParams,
  ResponsibilityParamsSchema,
  type ResponsibilityQuery,
  ResponsibilityQuerySchema,
  ResponsibilitySchema,
  type ScenarioInput,
  ScenarioInputSchema,
  ScenarioPageSchema,
  type ScenarioParams,
  ScenarioParamsSchema,
  type ScenarioQuery,
  ScenarioQuerySchema,
  ScenarioSchema,
  type TypeParams,
  TypeParamsSchema,
  type TypeQuery,
  TypeQuerySchema,
  type VersionQuery,
  VersionQuerySchema,
} from './catalogue.schema.js';
import { createLicenceType } from './create-licence-type.js';
import { getLicenceType, listLicenceTypeVersions } from './get-licence-type.js';
import { listLicenceTypes } from './list-licence-types.js';
import { listResponsibilities } from './list-responsibilities.js';
import { listScenarios } from './list-scenarios.js';
import { publishLicenceType } from './publish-licence-type.js';
import { removeResponsibility } from './remove-responsibility.js';
import { removeScenario } from './remove-scenario.js';
import { retireLicenceType } from './retire-licence-type.js';
import { saveLicenceTypeDraft } from './save-licence-type-draft.js';
import { setResponsibility } from './set-responsibility.js';

/** Drafts are shown to catalogue administrators only. */
function seesDrafts(principal: Principal): boolean {
  return permits({ allow: CATALOGUE_ADMIN, summary: '' }, principal);
}

export function registerCatalogueRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tags = ['catalogue'];
  const by = (request: { principal: Principal; id: string }) => ({
    actor: actorOf(request.principal),
    requestId: request.id,
  });

  app.get<{ Querystring: TypeQuery }>(
    '/api/v1/catalogue/types',
    { schema: { tags, querystring: TypeQuerySchema, response: { 200: LicenceTypePageSchema } } },
    async (request) => listLicenceTypes(ctx, request.query, { includeDrafts: seesDrafts(request.principal) }),
  );

  app.post<{ Body: LicenceTypeInput }>(
    '/api/v1/catalogue/types',
    { schema: { tags, body: LicenceTypeInputSchema, response: { 201: LicenceTypeSchema } } },
    async (request, reply) => reply.code(201).send(await createLicenceType(ctx, request.body, by(request))),
  );

  app.get<{ Params: TypeParams; Querystring: VersionQuery }>(
    '/api/v1/catalogue/types/:code',
    {
      schema: { tags, params: TypeParamsSchema, querystring: VersionQuerySchema, response: { 200: LicenceTypeSchema } },
    },
    async (request) =>
      getLicenceType(ctx, request.params.code, {
        version: request.query.version,
        includeDrafts: seesDrafts(request.principal),
      }),
  );

  app.put<{ Params: TypeParams; Body: LicenceTypeInput }>(
    '/api/v1/catalogue/types/:code',
    { schema: { tags, params: TypeParamsSchema, body: LicenceTypeInputSchema, response: { 200: LicenceTypeSchema } } },
    async (request) => saveLicenceTypeDraft(ctx, request.params.code, request.body, by(request)),
  );

  app.get<{ Params: TypeParams }>(
    '/api/v1/catalogue/types/:code/versions',
    { schema: { tags, params: TypeParamsSchema, response: { 200: { type: 'array', items: LicenceTypeSchema } } } },
    async (request) =>
      listLicenceTypeVersions(ctx, request.params.code, { includeDrafts: seesDrafts(request.principal) }),
  );

  app.post<{ Params: TypeParams; Body: PublishBody }>(
    '/api/v1/catalogue/types/:code/publish',
    { schema: { tags, params: TypeParamsSchema, body: PublishBodySchema, response: { 200: LicenceTypeSchema } } },
    async (request) => publishLicenceType(ctx, request.params.code, request.body ?? {}, by(request)),
  );

  app.post<{ Params: TypeParams }>(
    '/api/v1/catalogue/types/:code/retire',
    { schema: { tags, params: TypeParamsSchema, response: { 200: LicenceTypeSchema } } },
    async (request) => retireLicenceType(ctx, request.params.code, by(request)),
  );

  app.get<{ Querystring: ResponsibilityQuery }>(
    '/api/v1/catalogue/responsibilities',
    { schema: { tags, querystring: ResponsibilityQuerySchema, response: { 200: ResponsibilityPageSchema } } },
    async (request) => listResponsibilities(ctx, request.query, { includeDrafts: seesDrafts(request.principal) }),
  );

  app.post<{ Body: ResponsibilityInput }>(
    '/api/v1/catalogue/responsibilities',
    { schema: { tags, body: ResponsibilityInputSchema, response: { 200: ResponsibilitySchema } } },
    async (request) => setResponsibility(ctx, request.body, by(request)),
  );

  app.delete<{ Params: ResponsibilityParams }>(
    '/api/v1/catalogue/responsibilities/:typeCode/:departmentCode',
    { schema: { tags, params: ResponsibilityParamsSchema } },
    async (request, reply) => {
      await removeResponsibility(ctx, request.params.typeCode, request.params.departmentCode, by(request));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: ScenarioQuery }>(
    '/api/v1/catalogue/scenarios',
    { schema: { tags, querystring: ScenarioQuerySchema, response: { 200: ScenarioPageSchema } } },
    async (request) => listScenarios(ctx, request.query, { includeDrafts: seesDrafts(request.principal) }),
  );

  app.post<{ Body: ScenarioInput }>(
    '/api/v1/catalogue/scenarios',
    { schema: { tags, body: ScenarioInputSchema, response: { 201: ScenarioSchema } } },
    async (request, reply) => reply.code(201).send(await addScenario(ctx, request.body, by(request))),
  );

  app.delete<{ Params: ScenarioParams }>(
    '/api/v1/catalogue/scenarios/:id',
    { schema: { tags, params: ScenarioParamsSchema } },
    async (request, reply) => {
      await removeScenario(ctx, request.params.id, by(request));
      return reply.code(204).send();
    },
  );
}
