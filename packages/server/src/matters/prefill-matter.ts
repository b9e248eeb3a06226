import type { AppContext } from '../app-context.js';
import { parseUseCause } from '../audit/use-cause.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordAccess } from '../events/record-access.js';
import { recordEvent } from '../events/record-event.js';
import { fillForm, type PrefilledForm } from './fill-form.js';
import { readMatter } from './get-matter.js';
import type { PrefillBody } from './matters.schema.js';
import { verifyShownLicences } from './show-code-licences.js';

export interface PrefillAnswer extends PrefilledForm {
  /** How the holder made their licences available. */
  readonly via: 'show-code';
  readonly holder: { readonly holderCodeType: string };
}

/**
 * `POST /api/v1/matters/{code}/prefill`: a relying party presents the show codes a holder
 * showed it (one per licence) with a use cause, and gets the matter's form filled from what
 * the codes disclose, the licences attached to the materials, and what is still missing.
 *
 * Every licence used leaves a usage record — an audit record of action `licence.prefill`
 * with the use cause, the relying party, the matter and the holder's keyed index (the
 * grants domain's usage records were not on main when this was written; see
 * docs/design/matters.md) — and the prefill itself a `matter.prefilled` event, all in one
 * transaction. Each presentation is also recorded by online verification (`licence.verify`).
 *
 * @example const form = await prefillMatter(ctx, principal, '000113001000', { useCause: '婚姻登记', showCodes: ['HT1:…'] });
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
  const matter = await readMatter(ctx.store.db, code);
  if (body.showCodes === undefined) throw new ServerError('ERR_MATTERS_GRANTS_UNAVAILABLE', { field: 'grantId' });
  const shown = await verifyShownLicences(ctx, principal, body.showCodes, { useCause, ...options });
  const form = fillForm(matter, shown.licences);
  const at = ctx.now().toISOString();
  const actor = actorOf(principal);
  const used = new Set<string>([
    ...form.attached.map((a) => a.identifier),
    ...form.fields.flatMap((f) => (f.source === undefined ? [] : [f.source.identifier])),
  ]);
  await ctx.store.db.transaction().execute(async (trx) => {
    for (const identifier of used) {
      await recordAccess(trx, {
        actor,
        action: 'licence.prefill',
        target: identifier,
        useCause,
        requestId: options.requestId,
        details: {
          matterCode: matter.code,
          matterVersion: matter.version,
          via: 'show-code',
          holder: shown.holderIndex,
        },
        at,
      });
    }
    await recordEvent(trx, {
      type: 'matter.prefilled',
      actor,
      requestId: options.requestId,
      target: matter.code,
      useCause,
      details: {
        matterVersion: matter.version,
        via: 'show-code',
        holder: shown.holderIndex,
        licences: [...used],
        filled: form.fields.filter((f) => f.source !== undefined).length,
        missingMaterials: form.missing.materials.length,
        missingFields: form.missing.fields.length,
      },
      at,
    });
  });
  return { ...form, via: 'show-code', holder: { holderCodeType: shown.holderCodeType } };
}
