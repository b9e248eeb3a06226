import { LICENCE_ID_ROOT, licenceIdParts } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { parseIdentifierParam } from '../library/get-licence.js';
import { assertClientKind } from '../venues/client-kind.js';
import { type Inspection, inspectionOf } from './record-inspection.js';

/**
 * The inspection history of a licence (every version of it: inspections follow the licence,
 * not one printout), oldest first. The issuing department (its operators, its clients with
 * `licence:issue` or `licence:status`) and platform auditors/administrators read all of it; an
 * inspector client reads the inspections of its own agency. Anyone else: 403 before anything
 * is looked up. The read is recorded.
 *
 * @example const { inspections } = await listInspections(ctx, principal, identifier, { requestId });
 */
export async function listInspections(
  ctx: AppContext,
  principal: Principal,
  identifier: unknown,
  options: { readonly requestId?: string | undefined } = {},
): Promise<{ readonly identifier: string; readonly inspections: readonly Inspection[] }> {
  const id = parseIdentifierParam(identifier);
  const { typeCode, issuerCode, serial } = licenceIdParts(id);
  const series = `${LICENCE_ID_ROOT}.${typeCode}.${issuerCode}.${serial}.`;
  let agency: string | undefined;
  if (
    principal.kind === 'client' &&
    principal.scopes.includes('verify') &&
    !principal.scopes.some((s) => s === 'licence:issue' || s === 'licence:status')
  ) {
    agency = (await assertClientKind(ctx, principal, 'inspector')).organisationCode;
  } else {
    const department =
      principal.kind === 'client'
        ? principal.organisationCode === issuerCode &&
          (principal.scopes.includes('licence:issue') || principal.scopes.includes('licence:status'))
        : principal.kind === 'staff'
          ? principal.roles.includes('platform-admin') ||
            principal.roles.includes('auditor') ||
            (principal.roles.includes('department-operator') && principal.organisationCode === issuerCode)
          : false;
    if (!department) {
      throw new ServerError('ERR_LIBRARY_TYPE_FORBIDDEN', { field: 'identifier', params: { typeCode } });
    }
  }
  let query = ctx.store.db.selectFrom('inspections').selectAll().where('identifier', 'like', `${series}%`);
  if (agency !== undefined) query = query.where('organisation_code', '=', agency);
  const rows = await query.orderBy('inspected_at').orderBy('id').execute();
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'inspection.history-read',
    target: id,
    useCause: undefined,
    requestId: options.requestId,
    details: { inspections: rows.length, ...(agency === undefined ? {} : { agency }) },
    at: ctx.now().toISOString(),
  });
  return { identifier: id, inspections: rows.map(inspectionOf) };
}
