import { isHutongError, type LicenceType, type SigningKey, type SuiteName } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { getIssuableType } from '../catalogue/get-issuable-type.js';
import { isServerError } from '../errors.js';
import { getIssuerSigningKey } from '../keys/get-issuer-signing-key.js';
import { getDepartment } from '../organisations/get-organisation.js';
import type { IssuerProfile } from './prepare-licence.js';

/** What issuing licences of one type by one issuer needs, looked up once per request. */
export interface IssuanceResources {
  readonly type: LicenceType;
  readonly issuer: IssuerProfile;
  readonly key: SigningKey;
}

/**
 * The published type (the issuer must be on its responsibility list: `getIssuableType`),
 * the issuer as licences name it, and its active signing key — of one of the type's
 * required suites when the type names some (GB/T 36902 + Hutong's `suites`).
 *
 * @example const { type, issuer, key } = await loadIssuance(ctx, typeCode, issuerCode);
 */
export async function loadIssuance(ctx: AppContext, typeCode: string, issuerCode: string): Promise<IssuanceResources> {
  const type = await getIssuableType(ctx, typeCode, issuerCode);
  const organisation = await getDepartment(ctx, issuerCode);
  const issuer: IssuerProfile = {
    code: organisation.code,
    name: organisation.name.zh,
    areaCode: organisation.areaCode,
  };
  const suites: ReadonlyArray<SuiteName | undefined> = type.suites ?? [undefined];
  let lastError: unknown;
  for (const suite of suites) {
    try {
      const { signingKey } = await getIssuerSigningKey(ctx, issuerCode, ctx.now(), suite);
      return { type, issuer, key: signingKey };
    } catch (error) {
      if (!isServerError(error) && !isHutongError(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Caches `loadIssuance` per (type, issuer) for one request: a batch names few of each. */
export function issuanceCache(ctx: AppContext): (typeCode: string, issuerCode: string) => Promise<IssuanceResources> {
  const cache = new Map<string, Promise<IssuanceResources>>();
  return (typeCode, issuerCode) => {
    const key = `${typeCode}|${issuerCode}`;
    let found = cache.get(key);
    if (found === undefined) {
      found = loadIssuance(ctx, typeCode, issuerCode);
      cache.set(key, found);
    }
    return found;
  };
}
