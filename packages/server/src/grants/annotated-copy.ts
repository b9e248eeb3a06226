/**
 * The annotated copy (加注件) of a licence a relying party fetched with a grant: the printed
 * licence (printing's `renderAnnotatedCopyPdf`) carrying the use cause, the relying party and
 * an expiry, all bound into the signed print code. It is made from a usage record, so every
 * copy belongs to one recorded use:
 *
 * - only the client that made the use, and only a use made with a grant (a show code
 *   authorises the fields it discloses, and a copy prints the whole face);
 * - the grant must still be live (not revoked, not expired) and the licence valid now;
 * - the client's clearance must cover every face field of the type: a copy prints the face
 *   unmasked, so it must never show what the fetch itself would have masked;
 * - it expires when the grant does, and at most 30 days after it is made.
 */
import { isSensitivityGrade, type PrintAnnotation, type Uscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { readLicenceView } from '../library/read-licence-view.js';
import { type PrintedPdf, renderAnnotatedCopyPdf } from '../printing/print-licence.js';
import { clearanceOf } from './clearance.js';

/** The longest an annotated copy stays valid. */
export const ANNOTATED_COPY_MAX_DAYS = 30;

/**
 * Renders the annotated copy of the licence a usage record delivered, and records the access
 * (`licence.annotated-copy`, with the record's use cause).
 *
 * @example const { pdf, filename } = await annotatedCopy(ctx, principal, usageRecordId, { publicUrl });
 */
export async function annotatedCopy(
  ctx: AppContext,
  principal: Principal,
  usageRecordId: unknown,
  options: { readonly publicUrl: string; readonly requestId?: string | undefined },
): Promise<PrintedPdf> {
  if (principal.kind !== 'client')
    throw new ServerError('ERR_AUTH_FORBIDDEN', { params: { principal: principal.kind } });
  const id = typeof usageRecordId === 'string' && usageRecordId.length <= 64 ? usageRecordId : '';
  const db = ctx.store.db;
  const record = await db.selectFrom('usage_records').selectAll().where('id', '=', id).executeTakeFirst();
  // Another client's record answers as a missing one: record ids name a holder's use.
  if (record === undefined || record.client_id !== principal.clientId) {
    throw new ServerError('ERR_GRANTS_USAGE_RECORD_NOT_FOUND', { field: 'usageRecordId', params: { id } });
  }
  if (record.via !== 'grant' || record.grant_id === null) {
    throw new ServerError('ERR_GRANTS_COPY_NEEDS_GRANT', { field: 'usageRecordId', params: { id } });
  }
  const grant = await db.selectFrom('grants').selectAll().where('id', '=', record.grant_id).executeTakeFirstOrThrow();
  const now = ctx.now();
  if (grant.status === 'revoked') {
    throw new ServerError('ERR_GRANTS_REVOKED', { params: { grantId: grant.id, revokedAt: grant.revoked_at ?? '' } });
  }
  if (now.getTime() >= Date.parse(grant.valid_until)) {
    throw new ServerError('ERR_GRANTS_EXPIRED', { params: { grantId: grant.id, validUntil: grant.valid_until } });
  }
  const view = await readLicenceView(db, record.identifier);
  if (view === undefined) {
    throw new ServerError('ERR_LIBRARY_NOT_FOUND', { params: { identifier: record.identifier } });
  }
  if (view.status.status !== 'valid') {
    throw new ServerError('ERR_GRANTS_LICENCE_NOT_VALID', {
      params: { identifier: record.identifier, status: view.status.status },
    });
  }
  const type = await getLicenceType(ctx, record.type_code);
  const clearance = await clearanceOf(ctx, principal.clientId);
  // A person's ID number (grade 3) is printed with the holder; organisations' codes are public.
  const holderGrade = ['001', '099'].includes(view.licence.metadata.certificateHolderTypeCode) ? 1 : 3;
  const needed = Math.max(holderGrade, ...type.faceFields.map((f) => f.sensitivity));
  if (!isSensitivityGrade(needed) || clearance < needed) {
    throw new ServerError('ERR_GRANTS_COPY_CLEARANCE', {
      params: { clearance, needed, typeCode: record.type_code },
    });
  }
  const client = await db
    .selectFrom('api_clients as c')
    .leftJoin('organisations as o', 'o.code', 'c.organisation_code')
    .select(['c.name', 'c.organisation_code', 'o.name_zh'])
    .where('c.id', '=', principal.clientId)
    .executeTakeFirstOrThrow();
  const expiresAt = new Date(
    Math.min(Date.parse(grant.valid_until), now.getTime() + ANNOTATED_COPY_MAX_DAYS * 86_400_000),
  );
  const annotation: PrintAnnotation = {
    useCause: record.use_cause,
    relyingPartyCode: client.organisation_code as Uscc,
    relyingPartyName: client.name_zh ?? client.name,
    expiresAt,
  };
  const printed = await renderAnnotatedCopyPdf(
    ctx,
    { licence: view.licence, type, status: view.status.status, annotation },
    { publicUrl: options.publicUrl },
  );
  await recordAccess(db, {
    actor: actorOf(principal),
    action: 'licence.annotated-copy',
    target: record.identifier,
    useCause: record.use_cause,
    requestId: options.requestId,
    details: { usageRecordId: record.id, grantId: grant.id, expiresAt: expiresAt.toISOString() },
    at: now.toISOString(),
  });
  return printed;
}
