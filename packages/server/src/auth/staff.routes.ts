/** Staff users and their sessions (the web UI's sign-in). */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import {
  CreatedStaffUserSchema,
  NewStaffUserBody,
  SessionSchema,
  SignInBody,
  StaffListQuery,
  StaffPageSchema,
} from './auth.schema.js';
import type { ResolvedAuth } from './auth-plugin.js';
import { clearedSessionCookies, sessionCookies } from './cookies.js';
import { actorOf } from './principal.js';
import { csrfTokenFor, signIn, signOut } from './staff-session.js';
import { createStaffUser, listStaffUsers } from './staff-users.js';

export function registerStaffRoutes(app: FastifyInstance, ctx: AppContext, auth: ResolvedAuth): void {
  app.post<{ Body: NewStaffUserBody }>(
    '/api/v1/staff',
    { schema: { tags: ['auth'], body: NewStaffUserBody, response: { 201: CreatedStaffUserSchema } } },
    async (request, reply) => {
      const created = await createStaffUser(ctx, request.body, {
        actor: actorOf(request.principal),
        requestId: request.id,
      });
      return reply.code(201).send(created);
    },
  );

  app.get<{ Querystring: Static<typeof StaffListQuery> }>(
    '/api/v1/staff',
    { schema: { tags: ['auth'], querystring: StaffListQuery, response: { 200: StaffPageSchema } } },
    async (request) => listStaffUsers(ctx, { after: request.query.after, limit: request.query.limit ?? 50 }),
  );

  app.post<{ Body: SignInBody }>(
    '/api/v1/session',
    { schema: { tags: ['auth'], body: SignInBody, response: { 201: SessionSchema } } },
    async (request, reply) => {
      let signedIn: Awaited<ReturnType<typeof signIn>>;
      try {
        signedIn = await signIn(
          ctx,
          { ...request.body, address: request.ip, requestId: request.id },
          auth.throttle,
          auth.session,
        );
      } catch (error) {
        if (error instanceof ServerError && error.code === 'ERR_AUTH_LOGIN_THROTTLED') {
          reply.header('retry-after', String(error.params.retryAfter));
        }
        throw error;
      }
      const secure = auth.secureCookies(request);
      reply.header(
        'set-cookie',
        sessionCookies(signedIn.sessionId, signedIn.csrfToken, { secure, maxAge: auth.session.absoluteSeconds }),
      );
      return reply.code(201).send({
        userId: signedIn.user.userId,
        username: signedIn.user.username,
        roles: signedIn.user.roles,
        organisationCode: signedIn.user.organisationCode,
        csrfToken: signedIn.csrfToken,
      });
    },
  );

  app.get('/api/v1/session', { schema: { tags: ['auth'], response: { 200: SessionSchema } } }, async (request) => {
    const principal = request.principal;
    if (principal.kind !== 'staff' || request.sessionId === undefined)
      throw new ServerError('ERR_AUTH_SESSION_INVALID');
    return {
      userId: principal.userId,
      username: principal.username,
      roles: principal.roles,
      organisationCode: principal.organisationCode,
      csrfToken: csrfTokenFor(ctx.secrets, request.sessionId),
    };
  });

  app.delete('/api/v1/session', { schema: { tags: ['auth'] } }, async (request, reply) => {
    if (request.sessionId !== undefined) {
      await signOut(ctx, request.sessionId, { actor: actorOf(request.principal), requestId: request.id });
    }
    return reply
      .code(204)
      .header('set-cookie', clearedSessionCookies(auth.secureCookies(request)))
      .send();
  });
}
