import type { AppContext } from '../app-context.js';
import { type ClientPrincipal, isScope, type StaffPrincipal } from '../auth/principal.js';
import { ServerError } from '../errors.js';

/**
 * A counter clerk (staff role `counter-clerk`) acts through the relying-party client a grant
 * was given to, and only when that client belongs to the clerk's own organisation
 * (docs/design/counter-prefill.md). The holder granted the *relying party* (the registered
 * client, as the consent receipt names it), so the fetch that follows is that client's: its
 * clearance masks the fields, its name is what the holder's usage records show, and a grant
 * given to another organisation's client is refused exactly as it is for that other client
 * (`ERR_GRANTS_WRONG_CLIENT`). The clerk stays the actor of the `matter.prefilled` event.
 *
 * @example const client = await actForRelyingParty(ctx, clerk, grantId); // { kind: 'client', clientId: 'cl_…', … }
 */
export async function actForRelyingParty(
  ctx: AppContext,
  clerk: StaffPrincipal,
  grantId: string,
): Promise<ClientPrincipal> {
  if (!clerk.roles.includes('counter-clerk') || clerk.organisationCode === null) {
    throw new ServerError('ERR_AUTH_FORBIDDEN', {
      params: { principal: `staff user ${clerk.username}`, route: 'prefill (no relying-party organisation)' },
    });
  }
  const grant = await ctx.store.db
    .selectFrom('grants')
    .select(['id', 'client_id'])
    .where('id', '=', grantId)
    .executeTakeFirst();
  if (grant === undefined) throw new ServerError('ERR_GRANTS_NOT_FOUND', { field: 'grantId', params: { grantId } });
  const client = await ctx.store.db
    .selectFrom('api_clients')
    .select(['id', 'kind', 'status', 'organisation_code', 'scopes', 'licence_types'])
    .where('id', '=', grant.client_id)
    .executeTakeFirst();
  const scopes = client === undefined ? [] : (JSON.parse(client.scopes) as unknown[]).filter(isScope);
  // The same answer whether the client is another organisation's, disabled, or cannot read
  // licences: the clerk learns nothing about clients that are not theirs to use.
  if (
    client === undefined ||
    client.organisation_code !== clerk.organisationCode ||
    client.kind !== 'relying-party' ||
    client.status !== 'active' ||
    !scopes.includes('licence:read')
  ) {
    throw new ServerError('ERR_GRANTS_WRONG_CLIENT', { field: 'grantId', params: { grantId } });
  }
  const types = JSON.parse(client.licence_types) as unknown;
  return {
    kind: 'client',
    clientId: client.id,
    organisationCode: client.organisation_code,
    // Only what a prefill needs, whatever else the client may do.
    scopes: ['licence:read'],
    licenceTypes: Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : '*',
  };
}
