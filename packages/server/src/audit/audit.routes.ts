/** `GET /api/v1/audit`: the audit trail, for auditors (staff) and clients with `audit:read`; `GET /api/v1/statistics/activity`: its counts per day. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf } from '../auth/principal.js';
import { recordAccess } from '../events/record-access.js';
import { ACTIVITY_ACTIONS, activityStatistics } from './activity-statistics.js';
import { AUDIT_OUTCOMES } from './append-audit.js';
import { listAuditRecords } from './list-audit-records.js';

export const AuditQuerySchema = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    target: Type.Optional(Type.String({ maxLength: 500 })),
    outcome: Type.Optional(Type.Union(AUDIT_OUTCOMES.map((outcome) => Type.Literal(outcome)))),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ maxLength: 20 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const AuditPageSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        at: Type.String({ format: 'date-time' }),
        actor: Type.String(),
        action: Type.String(),
        target: Type.Union([Type.String(), Type.Null()]),
        useCause: Type.Union([Type.String(), Type.Null()]),
        outcome: Type.String(),
        requestId: Type.Union([Type.String(), Type.Null()]),
        details: Type.Unknown(),
        hash: Type.String(),
        prevHash: Type.String(),
      }),
    ),
    next: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ActivityQuerySchema = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'China days, today included' }),
    ),
  },
  { additionalProperties: false },
);

const ActionCounts = Type.Object(
  Object.fromEntries(ACTIVITY_ACTIONS.map((action) => [action, Type.Integer({ minimum: 0 })])),
  { additionalProperties: false },
);

export const ActivityStatisticsSchema = Type.Object(
  {
    days: Type.Array(
      Type.Object(
        { day: Type.String({ description: 'yyyy-MM-dd, China Standard Time' }), counts: ActionCounts },
        { additionalProperties: false },
      ),
    ),
    totals: ActionCounts,
  },
  { additionalProperties: false },
);

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Static<typeof AuditQuerySchema> }>(
    '/api/v1/audit',
    { schema: { tags: ['audit'], querystring: AuditQuerySchema, response: { 200: AuditPageSchema } } },
    async (request) => {
      const page = await listAuditRecords(ctx.store.db, { ...request.query, limit: request.query.limit ?? 100 });
      // Who read the audit trail is itself audited.
      await recordAccess(ctx.store.db, {
        actor: actorOf(request.principal),
        action: 'audit.read',
        useCause: undefined,
        requestId: request.id,
        details: { returned: page.items.length },
        at: ctx.now().toISOString(),
      });
      return page;
    },
  );

  app.get<{ Querystring: Static<typeof ActivityQuerySchema> }>(
    '/api/v1/statistics/activity',
    { schema: { tags: ['audit'], querystring: ActivityQuerySchema, response: { 200: ActivityStatisticsSchema } } },
    async (request) => activityStatistics(ctx.store.db, { days: request.query.days ?? 30, now: ctx.now() }),
  );
}
