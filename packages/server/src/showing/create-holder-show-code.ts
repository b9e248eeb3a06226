/**
 * A show code (亮证码) for the signed-in holder: one of their own licences, the fields they
 * chose to show, signed by the node's showing key with the licence's status now. The code of
 * a licence that is not valid says so (`statusAtSigning`): a verifier shows it red, so a
 * revoked licence can never be shown as a valid one (docs/design/show-code.md).
 */
import { createShowCode, type DisclosureChoice, type LicenceStatus, type ShownField } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import type { HolderPrincipal } from '../auth/principal.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { holderIndexesOf } from '../holders/holder-indexes.js';
import { parseIdentifierParam } from '../library/get-licence.js';
import { readLicenceView } from '../library/read-licence-view.js';
import { ensureNodeKey } from '../trust/node-keys.js';

export interface HolderShowCodeInput {
  readonly identifier: string;
  /** 用证事由: a purpose code (`entry`, `identity` …) or 1–32 characters. */
  readonly purpose: string;
  /** The fields to show; default the type's default disclosure. */
  readonly disclose?: readonly DisclosureChoice[] | undefined;
  /** 1–120 s; default 60. */
  readonly lifetimeSeconds?: number | undefined;
}

export interface HolderShowCode {
  readonly identifier: string;
  /** The QR code's text (`HT1:` + base45). */
  readonly code: string;
  readonly status: LicenceStatus;
  readonly issuedAt: string;
  /** Show a fresh code before this. */
  readonly expiresAt: string;
  readonly fields: readonly ShownField[];
}

/**
 * Makes a show code of one of the holder's licences and records that the holder showed it
 * (audit `holder.show-code`, the holder as a keyed hash, the fields' names but not their values).
 * Someone else's licence, or none, is `ERR_HOLDER_LICENCE_NOT_FOUND`, alike.
 *
 * @example const { code, expiresAt } = await createHolderShowCode(ctx, principal, { identifier, purpose: 'entry' });
 */
export async function createHolderShowCode(
  ctx: AppContext,
  principal: HolderPrincipal,
  input: HolderShowCodeInput,
  options: { readonly requestId?: string | undefined } = {},
): Promise<HolderShowCode> {
  const identifier = parseIdentifierParam(input.identifier);
  const row = await ctx.store.db
    .selectFrom('licences')
    .select(['holder_index'])
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  const view = row === undefined ? undefined : await readLicenceView(ctx.store.db, identifier);
  if (
    row === undefined ||
    view === undefined ||
    !holderIndexesOf(ctx, principal.holderCodeType, principal.holderCode).includes(row.holder_index)
  ) {
    throw new ServerError('ERR_HOLDER_LICENCE_NOT_FOUND', { field: 'identifier', params: { identifier } });
  }
  const type = await getLicenceType(ctx, view.licence.metadata.certificateTypeCode);
  const { signingKey } = await ensureNodeKey(ctx, 'showing');
  const status = view.status.status as LicenceStatus;
  const made = await createShowCode(
    {
      licence: view.licence,
      type,
      status,
      purpose: input.purpose,
      ...(input.disclose === undefined ? {} : { disclose: input.disclose }),
      ...(input.lifetimeSeconds === undefined ? {} : { lifetimeSeconds: input.lifetimeSeconds }),
    },
    signingKey,
    { now: ctx.now() },
  );
  await recordAccess(ctx.store.db, {
    actor: 'holder',
    action: 'holder.show-code',
    target: identifier,
    useCause: undefined,
    requestId: options.requestId,
    details: {
      holderCodeType: principal.holderCodeType,
      holder: hashPersonalData(ctx.secrets, principal.holderCode),
      ...(principal.representative === undefined
        ? {}
        : { representative: hashPersonalData(ctx.secrets, principal.representative.holderCode) }),
      purpose: input.purpose,
      fields: made.fields.map((field) => `${field.source}:${field.key}${field.masked ? ':masked' : ''}`),
      status,
      expiresAt: made.expiresAt.toISOString(),
    },
    at: ctx.now().toISOString(),
  });
  return {
    identifier,
    code: made.text,
    status,
    issuedAt: made.issuedAt.toISOString(),
    expiresAt: made.expiresAt.toISOString(),
    fields: made.fields,
  };
}
