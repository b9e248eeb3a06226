import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { ResolvedAuth } from './auth-plugin.js';
import { registerClientRoutes } from './clients.routes.js';
import { registerOAuthRoutes } from './oauth.routes.js';
import { registerStaffRoutes } from './staff.routes.js';

/**
 * Every route of `auth/`: the OAuth 2 token and revocation endpoints, client administration,
 * staff users and sessions.
 *
 * @example registerAuthRoutes(app, ctx, registerAuth(app, ctx));
 */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext, auth: ResolvedAuth): void {
  registerOAuthRoutes(app, ctx, auth);
  registerClientRoutes(app, ctx);
  registerStaffRoutes(app, ctx, auth);
}
