/**
 * Show codes a holder presented, verified online (`verifyOnline`: the node's trust list,
 * current status, replay register; each presentation recorded with the use cause) and turned
 * into licences available for a form — each giving exactly the fields its code discloses in
 * full (a masked field gives nothing). All codes must be one holder's.
 */
import type { ShowCodeSummary } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { verifyOnline } from '../showing/verify-online.js';
import type { AvailableLicence } from './fill-form.js';
import type { FormValue } from './matter.js';

export interface ShownLicences {
  readonly licences: readonly AvailableLicence[];
  /** The keyed holder index shared by every licence shown (no holder code in clear). */
  readonly holderIndex: string;
  readonly holderCodeType: string;
}

export function disclosedValues(
  summary: ShowCodeSummary,
  holderCodeType: string,
): (path: string) => FormValue | undefined {
  const values = new Map<string, FormValue>();
  for (const field of summary.fields) {
    if (!field.masked) values.set(`${field.source}.${field.key}`, field.value);
  }
  // The kind of holder code (111 citizen ID, 001 USCC …) is not personal data.
  values.set('metadata.certificateHolderTypeCode', holderCodeType);
  values.set('metadata.certificateIdentifier', summary.identifier);
  return (path) => values.get(path);
}

/**
 * @example const { licences, holderIndex } = await verifyShownLicences(ctx, principal, codes, { useCause, requestId });
 */
export async function verifyShownLicences(
  ctx: AppContext,
  principal: Principal,
  codes: readonly string[],
  options: {
    readonly useCause: string;
    readonly requestId?: string | undefined;
    readonly publicUrl?: string | undefined;
  },
): Promise<ShownLicences> {
  const licences: AvailableLicence[] = [];
  let holderIndex: string | undefined;
  let holderCodeType = '';
  for (const [index, code] of codes.entries()) {
    const verdict = await verifyOnline(
      ctx,
      principal,
      { code, useCause: options.useCause, mode: 'verify' },
      { requestId: options.requestId, ...(options.publicUrl === undefined ? {} : { url: options.publicUrl }) },
    );
    const summary = verdict.showCode;
    if (!verdict.valid || summary === undefined) {
      const failed = verdict.checks.find((c) => !c.ok);
      throw new ServerError('ERR_MATTERS_SHOW_CODE_INVALID', {
        field: `showCodes[${index}]`,
        params: { index: index + 1, reason: failed === undefined ? 'unreadable' : `${failed.name}: ${failed.reason}` },
      });
    }
    const row = await ctx.store.db
      .selectFrom('licences')
      .select(['holder_index', 'version', 'status', 'type_code', 'issuer_code', 'document'])
      .where('identifier', '=', summary.identifier)
      .executeTakeFirstOrThrow();
    if (holderIndex !== undefined && row.holder_index !== holderIndex) {
      throw new ServerError('ERR_MATTERS_HOLDERS_DIFFER', { field: `showCodes[${index}]` });
    }
    holderIndex = row.holder_index;
    const metadata = (
      JSON.parse(row.document) as { metadata: { certificateHolderTypeCode: string; certificateName: string } }
    ).metadata;
    holderCodeType = metadata.certificateHolderTypeCode;
    licences.push({
      identifier: summary.identifier,
      version: row.version,
      typeCode: row.type_code,
      typeName: metadata.certificateName,
      issuerCode: row.issuer_code,
      status: row.status,
      valueAt: disclosedValues(summary, holderCodeType),
    });
  }
  if (holderIndex === undefined) throw new ServerError('ERR_MATTERS_PREFILL_SOURCE', { field: 'showCodes' });
  return { licences, holderIndex, holderCodeType };
}
