// Public surface of `log/`: the transparency-log service (issue 4) for the app, other domains and the CLI.
export { type IntegrationResult, integrateLog, type LogRuntime } from './integrate-log.js';
export { isLoggedEvent } from './log-entry.js';
export { DEFAULT_INTEGRATION_INTERVAL_MS, LogIntegrator, MAX_MERGE_DELAY_MS } from './log-integrator.js';
export { ensureLogKeys, type LogKeys, parseLogVerifierKey } from './log-keys.js';
export { createLogService, type LogInfo, type LogOptions, type LogService, registerLog } from './log-service.js';
export { logEventSink, registerLogSink } from './log-sink.js';
export { type MonitorOptions, type MonitorResult, type MonitorState, monitorLog } from './monitor-log.js';
export { type ConsistencyProof, proveConsistency } from './prove-consistency.js';
export { type InclusionProof, proveInclusion } from './prove-inclusion.js';
export { type PublishedCheckpoint, readPublishedCheckpoint } from './read-checkpoint.js';
export { type LicenceReceipt, receiptFor, receiptsFor } from './receipt-for.js';
export { type LogEntryInput, sequenceLogEntries } from './sequence-log-entries.js';
