import type { AppContext } from '../app-context.js';
import { getIssuableType } from '../catalogue/get-issuable-type.js';
import { getIssuerSigningKey } from '../keys/get-issuer-signing-key.js';
import { getDepartment } from '../organisations/get-organisation.js';
import type { ImportSources } from './import-licences.js';

/**
 * The import's sources on a node's store: the catalogue's `getIssuableType` (published, not
 * retired, the issuer on the type's responsibility list), the department (`getDepartment`),
 * and its active signing key (`getIssuerSigningKey`, of the type's first required suite
 * when the type names suites).
 *
 * @example const summary = await importLicences(ctx, request, { by, publicUrl, sources: importSourcesFor(ctx) });
 */
export function importSourcesFor(ctx: AppContext): ImportSources {
  return {
    issuableType: (typeCode, issuerCode) => getIssuableType(ctx, typeCode, issuerCode),
    issuer: async (issuerCode) => {
      const department = await getDepartment(ctx, issuerCode);
      // GB/T 36903 certificateIssuingAuthorityName: the authority's name as licences print it.
      return { code: department.code, name: department.name.zh, areaCode: department.areaCode };
    },
    signingKey: async (issuerCode, type) =>
      (await getIssuerSigningKey(ctx, issuerCode, undefined, type.suites?.[0])).signingKey,
  };
}
