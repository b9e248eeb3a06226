// Public surface of the licence domains (library, issuance, status, notifications) for the CLI and other packages.

export { aggregateLicence } from '../issuance/aggregate-licence.js';
export { issueLicence } from '../issuance/issue-licence.js';
export {
  type BatchOutcome,
  type IssueOptions,
  issueInputs,
  issueLicenceBatch,
  MAX_BATCH,
} from '../issuance/issue-licence-batch.js';
export { type IssuanceItem, type IssuanceOutcome, issuePreparedLicences } from '../issuance/issue-prepared-licences.js';
export { type IssueLicenceInput, type IssuerProfile, prepareLicence } from '../issuance/prepare-licence.js';
export { requestHash } from '../issuance/request-hash.js';
export { dispatchDueMessages, startOutboxDispatcher } from '../notifications/dispatch-outbox.js';
export { registerOutboxSink } from '../notifications/outbox-sink.js';
export { signWebhook, verifyWebhookSignature } from '../notifications/webhook-signature.js';
export { applyLicenceEvent, applyLicenceEventToStore } from '../status/apply-licence-event.js';
export { getStatusList } from '../status/get-status-list.js';
export { packStatusList, readStatusEntry, STATUS_LIST_MEDIA_TYPE } from '../status/status-list-token.js';
export { findLicences, type LicenceQuery } from './find-licences.js';
export { getLicence, getLicenceHistory } from './get-licence.js';
export { holderIndex } from './holder-index.js';
export type { LicenceDomainEvent, LicenceWriteContext } from './licence-write-context.js';
export {
  type LicenceStatusView,
  type LicenceVersionSummary,
  type LicenceView,
  readLicenceView,
  readStatusHistory,
  type StatusHistoryItem,
} from './read-licence-view.js';
export { DEFAULT_PUBLIC_URL, statusListUrl, writeContextFor } from './write-context-for.js';
