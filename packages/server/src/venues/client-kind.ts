import type { AppContext } from '../app-context.js';
import type { ClientKind, ClientPrincipal, Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';

/**
 * Refuses a caller that is not an API client of `kind` (`ERR_VENUE_CLIENT_KIND`, 403). The
 * route table admits clients by scope; the kind is the client's registration, read here.
 *
 * @example const venue = await assertClientKind(ctx, request.principal, 'venue');
 */
export async function assertClientKind(
  ctx: AppContext,
  principal: Principal,
  kind: ClientKind,
): Promise<ClientPrincipal> {
  const row =
    principal.kind === 'client'
      ? await ctx.store.db
          .selectFrom('api_clients')
          .select(['kind'])
          .where('id', '=', principal.clientId)
          .executeTakeFirst()
      : undefined;
  if (principal.kind !== 'client' || row === undefined || row.kind !== kind) {
    throw new ServerError('ERR_VENUE_CLIENT_KIND', {
      params: { kind, found: row?.kind ?? principal.kind },
    });
  }
  return principal;
}
