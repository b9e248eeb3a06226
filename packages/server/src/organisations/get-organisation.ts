import { parseUscc, type Uscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { type Organisation, organisationOf } from './organisation.js';
import { within } from './strict-input.js';

/**
 * One organisation by its USCC; `ERR_ORGANISATIONS_NOT_FOUND` when the node does not know it
 * (a malformed code is core's USCC error, field `code`).
 *
 * @example const org = await getOrganisation(ctx, '116500000100000122'); org.name.zh
 */
export async function getOrganisation(ctx: Pick<AppContext, 'store'>, code: unknown): Promise<Organisation> {
  const uscc: Uscc = within('code', () => parseUscc(code));
  const row = await ctx.store.db.selectFrom('organisations').selectAll().where('code', '=', uscc).executeTakeFirst();
  if (row === undefined)
    throw new ServerError('ERR_ORGANISATIONS_NOT_FOUND', { field: 'code', params: { code: uscc } });
  return organisationOf(row);
}

/**
 * A department by its USCC, for the domains that need an issuer: unknown →
 * `ERR_ORGANISATIONS_NOT_FOUND`, a relying party → `ERR_ORGANISATIONS_NOT_DEPARTMENT`.
 *
 * @example const issuer = await getDepartment(ctx, issuerCode); issuer.areaCode // '650000'
 */
export async function getDepartment(ctx: Pick<AppContext, 'store'>, code: unknown): Promise<Organisation> {
  const organisation = await getOrganisation(ctx, code);
  if (organisation.kind !== 'department') {
    throw new ServerError('ERR_ORGANISATIONS_NOT_DEPARTMENT', {
      field: 'code',
      params: { code: organisation.code, kind: organisation.kind },
    });
  }
  return organisation;
}
