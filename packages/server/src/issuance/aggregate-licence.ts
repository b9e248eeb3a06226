import {
  checkValidity,
  type Licence,
  type LicenceStatusState,
  PROOF_CLOCK_SKEW_MS,
  parseLicence,
  parseProofCreated,
  parseVerificationMethod,
  validateFace,
  verifyLicenceSignature,
} from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { assertMayActFor } from '../auth/assert-may-act-for.js';
import type { Principal } from '../auth/principal.js';
import { getIssuableType } from '../catalogue/get-issuable-type.js';
import { ServerError } from '../errors.js';
import { resolveVerificationKey } from '../keys/resolve-verification-key.js';
import { holderIndex } from '../library/holder-index.js';
import { insertLicenceRecord, licenceDocumentOf } from '../library/licence-records.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { type PublicUrlOption, writeContextFor } from '../library/write-context-for.js';
import { allocateStatusSlots } from '../status/allocate-status-slots.js';
import { applyLicenceEventToStore } from '../status/apply-licence-event.js';
import { issuedEvent } from './issued-event.js';
import { requestHash } from './request-hash.js';

export interface AggregatedLicence {
  /** `existing`: the very same document was aggregated before. */
  readonly outcome: 'aggregated' | 'existing';
  readonly licence: Licence;
}

const ORGANISATION_HOLDERS: ReadonlySet<string> = new Set(['001', '099']);

/**
 * Checks a department-signed licence against what the node knows, before anything is
 * stored: the principal acts for its issuer and type; the type is published and the issuer
 * on its list; face, holder category and dates fit the type; the suite is one the type
 * allows; the key named by the proof is the issuer's and was valid when the proof was
 * made (`proof.created` within its validity, before any revocation, not in the future);
 * and the signature verifies with it.
 */
async function checkAggregated(ctx: AppContext, principal: Principal, licence: Licence): Promise<void> {
  const m = licence.metadata;
  assertMayActFor(principal, { issuerCode: m.certificateIssuingAuthorityCode, typeCode: m.certificateTypeCode });
  const type = await getIssuableType(ctx, m.certificateTypeCode, m.certificateIssuingAuthorityCode);
  if (m.certificateName !== type.name.zh) {
    throw new ServerError('ERR_ISSUANCE_TYPE_NAME', {
      field: 'metadata.certificateName',
      params: { found: m.certificateName.slice(0, 60), typeCode: type.certificateTypeCode, expected: type.name.zh },
    });
  }
  validateFace(type, licence.face, { now: ctx.now() });
  const isOrganisation = ORGANISATION_HOLDERS.has(m.certificateHolderTypeCode);
  if (
    (type.holderCategory === 'person' && isOrganisation) ||
    (type.holderCategory === 'organisation' && !isOrganisation)
  ) {
    throw new ServerError('ERR_ISSUANCE_HOLDER_CATEGORY', {
      field: 'metadata.certificateHolderTypeCode',
      params: {
        typeCode: type.certificateTypeCode,
        category: type.holderCategory,
        holderTypeCode: m.certificateHolderTypeCode,
      },
    });
  }
  checkValidity(m.certificateEffectiveDate, m.certificateExpiringDate, type.validity);
  if (type.suites !== undefined && !type.suites.includes(licence.proof.suite)) {
    throw new ServerError('ERR_ISSUANCE_SUITE_NOT_ALLOWED', {
      field: 'proof.suite',
      params: { typeCode: type.certificateTypeCode, allowed: type.suites.join(', '), suite: licence.proof.suite },
    });
  }
  const { keyId } = parseVerificationMethod(licence.proof.verificationMethod);
  const resolved = await resolveVerificationKey(ctx, m.certificateIssuingAuthorityCode, keyId);
  const created = parseProofCreated(licence.proof.created);
  const params = { keyId, issuerCode: m.certificateIssuingAuthorityCode, created: licence.proof.created };
  // Rotation never invalidates what a key signed while it was valid (architecture §3), so
  // the test is the key's validity at proof.created, not now.
  const tooEarly = created.getTime() < resolved.validFrom.getTime();
  const tooLate = resolved.validUntil !== undefined && created.getTime() >= resolved.validUntil.getTime();
  const afterRevocation = resolved.revokedAt !== undefined && created.getTime() >= resolved.revokedAt.getTime();
  const future = created.getTime() > ctx.now().getTime() + PROOF_CLOCK_SKEW_MS;
  if (tooEarly || tooLate || afterRevocation || future || resolved.suite !== licence.proof.suite) {
    throw new ServerError('ERR_ISSUANCE_KEY_NOT_VALID', { field: 'proof.created', params });
  }
  if (!(await verifyLicenceSignature(licence, resolved.key))) {
    throw new ServerError('ERR_ISSUANCE_SIGNATURE_INVALID', {
      field: 'proof.signatureValue',
      params: { identifier: m.certificateIdentifier, keyId },
    });
  }
}

/** The licence already in the library under this identifier: the same document, or a conflict. */
async function existing(ctx: AppContext, licence: Licence): Promise<AggregatedLicence | undefined> {
  const id = licence.metadata.certificateIdentifier;
  const row = await ctx.store.db
    .selectFrom('licences')
    .select(['packed_document', 'request_hash'])
    .where('identifier', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.request_hash === requestHash(licence))
    return { outcome: 'existing', licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document))) };
  throw new ServerError('ERR_ISSUANCE_DUPLICATE', {
    field: 'metadata.certificateIdentifier',
    params: { identifier: id },
  });
}

/**
 * Aggregation (归集): takes into the library a licence a department signed in its own
 * system, after {@link checkAggregated}. Version 001 is stored with a status-list entry on
 * this node; a later version is a `change` of its predecessor (which must be in the library
 * and current), superseding it in the same transaction. The same document twice answers
 * `existing`; another document under a known identifier is refused (`ERR_ISSUANCE_DUPLICATE`).
 *
 * @example const { licence } = await aggregateLicence(ctx, principal, JSON.parse(body), { publicUrl });
 */
export async function aggregateLicence(
  ctx: AppContext,
  principal: Principal,
  document: unknown,
  options: PublicUrlOption & { readonly requestId?: string | undefined },
): Promise<AggregatedLicence> {
  const licence = parseLicence(document);
  await checkAggregated(ctx, principal, licence);
  const earlier = await existing(ctx, licence);
  if (earlier !== undefined) return earlier;
  const wctx = writeContextFor(ctx, principal, options);
  const m = licence.metadata;
  const hash = requestHash(licence);

  if (m.previousCertificateIdentifier !== undefined) {
    await applyLicenceEventToStore(
      wctx,
      m.previousCertificateIdentifier,
      {
        event: {
          type: 'change',
          newVersion: m.certificateVersion,
          ...(m.certificateExpiringDate === undefined ? {} : { expiringDate: m.certificateExpiringDate }),
        },
        successor: licence,
      },
      {
        authorise: () => undefined,
        resourcesFor: () => Promise.reject(new Error('an aggregated change brings its own version')),
      },
    );
    return { outcome: 'aggregated', licence };
  }

  const at = ctx.now().toISOString();
  const index = holderIndex(wctx.holderIndexKey, m.certificateHolderTypeCode, m.certificateHolderCode);
  const state: LicenceStatusState = {
    status: 'valid',
    ...(m.certificateExpiringDate === undefined ? {} : { expiringDate: m.certificateExpiringDate }),
    encumbrances: [],
  };
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const [slot] = await allocateStatusSlots(trx, m.certificateIssuingAuthorityCode, 1, at);
      if (slot === undefined) throw new Error('no status slot was allocated');
      await insertLicenceRecord(trx, {
        licence,
        state,
        holderIndex: index,
        origin: 'aggregated',
        statusListId: slot.listId,
        statusIndex: slot.index,
        requestHash: hash,
        actor: wctx.actor,
        requestId: options.requestId,
        at,
        event: {
          type: 'issue',
          ...(m.certificateExpiringDate === undefined ? {} : { expiringDate: m.certificateExpiringDate }),
        },
        from: 'none',
      });
      await wctx.recordEvent(
        trx,
        issuedEvent(licence, {
          actor: wctx.actor,
          requestId: options.requestId,
          at,
          origin: 'aggregated',
          keyId: parseVerificationMethod(licence.proof.verificationMethod).keyId,
          slot,
          holder: index,
        }),
      );
    });
  } catch (error) {
    // A concurrent aggregation of the same document won: answer as a retry.
    if (isUniqueViolation(error)) {
      const raced = await existing(ctx, licence);
      if (raced !== undefined) return raced;
    }
    throw error;
  }
  return { outcome: 'aggregated', licence };
}
