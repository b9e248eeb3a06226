import type { Licence } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { checkIdempotencyKey, type IssueOptions, issueInputs } from './issue-licence-batch.js';
import type { IssueLicenceInput } from './prepare-licence.js';

export interface IssuedLicenceOutcome {
  /** `existing`: a retry (same Idempotency-Key or source key, same request) answered with the first licence. */
  readonly outcome: 'issued' | 'existing';
  readonly licence: Licence;
}

/**
 * Issues one licence (架构 §3, GB/T 36903/36904): checks the principal may act for the
 * issuer and type, validates the face against the published type, the holder code against
 * its standard and the dates against the type's validity rule; assigns the identifier (a
 * serial never handed out twice); signs with the issuer's active key; stores it with its
 * status-list entry, issue event and side records in one transaction. A retry with the same
 * `Idempotency-Key` or `sourceKey` returns the same licence; the same key with another body
 * is refused (`ERR_ISSUANCE_IDEMPOTENCY_CONFLICT`). Refusals throw and write nothing.
 *
 * @example const { licence } = await issueLicence(ctx, principal, input, { publicUrl, idempotencyKey: 'req-42' });
 */
export async function issueLicence(
  ctx: AppContext,
  principal: Principal,
  input: IssueLicenceInput,
  options: IssueOptions,
): Promise<IssuedLicenceOutcome> {
  const key = checkIdempotencyKey(options.idempotencyKey);
  const [outcome] = await issueInputs(ctx, principal, [input], options, () => key);
  if (outcome === undefined) throw new Error('issuance returned no outcome');
  if (outcome.status === 'rejected') throw outcome.error;
  return { outcome: outcome.status, licence: outcome.licence };
}
