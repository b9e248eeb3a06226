import { HutongError, type LicenceId, licenceIdParts, parseLicenceId } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { parseUseCause } from '../audit/use-cause.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/index.js';
import { type LicenceView, readLicenceView, readStatusHistory, type StatusHistoryItem } from './read-licence-view.js';
import { assertMayRead } from './read-reach.js';

export interface ReadOptions {
  /** 用证事由: required from API clients (relying parties and issuers alike), 1–200 characters. */
  readonly useCause?: string | undefined;
  readonly requestId?: string | undefined;
}

/** Parses an identifier from a URL, naming the parameter at fault (the segment goes to params). */
export function parseIdentifierParam(value: unknown, field = 'identifier'): LicenceId {
  try {
    return parseLicenceId(value);
  } catch (error) {
    if (error instanceof HutongError) {
      throw new HutongError(error.code, {
        field,
        params: { ...error.params, segment: error.field ?? '' },
        cause: error,
      });
    }
    throw error;
  }
}

/** The use cause of a read: required from clients, optional for staff (their role is the basis). */
export function useCauseOf(principal: Principal, useCause: string | undefined): string | undefined {
  if (principal.kind === 'staff' && (useCause === undefined || useCause.trim() === '')) return undefined;
  return parseUseCause(useCause);
}

/**
 * One licence version by identifier (any version), with its status, encumbrances and
 * versions; the read is recorded with its use cause (`recordAccess`).
 *
 * @example const view = await getLicence(ctx, principal, identifier, { useCause: '办理不动产登记' });
 */
export async function getLicence(
  ctx: AppContext,
  principal: Principal,
  identifier: unknown,
  options: ReadOptions,
): Promise<LicenceView> {
  const id = parseIdentifierParam(identifier);
  const { typeCode, issuerCode } = licenceIdParts(id);
  assertMayRead(principal, typeCode, issuerCode);
  const useCause = useCauseOf(principal, options.useCause);
  const view = await readLicenceView(ctx.store.db, id);
  if (view === undefined)
    throw new ServerError('ERR_LIBRARY_NOT_FOUND', { field: 'identifier', params: { identifier: id } });
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'licence.read',
    target: id,
    useCause,
    requestId: options.requestId,
    details: { typeCode, issuerCode, version: view.licence.metadata.certificateVersion },
    at: ctx.now().toISOString(),
  });
  return view;
}

/** Versions and status history of a licence. */
export interface LicenceHistory {
  readonly versions: LicenceView['versions'];
  readonly events: readonly StatusHistoryItem[];
}

/**
 * Every version of a licence and every status event of each, in order; recorded like a read.
 *
 * @example const { versions, events } = await getLicenceHistory(ctx, principal, identifier, { useCause });
 */
export async function getLicenceHistory(
  ctx: AppContext,
  principal: Principal,
  identifier: unknown,
  options: ReadOptions,
): Promise<LicenceHistory> {
  const id = parseIdentifierParam(identifier);
  const { typeCode, issuerCode } = licenceIdParts(id);
  assertMayRead(principal, typeCode, issuerCode);
  const useCause = useCauseOf(principal, options.useCause);
  const view = await readLicenceView(ctx.store.db, id);
  if (view === undefined)
    throw new ServerError('ERR_LIBRARY_NOT_FOUND', { field: 'identifier', params: { identifier: id } });
  const events = await readStatusHistory(ctx.store.db, id);
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'licence.history',
    target: id,
    useCause,
    requestId: options.requestId,
    details: { typeCode, issuerCode },
    at: ctx.now().toISOString(),
  });
  return { versions: view.versions, events };
}
