import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { createSubscription } from './create-subscription.js';
import { listDeliveries } from './list-deliveries.js';
import {
  CreatedSubscriptionSchema,
  DeliveryList,
  SubscriptionBody,
  SubscriptionParams,
} from './notifications.schema.js';
import { registerOutboxSink } from './outbox-sink.js';

/** `POST /api/v1/subscriptions`, `GET /api/v1/subscriptions/{id}/deliveries`; registers the outbox sink. */
export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerOutboxSink();

  app.post<{ Body: SubscriptionBody }>(
    '/api/v1/subscriptions',
    { schema: { tags: ['notifications'], body: SubscriptionBody, response: { 201: CreatedSubscriptionSchema } } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind !== 'client')
        throw new ServerError('ERR_NOTIFICATIONS_TYPE_FORBIDDEN', { params: { typeCode: '*' } });
      const created = await createSubscription(ctx.store.db, principal, request.body, ctx.now());
      return reply.code(201).send(created);
    },
  );

  app.get<{ Params: SubscriptionParams }>(
    '/api/v1/subscriptions/:id/deliveries',
    { schema: { tags: ['notifications'], params: SubscriptionParams, response: { 200: DeliveryList } } },
    async (request) => {
      const principal = request.principal;
      const clientId = principal.kind === 'client' ? principal.clientId : '';
      return { items: await listDeliveries(ctx.store.db, clientId, request.params.id) };
    },
  );
}
