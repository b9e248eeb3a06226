import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { sealClearValues } from '../secrets/seal-clear-values.js';
import { createSubscription } from './create-subscription.js';
import { type OutboxDispatcher, startOutboxDispatcher } from './dispatch-outbox.js';
import { listDeliveries } from './list-deliveries.js';
import {
  CreatedSubscriptionSchema,
  DeliveryList,
  SubscriptionBody,
  SubscriptionParams,
} from './notifications.schema.js';
import { registerOutboxSink } from './outbox-sink.js';

export interface NotificationOptions {
  /** Run the outbox dispatcher while the app is up (default true); `false` for tools that only write. */
  readonly dispatch?: boolean | undefined;
  /** How often the dispatcher looks for due messages. */
  readonly intervalMs?: number | undefined;
}

/**
 * `POST /api/v1/subscriptions`, `GET /api/v1/subscriptions/{id}/deliveries`; registers the
 * outbox sink of `recordEvent`, and runs the dispatcher from `onReady` to `onClose`.
 */
export function registerNotificationRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: NotificationOptions = {},
): void {
  registerOutboxSink();
  // Secrets written in clear before migration 0021 are sealed when the node starts. A store that
  // does not answer must not keep the node from starting (its health route then says 503 and
  // why): the pass is logged and runs again at the next start, and the dispatcher seals any clear
  // secret it meets before using it.
  app.addHook('onReady', async () => {
    try {
      await sealClearValues(ctx.store.db, ctx.secrets);
    } catch (error) {
      app.log.error({ err: error }, 'sealing webhook secrets stored in clear failed; retried at the next start');
    }
  });
  if (options.dispatch !== false) {
    let dispatcher: OutboxDispatcher | undefined;
    app.addHook('onReady', async () => {
      dispatcher = startOutboxDispatcher(ctx.store.db, {
        now: ctx.now,
        secrets: ctx.secrets,
        intervalMs: options.intervalMs ?? 1000,
        onError: (error) => app.log.error({ err: error }, 'webhook dispatch round failed'),
      });
    });
    app.addHook('onClose', async () => {
      await dispatcher?.stop();
    });
  }

  app.post<{ Body: SubscriptionBody }>(
    '/api/v1/subscriptions',
    { schema: { tags: ['notifications'], body: SubscriptionBody, response: { 201: CreatedSubscriptionSchema } } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind !== 'client')
        throw new ServerError('ERR_NOTIFICATIONS_TYPE_FORBIDDEN', { params: { typeCode: '*' } });
      const created = await createSubscription(ctx.store.db, ctx.secrets, principal, request.body, ctx.now());
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
