/** `GET /api/v1/audit`: the audit trail, for auditors (staff) and clients with `audit:read`. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { actorOf } from '../auth/principal.js';
import { recordAccess } from '../events/record-access.js';
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
}
