/**
 * The `licence.issued` event of a licence issuance stores (its audit record, log entry and
 * outbox message are made from it: events/record-event.ts). One function for the places that
 * make it: the issuance transaction (`issuePreparedLicences`) and aggregation, so that no
 * caller spells the details itself.
 */
import type { Licence } from '@hutong/core';
import type { LicenceOrigin } from '../library/library.tables.js';
import { seriesOf } from '../library/licence-records.js';
import type { LicenceDomainEvent } from '../library/licence-write-context.js';

/** Who issued, when, and what the licence's row says beside the licence itself. */
export interface IssuedEventContext {
  readonly actor: string;
  readonly requestId?: string | undefined;
  /** RFC 3339 UTC: the issuance's time (the licence's `proof.created`). */
  readonly at: string;
  readonly origin: LicenceOrigin;
  readonly keyId: string;
  readonly slot: { readonly listId: number; readonly index: number };
  /** The holder index (library/holder-index.ts): the holder's keyed hash, never the code. */
  readonly holder: string;
}

/**
 * The issue event of `licence`.
 *
 * @example await wctx.recordChunkEvents(trx, [issuedEvent(licence, { actor, at, origin: 'issued', keyId, slot, holder })]);
 */
export function issuedEvent(licence: Licence, context: IssuedEventContext): LicenceDomainEvent {
  const m = licence.metadata;
  return {
    type: 'licence.issued',
    actor: context.actor,
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    target: m.certificateIdentifier,
    details: {
      typeCode: m.certificateTypeCode,
      issuerCode: m.certificateIssuingAuthorityCode,
      series: seriesOf(m.certificateIdentifier),
      version: m.certificateVersion,
      origin: context.origin,
      keyId: context.keyId,
      status: 'valid',
      statusList: { listId: context.slot.listId, index: context.slot.index },
      holder: context.holder,
    },
    at: context.at,
  };
}
