import { ServerError } from '../errors.js';
import type { Principal } from './principal.js';

/**
 * The finer check a use case makes after the route table let the caller in: may this
 * principal act for this issuer (its own organisation only) and on this licence type (its
 * registered types)? Staff act for their organisation; platform staff (no organisation) for
 * any. Throws `ERR_AUTH_ISSUER_FORBIDDEN` / `ERR_AUTH_TYPE_FORBIDDEN` (403).
 *
 * @example assertMayActFor(request.principal, { issuerCode: input.issuerCode, typeCode: input.typeCode });
 */
export function assertMayActFor(
  principal: Principal,
  target: { readonly issuerCode?: string | undefined; readonly typeCode?: string | undefined },
): void {
  const { issuerCode, typeCode } = target;
  switch (principal.kind) {
    case 'client':
      if (issuerCode !== undefined && issuerCode !== principal.organisationCode) {
        throw new ServerError('ERR_AUTH_ISSUER_FORBIDDEN', { field: 'issuerCode', params: { issuerCode } });
      }
      if (typeCode !== undefined && principal.licenceTypes !== '*' && !principal.licenceTypes.includes(typeCode)) {
        throw new ServerError('ERR_AUTH_TYPE_FORBIDDEN', { field: 'typeCode', params: { typeCode } });
      }
      return;
    case 'staff':
      if (
        issuerCode !== undefined &&
        principal.organisationCode !== null &&
        issuerCode !== principal.organisationCode
      ) {
        throw new ServerError('ERR_AUTH_ISSUER_FORBIDDEN', { field: 'issuerCode', params: { issuerCode } });
      }
      return;
    case 'holder':
    case 'anonymous':
      if (issuerCode !== undefined) {
        throw new ServerError('ERR_AUTH_ISSUER_FORBIDDEN', { field: 'issuerCode', params: { issuerCode } });
      }
      if (typeCode !== undefined)
        throw new ServerError('ERR_AUTH_TYPE_FORBIDDEN', { field: 'typeCode', params: { typeCode } });
      return;
  }
}
