/**
 * Printing a licence (打印件) and making an annotated copy (加注件): the print code signed with
 * the node's showing key, the PDF, and the read recorded with its use cause. Authorisation is
 * the caller's route (department readers, the holder) or use case (the grants domain, which
 * exposes annotated copies to relying parties).
 */
import {
  type CreatedPrintCode,
  createPrintCode,
  type Licence,
  type LicenceId,
  type LicenceType,
  licenceIdParts,
  type PrintAnnotation,
  verificationUrl,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { holderIndexesOf } from '../holders/holder-indexes.js';
import { getLicence, parseIdentifierParam, useCauseOf } from '../library/get-licence.js';
import { readLicenceView } from '../library/read-licence-view.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { renderPrintedPdf } from './render-printed-pdf.js';

/** A rendered PDF with the code in its QR. */
export interface PrintedPdf {
  readonly pdf: Uint8Array;
  readonly code: CreatedPrintCode;
  /** `<publicUrl>/v/<code>`: the QR code's text. */
  readonly url: string;
  /** `licence-<identifier>.pdf` (annotated copies: `annotated-copy-<identifier>.pdf`). */
  readonly filename: string;
  readonly identifier: LicenceId;
}

export interface PrintableLicence {
  readonly licence: Licence;
  readonly type: LicenceType;
  /** Core `LicenceStatus` now: only `valid` is printed. */
  readonly status: string;
}

export interface PrintOptions {
  /** The node's public base URL (`HUTONG_PUBLIC_URL`): the QR code points at its `/v/` page. */
  readonly publicUrl: string;
}

function assertPrintable(input: PrintableLicence): void {
  if (input.status !== 'valid') {
    throw new ServerError('ERR_PRINTING_LICENCE_NOT_VALID', {
      field: 'identifier',
      params: { identifier: input.licence.metadata.certificateIdentifier, status: input.status },
    });
  }
}

async function render(
  ctx: AppContext,
  input: PrintableLicence,
  options: PrintOptions,
  annotation?: PrintAnnotation,
): Promise<PrintedPdf> {
  assertPrintable(input);
  const { signingKey } = await ensureNodeKey(ctx, 'showing');
  const code = await createPrintCode(
    { licence: input.licence, type: input.type, ...(annotation === undefined ? {} : { annotation }) },
    signingKey,
    { now: ctx.now() },
  );
  const url = verificationUrl(options.publicUrl, code.text);
  const pdf = await renderPrintedPdf({
    licence: input.licence,
    type: input.type,
    status: input.status,
    code,
    verificationUrl: url,
  });
  const id = input.licence.metadata.certificateIdentifier;
  return {
    pdf,
    code,
    url,
    identifier: id,
    filename: `${annotation === undefined ? 'licence' : 'annotated-copy'}-${id}.pdf`,
  };
}

/**
 * The printed licence: its face, the identifier and issuer in text, and a QR code of its
 * verification page carrying a print code signed by the node. No authorisation and no access
 * record here (callers do both). Throws `ERR_PRINTING_LICENCE_NOT_VALID` for a licence that
 * is not valid now.
 *
 * @example const { pdf, code } = await renderLicencePdf(ctx, { licence, type, status: 'valid' }, { publicUrl });
 */
export async function renderLicencePdf(
  ctx: AppContext,
  input: PrintableLicence,
  options: PrintOptions,
): Promise<PrintedPdf> {
  return render(ctx, input, options);
}

/**
 * The annotated copy (加注件): the printed licence with a visible annotation — use cause,
 * relying party, expiry — that is also bound into the signed print code (a verifier refuses
 * the copy after its expiry). For the grants domain to expose to relying parties; throws
 * core's `ERR_PRINTING_INPUT` for a bad annotation (field `annotation.*`).
 *
 * @example
 * await renderAnnotatedCopyPdf(ctx, { licence, type, status: 'valid',
 *   annotation: { useCause: '办理不动产登记', relyingPartyCode, relyingPartyName: '某市不动产登记中心', expiresAt } }, { publicUrl });
 */
export async function renderAnnotatedCopyPdf(
  ctx: AppContext,
  input: PrintableLicence & { readonly annotation: PrintAnnotation },
  options: PrintOptions,
): Promise<PrintedPdf> {
  return render(ctx, input, options, input.annotation);
}

async function typeOf(ctx: AppContext, licence: Licence): Promise<LicenceType> {
  return getLicenceType(ctx, licence.metadata.certificateTypeCode);
}

/**
 * `GET /api/v1/licences/{identifier}/licence.pdf`: a reader of the library (the issuing
 * department's operators and clients, relying parties for their types) prints a licence; the
 * read is recorded (`licence.read`, with the use cause) like any read, and the print too.
 */
export async function printLicence(
  ctx: AppContext,
  principal: Principal,
  identifier: unknown,
  options: PrintOptions & { readonly useCause?: string | undefined; readonly requestId?: string | undefined },
): Promise<PrintedPdf> {
  const view = await getLicence(ctx, principal, identifier, {
    useCause: options.useCause,
    requestId: options.requestId,
  });
  const printed = await renderLicencePdf(
    ctx,
    { licence: view.licence, type: await typeOf(ctx, view.licence), status: view.status.status },
    options,
  );
  await recordPrint(ctx, principal, printed, useCauseOf(principal, options.useCause), options.requestId);
  return printed;
}

/**
 * `GET /api/v1/me/licences/{identifier}/licence.pdf`: the holder prints their own licence.
 * Another holder's licence answers `ERR_HOLDER_LICENCE_NOT_FOUND` (404: not telling whether it exists).
 */
export async function printHolderLicence(
  ctx: AppContext,
  principal: Principal,
  identifier: unknown,
  options: PrintOptions & { readonly requestId?: string | undefined },
): Promise<PrintedPdf> {
  const id = parseIdentifierParam(identifier);
  // The holders domain's own test: the licence's holder index is one of the signed-in holder's.
  const row = await ctx.store.db
    .selectFrom('licences')
    .select(['holder_index'])
    .where('identifier', '=', id)
    .executeTakeFirst();
  const view =
    principal.kind === 'holder' &&
    row !== undefined &&
    holderIndexesOf(ctx, principal.holderCodeType, principal.holderCode).includes(row.holder_index)
      ? await readLicenceView(ctx.store.db, id)
      : undefined;
  if (view === undefined) {
    throw new ServerError('ERR_HOLDER_LICENCE_NOT_FOUND', { field: 'identifier', params: { identifier: id } });
  }
  const printed = await renderLicencePdf(
    ctx,
    { licence: view.licence, type: await typeOf(ctx, view.licence), status: view.status.status },
    options,
  );
  await recordPrint(ctx, principal, printed, undefined, options.requestId);
  return printed;
}

/** The print as an access record: who printed which licence version, when, the code's digest (no personal data). */
async function recordPrint(
  ctx: AppContext,
  principal: Principal,
  printed: PrintedPdf,
  useCause: string | undefined,
  requestId: string | undefined,
): Promise<void> {
  const identifier = printed.identifier;
  const { typeCode, issuerCode } = licenceIdParts(identifier);
  await recordAccess(ctx.store.db, {
    actor: actorOf(principal),
    action: 'licence.print',
    target: identifier,
    useCause,
    requestId,
    details: {
      typeCode,
      issuerCode,
      faceDigest: printed.code.faceDigest,
      printedAt: printed.code.printedAt.toISOString(),
      keyId: printed.code.keyId,
      annotated: printed.code.annotation !== undefined,
    },
    at: ctx.now().toISOString(),
  });
}
