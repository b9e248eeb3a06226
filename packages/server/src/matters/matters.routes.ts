/** `/api/v1/matters/…` and `/api/v1/kiosk/…`: thin — parse, call the use case, present. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf, type ClientPrincipal, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { getMatter, listMatters } from './get-matter.js';
import {
  consentKioskSession,
  getKioskSession,
  identifyKioskHolder,
  startKioskSession,
  submitKioskSession,
} from './kiosk-sessions.js';
import { matterFigures } from './matter-figures.js';
import {
  FiguresSchema,
  type KioskConsent,
  KioskConsentSchema,
  type KioskIdentify,
  KioskIdentifySchema,
  type KioskParams,
  KioskParamsSchema,
  type KioskStart,
  KioskStartSchema,
  type KioskSubmit,
  KioskSubmitSchema,
  type MatterCreate,
  MatterCreateSchema,
  type MatterListQuery,
  MatterListQuerySchema,
  MatterPageSchema,
  type MatterParams,
  MatterParamsSchema,
  MatterSchema,
  type MatterUpdate,
  MatterUpdateSchema,
  type PrefillBody,
  PrefillBodySchema,
} from './matters.schema.js';
import { prefillMatter } from './prefill-matter.js';
import { createMatter, updateMatter } from './save-matter.js';

/** The route table admits only clients with `kiosk` here; this narrows the type for the use cases. */
function kioskOf(principal: Principal): ClientPrincipal {
  if (principal.kind !== 'client')
    throw new ServerError('ERR_AUTH_FORBIDDEN', {
      params: { principal: 'a caller that is not a kiosk', route: 'kiosk sessions' },
    });
  return principal;
}

export function registerMatterRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: { readonly publicUrl: string },
): void {
  const tags = ['matters'];
  const by = (request: FastifyRequest) => ({ actor: actorOf(request.principal), requestId: request.id });

  app.get<{ Querystring: MatterListQuery }>(
    '/api/v1/matters',
    { schema: { tags, querystring: MatterListQuerySchema, response: { 200: MatterPageSchema } } },
    async (request) => listMatters(ctx, request.query),
  );
  app.post<{ Body: MatterCreate }>(
    '/api/v1/matters',
    { schema: { tags, body: MatterCreateSchema, response: { 201: MatterSchema } } },
    async (request, reply) => reply.code(201).send(await createMatter(ctx, request.body, by(request))),
  );
  app.get('/api/v1/matters/figures', { schema: { tags, response: { 200: FiguresSchema } } }, async () =>
    matterFigures(ctx),
  );
  app.get<{ Params: MatterParams }>(
    '/api/v1/matters/:code',
    { schema: { tags, params: MatterParamsSchema, response: { 200: MatterSchema } } },
    async (request) => getMatter(ctx, request.params.code),
  );
  app.put<{ Params: MatterParams; Body: MatterUpdate }>(
    '/api/v1/matters/:code',
    { schema: { tags, params: MatterParamsSchema, body: MatterUpdateSchema, response: { 200: MatterSchema } } },
    async (request) => updateMatter(ctx, request.params.code, request.body, by(request)),
  );
  app.post<{ Params: MatterParams; Body: PrefillBody }>(
    '/api/v1/matters/:code/prefill',
    { schema: { tags, params: MatterParamsSchema, body: PrefillBodySchema } },
    async (request) =>
      prefillMatter(ctx, request.principal, request.params.code, request.body, {
        requestId: request.id,
        publicUrl: options.publicUrl,
      }),
  );

  const kioskTags = ['kiosk'];
  const kioskOptions = (request: FastifyRequest) => ({ requestId: request.id, publicUrl: options.publicUrl });
  app.post<{ Body: KioskStart }>(
    '/api/v1/kiosk/sessions',
    { schema: { tags: kioskTags, body: KioskStartSchema } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await startKioskSession(ctx, kioskOf(request.principal), request.body, kioskOptions(request))),
  );
  app.get<{ Params: KioskParams }>(
    '/api/v1/kiosk/sessions/:id',
    { schema: { tags: kioskTags, params: KioskParamsSchema } },
    async (request) => getKioskSession(ctx, kioskOf(request.principal), request.params.id),
  );
  app.post<{ Params: KioskParams; Body: KioskIdentify }>(
    '/api/v1/kiosk/sessions/:id/identify',
    { schema: { tags: kioskTags, params: KioskParamsSchema, body: KioskIdentifySchema } },
    async (request) =>
      identifyKioskHolder(ctx, kioskOf(request.principal), request.params.id, request.body, kioskOptions(request)),
  );
  app.post<{ Params: KioskParams; Body: KioskConsent }>(
    '/api/v1/kiosk/sessions/:id/consent',
    { schema: { tags: kioskTags, params: KioskParamsSchema, body: KioskConsentSchema } },
    async (request) =>
      consentKioskSession(ctx, kioskOf(request.principal), request.params.id, request.body, kioskOptions(request)),
  );
  app.post<{ Params: KioskParams; Body: KioskSubmit }>(
    '/api/v1/kiosk/sessions/:id/submit',
    { schema: { tags: kioskTags, params: KioskParamsSchema, body: KioskSubmitSchema } },
    async (request) =>
      submitKioskSession(ctx, kioskOf(request.principal), request.params.id, request.body, kioskOptions(request)),
  );
}
