import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';

/** Which licences a principal may read: some types (or all), and/or one issuer's own. */
export interface ReadReach {
  readonly typeCodes: readonly string[] | '*';
  readonly ownIssuer?: string | undefined;
}

/**
 * What a principal may read in the library. Relying parties (`licence:read`): the types their
 * client is registered for. Issuers: their own licences, whatever the type (a department
 * reads what it issued; a client is a department's when it may issue or keep status). Auditors and platform staff: everything. Department operators:
 * their department's. Holders: through grants (issue 5), not here.
 *
 * @example readReach({ kind: 'client', clientId, organisationCode, scopes: ['licence:read'], licenceTypes: ['…W032'] })
 */
export function readReach(principal: Principal): ReadReach {
  switch (principal.kind) {
    case 'client':
      return {
        typeCodes: principal.scopes.includes('licence:read') ? principal.licenceTypes : [],
        // A department's client (it issues or keeps status) reads what its department issued.
        ...(principal.scopes.includes('licence:issue') || principal.scopes.includes('licence:status')
          ? { ownIssuer: principal.organisationCode }
          : {}),
      };
    case 'staff':
      if (principal.roles.includes('platform-admin') || principal.roles.includes('auditor')) return { typeCodes: '*' };
      return {
        typeCodes: [],
        ownIssuer: principal.roles.includes('department-operator')
          ? (principal.organisationCode ?? undefined)
          : undefined,
      };
    default:
      return { typeCodes: [] };
  }
}

/** True when the reach covers a licence of this type and issuer. */
export function reaches(reach: ReadReach, typeCode: string, issuerCode: string): boolean {
  if (reach.ownIssuer !== undefined && reach.ownIssuer === issuerCode) return true;
  return reach.typeCodes === '*' || reach.typeCodes.includes(typeCode);
}

/**
 * Refuses a read outside the principal's reach (`ERR_LIBRARY_TYPE_FORBIDDEN`, 403), before
 * anything is looked up (so the answer does not tell whether the licence exists).
 */
export function assertMayRead(principal: Principal, typeCode: string, issuerCode: string): void {
  if (!reaches(readReach(principal), typeCode, issuerCode)) {
    throw new ServerError('ERR_LIBRARY_TYPE_FORBIDDEN', { field: 'typeCode', params: { typeCode } });
  }
}
