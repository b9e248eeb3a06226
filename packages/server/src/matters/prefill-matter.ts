import type { AppContext } from '../app-context.js';
import { parseUseCause } from '../audit/use-cause.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { actForRelyingParty } from './act-for-relying-party.js';
import { fillForm, type PrefilledForm } from './fill-form.js';
import { readMatter } from './get-matter.js';
import { materialTypes } from './matter.js';
import type { PrefillBody } from './matters.schema.js';
import { type FetchedForForm, fetchGrantedLicences, fetchShownLicences } from './show-code-licences.js';

export interface PrefillAnswer extends PrefilledForm {
  /** How the holder made their licences available. */
  readonly via: 'show-code' | 'grant';
  readonly holder: { readonly holderCodeType?: string };
  /** The usage records made (one per licence delivered): the holder sees them in their timeline. */
  readonly usageRecords: readonly string[];
}

/**
 * `POST /api/v1/matters/{code}/prefill`: a relying party presents a grant the holder gave it,
 * or the show codes the holder showed it, with a use cause, and gets the matter's form filled
 * from the licences delivered (through the grants domain's `fetchLicences`: masking by
 * clearance, refusals, one usage record and `licence.used` event per licence), the licences
 * attached to the materials, and what is still missing; the prefill itself is a
 * `matter.prefilled` event. A counter clerk (staff) prefills with a grant only, acting through
 * the relying-party client of their organisation the grant was given to (`actForRelyingParty`):
 * the usage records are that client's, the `matter.prefilled` event is the clerk's.
 *
 * @example const form = await prefillMatter(ctx, principal, '000109005000', { useCause: '生育登记', grantId });
 */
export async function prefillMatter(
  ctx: AppContext,
  principal: Principal,
  code: string,
  body: PrefillBody,
  options: { readonly requestId?: string | undefined; readonly publicUrl?: string | undefined } = {},
): Promise<PrefillAnswer> {
  const useCause = parseUseCause(body.useCause);
  const hasCodes = body.showCodes !== undefined;
  const hasGrant = body.grantId !== undefined;
  if (hasCodes === hasGrant)
    throw new ServerError('ERR_MATTERS_PREFILL_SOURCE', { field: hasCodes ? 'grantId' : 'showCodes' });
  if (principal.kind === 'staff' && body.grantId === undefined)
    throw new ServerError('ERR_MATTERS_CLERK_GRANT_ONLY', { field: 'showCodes' });
  const matter = await readMatter(ctx.store.db, code);
  const fetchOptions = { useCause, ...options };
  const types = new Set(materialTypes(matter));
  for (const field of matter.fields)
    if (field.source.kind === 'licence') for (const from of field.source.from) types.add(from.typeCode);
  const fetched: FetchedForForm =
    body.grantId !== undefined
      ? await fetchGrantedLicences(
          ctx,
          principal.kind === 'staff' ? await actForRelyingParty(ctx, principal, body.grantId) : principal,
          body.grantId,
          [...types],
          fetchOptions,
        )
      : await fetchShownLicences(ctx, principal, body.showCodes ?? [], fetchOptions);
  const via = body.grantId !== undefined ? 'grant' : 'show-code';
  const form = fillForm(matter, fetched.licences);
  const at = ctx.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    await recordEvent(trx, {
      type: 'matter.prefilled',
      actor: actorOf(principal),
      requestId: options.requestId,
      target: matter.code,
      useCause,
      details: {
        matterVersion: matter.version,
        via,
        ...(body.grantId === undefined ? {} : { grantId: body.grantId }),
        ...(fetched.holderIndex === undefined ? {} : { holder: fetched.holderIndex }),
        usageRecords: fetched.usageRecords,
        attached: form.attached.map((a) => a.identifier),
        filled: form.fields.filter((f) => f.source !== undefined).length,
        missingMaterials: form.missing.materials.length,
        missingFields: form.missing.fields.length,
      },
      at,
    });
  });
  return {
    ...form,
    via,
    holder: fetched.holderCodeType === undefined ? {} : { holderCodeType: fetched.holderCodeType },
    usageRecords: fetched.usageRecords,
  };
}
