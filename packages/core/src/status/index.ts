// Public surface of `status/`: everything other code may import from here.
export {
  activeEncumbrances,
  applyStatusEvent,
  type Encumbrance,
  type LicenceStatusState,
  parseEventTime,
  STATUS_TRANSITIONS,
  type StatusHistoryEntry,
  type StatusOrigin,
  SUSPENSION_CAUSES,
  type SuspensionCause,
} from './apply-status-event.js';
export {
  isLicenceStatus,
  isTerminalStatus,
  LICENCE_STATUSES,
  type LicenceStatus,
  TERMINAL_STATUSES,
  type TerminalStatus,
} from './licence-status.js';
export {
  NATIONAL_STATUS_CODES,
  type NationalStatusCode,
  nationalStatusCode,
  nationalStatusLabel,
  type SharingAnswerCode,
  sharingAnswerCode,
} from './national-status-code.js';
export {
  type AnnualInspectionEvent,
  type ChangeEvent,
  ENCUMBRANCE_KINDS,
  type EncumbranceEvent,
  type EncumbranceKind,
  type EndingEvent,
  type ExpiryEvent,
  type ExtensionEvent,
  INSPECTION_OUTCOMES,
  type InspectionOutcome,
  type IssueEvent,
  parseStatusEvent,
  type ReleaseEvent,
  STATUS_EVENT_TYPES,
  type StatusEvent,
  type StatusEventType,
  type SuspensionEvent,
  type TransferEvent,
} from './status-event.js';
export { MAX_STATUS_LIST_ID, statusListIdOf, statusListPath } from './status-list-path.js';
export { STATUS_LIST_VALUES, type StatusListValue, statusListValue } from './status-list-value.js';
export { successorStatusState } from './successor-status-state.js';
