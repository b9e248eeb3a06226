/**
 * Licences for a form, fetched through the grants domain's `fetchLicences` (`POST
 * /api/v1/fetch`): with a grant, what it covers, masked by the client's clearance; with show
 * codes, exactly the licence and the fields each code discloses. Each licence delivered is a
 * usage record the holder sees in their timeline. A masked value fills nothing.
 */
import { decodeShowCode, type FormValue, isHutongError } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { isServerError, ServerError } from '../errors.js';
import { type FetchedLicence, type FetchResult, fetchLicences } from '../grants/fetch-licences.js';
import type { AvailableLicence } from './fill-form.js';

export interface FetchedForForm {
  readonly licences: readonly AvailableLicence[];
  /** The keyed holder index of the licences (no holder code in clear). */
  readonly holderIndex: string | undefined;
  readonly holderCodeType: string | undefined;
  readonly usageRecords: readonly string[];
}

interface FetchOptions {
  readonly useCause: string;
  readonly requestId?: string | undefined;
  readonly publicUrl?: string | undefined;
}

/** The value at `face.<key>` / `metadata.<element>` of a delivered licence, unless masked. */
export function deliveredValues(fetched: FetchedLicence): (path: string) => FormValue | undefined {
  const masked = new Set(fetched.masked);
  const holder = fetched.holder;
  const metadata: Record<string, FormValue | undefined> = {
    certificateIdentifier: fetched.identifier,
    certificateIssuingAuthorityCode: fetched.issuerCode,
    certificateIssuingAuthorityName: fetched.issuerName,
    certificateEffectiveDate: fetched.effectiveDate,
    certificateExpiringDate: fetched.expiringDate,
    certificateHolderTypeCode: holder?.codeType,
    certificateHolderName: masked.has('certificateHolderName') ? undefined : holder?.name,
    certificateHolderCode: masked.has('certificateHolderCode') ? undefined : holder?.code,
  };
  return (path) => {
    const [scope, key = ''] = path.split('.', 2);
    if (scope === 'face') return masked.has(key) ? undefined : fetched.face[key];
    if (scope !== 'metadata') return undefined;
    if (Object.hasOwn(metadata, key)) return metadata[key];
    // A show code carries the licence number and name among its shown fields.
    return masked.has(key) ? undefined : fetched.face[key];
  };
}

function availableOf(fetched: FetchedLicence): AvailableLicence {
  return {
    identifier: fetched.identifier,
    version: fetched.version,
    typeCode: fetched.typeCode,
    ...(fetched.typeName === undefined ? {} : { typeName: fetched.typeName.zh, typeLabel: fetched.typeName }),
    issuerCode: fetched.issuerCode,
    status: fetched.status,
    valueAt: deliveredValues(fetched),
  };
}

/** A grants refusal about one show code, pointed at that code in this body. */
function relabel(error: unknown, field: string): unknown {
  if (isServerError(error) && error.field === 'code') {
    return new ServerError(error.code, { field, params: error.params, cause: error });
  }
  return error;
}

/**
 * Show codes, all of one holder (checked on the codes' identifiers before anything is fetched,
 * so a mismatch records no use), each fetched and recorded.
 *
 * @example const { licences } = await fetchShownLicences(ctx, principal, ['HT1:…'], { useCause });
 */
export async function fetchShownLicences(
  ctx: AppContext,
  principal: Principal,
  codes: readonly string[],
  options: FetchOptions,
): Promise<FetchedForForm> {
  let holderIndex: string | undefined;
  for (const [index, code] of codes.entries()) {
    let identifier: string;
    try {
      identifier = decodeShowCode(code).identifier;
    } catch (error) {
      if (!isHutongError(error)) throw error;
      // Unreadable: fetchLicences below refuses it with the precise reason.
      continue;
    }
    const row = await ctx.store.db
      .selectFrom('licences')
      .select('holder_index')
      .where('identifier', '=', identifier)
      .executeTakeFirst();
    if (row === undefined) continue;
    if (holderIndex !== undefined && row.holder_index !== holderIndex) {
      throw new ServerError('ERR_MATTERS_HOLDERS_DIFFER', { field: `showCodes[${index}]` });
    }
    holderIndex = row.holder_index;
  }
  const fetched: FetchedLicence[] = [];
  for (const [index, code] of codes.entries()) {
    let result: FetchResult;
    try {
      result = await fetchLicences(
        ctx,
        principal,
        { code, useCause: options.useCause },
        { requestId: options.requestId, ...(options.publicUrl === undefined ? {} : { url: options.publicUrl }) },
      );
    } catch (error) {
      throw relabel(error, `showCodes[${index}]`);
    }
    fetched.push(...result.licences);
  }
  return {
    licences: fetched.map(availableOf),
    holderIndex,
    holderCodeType: fetched[0]?.holder?.codeType,
    usageRecords: fetched.map((f) => f.usageRecordId),
  };
}

/**
 * The licences a grant covers that the matter reads (the grant's types the matter needs, or
 * every covered licence when the grant names specific licences only), fetched and recorded.
 */
export async function fetchGrantedLicences(
  ctx: AppContext,
  principal: Principal,
  grantId: string,
  matterTypes: readonly string[],
  options: FetchOptions,
): Promise<FetchedForForm> {
  const grant = await ctx.store.db
    .selectFrom('grants')
    .select(['type_codes', 'series', 'holder_index', 'holder_code_type'])
    .where('id', '=', grantId)
    .executeTakeFirst();
  let typeCodes: string[] | undefined;
  if (grant !== undefined) {
    const covered = JSON.parse(grant.type_codes) as string[];
    const series = JSON.parse(grant.series) as string[];
    const needed = covered.filter((code) => matterTypes.includes(code));
    // Nothing the matter needs and no specific licences: ask for one needed type, so that the
    // grants domain refuses precisely (ERR_GRANTS_TYPE_NOT_COVERED) after its own checks.
    typeCodes = needed.length > 0 ? needed : series.length > 0 ? undefined : matterTypes.slice(0, 1);
  }
  let result: FetchResult;
  try {
    result = await fetchLicences(
      ctx,
      principal,
      {
        grantId,
        useCause: options.useCause,
        ...(typeCodes === undefined || typeCodes.length === 0 ? {} : { typeCodes }),
      },
      { requestId: options.requestId, ...(options.publicUrl === undefined ? {} : { url: options.publicUrl }) },
    );
  } catch (error) {
    throw relabel(error, 'grantId');
  }
  return {
    licences: result.licences.map(availableOf),
    holderIndex: grant?.holder_index,
    holderCodeType: grant?.holder_code_type,
    usageRecords: result.licences.map((f) => f.usageRecordId),
  };
}
