import { type CompactDate, todayInChina } from '../dates.js';
import { HutongError } from '../errors.js';
import { nextLicenceVersion } from '../identifiers/index.js';
import type { Licence, LicenceFace, LicenceMetadata, StatusReference, UnsignedLicence } from './licence.js';
import { parseUnsignedLicence } from './parse-licence.js';

/** Metadata members a new version may change; identity (type, issuer, holder, number series) may not. */
export type LicenceVersionMetadataChanges = Partial<
  Pick<
    LicenceMetadata,
    | 'certificateName'
    | 'certificateNumber'
    | 'certificateIssuingAuthorityName'
    | 'certificateIssuedDate'
    | 'certificateHolderName'
    | 'certificateEffectiveDate'
    | 'certificateAreaCode'
  >
> & {
  /** A new expiring date, or `null` to make the new version long-term. */
  readonly certificateExpiringDate?: CompactDate | null;
};

export interface LicenceVersionChanges {
  readonly metadata?: LicenceVersionMetadataChanges;
  /** The new face, whole (fields not listed are gone). Default: the previous face. */
  readonly face?: LicenceFace;
  /** The new version's status list entry, or `null` for none. Default: none (each version has its own entry). */
  readonly statusReference?: StatusReference | null;
  /** Issue date when `metadata.certificateIssuedDate` is not given: today in China (UTC+8) at this instant. */
  readonly now?: Date;
}

const CHANGEABLE: ReadonlySet<string> = new Set([
  'certificateName',
  'certificateNumber',
  'certificateIssuingAuthorityName',
  'certificateIssuedDate',
  'certificateHolderName',
  'certificateEffectiveDate',
  'certificateExpiringDate',
  'certificateAreaCode',
]);

/**
 * Prepares the next version of a licence (a change 变更 or a renewal 延续, GB/T 36904):
 * the identifier's version + 1 with its new check character, `previousCertificateIdentifier`
 * naming `previous`, the given changes applied, and the result checked by
 * {@link parseUnsignedLicence}. Sign it with `signLicence`; marking `previous` superseded
 * is the status service's job.
 *
 * Changing the identifier, type, issuer code, version or holder code/type is refused
 * (`ERR_LICENCE_VERSION_LOCKED`): those make a different licence, not a new version.
 *
 * @example
 * const renewal = newLicenceVersion(licence, {
 *   metadata: { certificateIssuedDate: '20290108', certificateExpiringDate: '20340108' },
 * });
 * renewal.metadata.certificateVersion // '002'
 */
export function newLicenceVersion(previous: Licence, changes: LicenceVersionChanges = {}): UnsignedLicence {
  const metadataChanges: Readonly<Record<string, unknown>> = changes.metadata ?? {};
  for (const name of Object.keys(metadataChanges)) {
    if (!CHANGEABLE.has(name)) {
      throw new HutongError('ERR_LICENCE_VERSION_LOCKED', {
        field: `metadata.${name}`,
        params: { field: `metadata.${name}` },
      });
    }
  }
  const before = previous.metadata;
  const identifier = nextLicenceVersion(before.certificateIdentifier);
  const version = identifier.split('.')[8] ?? '';
  const { certificateExpiringDate, ...rest } = changes.metadata ?? {};
  const expiring =
    certificateExpiringDate === undefined ? before.certificateExpiringDate : (certificateExpiringDate ?? undefined);

  const {
    certificateExpiringDate: _previousExpiring,
    previousCertificateIdentifier: _previousPrevious,
    ...kept
  } = before;
  const metadata = {
    ...kept,
    certificateIssuedDate: todayInChina(changes.now ?? new Date()),
    ...rest,
    certificateIdentifier: identifier,
    certificateVersion: version,
    ...(expiring === undefined ? {} : { certificateExpiringDate: expiring }),
    previousCertificateIdentifier: before.certificateIdentifier,
  };
  const statusReference = changes.statusReference ?? undefined;
  return parseUnsignedLicence({
    format: previous.format,
    metadata,
    face: changes.face ?? previous.face,
    ...(statusReference === undefined ? {} : { statusReference }),
  });
}
