import { HutongError, parseTypeCode, parseUscc, validateHolderCode } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/index.js';
import { type ReadOptions, useCauseOf } from './get-licence.js';
import { holderIndex } from './holder-index.js';
import { type LicencePage, queryLicences } from './query-licences.js';
import { reaches, readReach } from './read-reach.js';

/** `GET /api/v1/licences` query: by holder (code + code type), type, issuer; keyset paging. */
export interface LicenceQuery {
  readonly holderCode?: string | undefined;
  readonly holderCodeType?: string | undefined;
  readonly typeCode?: string | undefined;
  readonly issuerCode?: string | undefined;
  readonly status?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

function relabel<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError && error.field !== field) {
      throw new HutongError(error.code, {
        field,
        params: { ...error.params, segment: error.field ?? '' },
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Lists licences by holder (GB/T 36906's query by holder code + holder code type, optional
 * type), by type or by issuer, within what the principal may read, a page at a time. The
 * holder code is hashed with the holder-index key (and the keys of earlier master keys,
 * so a rotation never hides licences) and never stored or logged in clear; the read is
 * recorded with its use cause.
 *
 * @example const page = await findLicences(ctx, principal, { holderCode, holderCodeType: '111' }, { useCause });
 */
export async function findLicences(
  ctx: AppContext,
  principal: Principal,
  query: LicenceQuery,
  options: ReadOptions,
): Promise<LicencePage> {
  const reach = readReach(principal);
  const typeCode = query.typeCode === undefined ? undefined : relabel('typeCode', () => parseTypeCode(query.typeCode));
  const issuerCode =
    query.issuerCode === undefined ? undefined : relabel('issuerCode', () => parseUscc(query.issuerCode));
  if (
    typeCode !== undefined &&
    !(reach.typeCodes === '*' || reach.typeCodes.includes(typeCode)) &&
    reach.ownIssuer === undefined
  ) {
    throw new ServerError('ERR_LIBRARY_TYPE_FORBIDDEN', { field: 'typeCode', params: { typeCode } });
  }
  if (typeCode !== undefined && issuerCode !== undefined && !reaches(reach, typeCode, issuerCode)) {
    throw new ServerError('ERR_LIBRARY_TYPE_FORBIDDEN', { field: 'typeCode', params: { typeCode } });
  }
  let holderIndexes: string[] | undefined;
  if (query.holderCode !== undefined || query.holderCodeType !== undefined) {
    const holder = relabel('holderCode', () =>
      validateHolderCode(query.holderCodeType, query.holderCode, { legacy: true }),
    );
    const keys = [ctx.secrets, ...ctx.secrets.previous].map((secrets) => secrets.purposeKey('holder-index'));
    holderIndexes = keys.map((key) => holderIndex(key, holder.holderCodeType, holder.holderCode));
  }
  const useCause = useCauseOf(principal, options.useCause);
  const page = await queryLicences(
    ctx.store.db,
    {
      ...(holderIndexes === undefined ? {} : { holderIndexes }),
      ...(typeCode === undefined ? {} : { typeCode }),
      ...(issuerCode === undefined ? {} : { issuerCode }),
      ...(query.status === undefined ? {} : { status: query.status }),
      reach,
    },
    { ...(query.limit === undefined ? {} : { limit: query.limit }), cursor: query.cursor },
  );
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'licence.query',
    target: typeCode ?? issuerCode ?? 'holder',
    useCause,
    requestId: options.requestId,
    details: {
      ...(holderIndexes === undefined ? {} : { holder: holderIndexes[0] }),
      ...(typeCode === undefined ? {} : { typeCode }),
      ...(issuerCode === undefined ? {} : { issuerCode }),
      identifiers: page.items.map((item) => item.licence.metadata.certificateIdentifier),
    },
    at: ctx.now().toISOString(),
  });
  return page;
}
