// Public surface of `audit/`: the hash-chained audit trail.
export {
  type AppendedAudit,
  AUDIT_OUTCOMES,
  type AuditOutcome,
  type AuditRecord,
  type AuditRecordInput,
  appendAudit,
  appendAuditRecords,
  auditDetailsOf,
  chainHash,
  GENESIS_HASH,
  MAX_USE_CAUSE_LENGTH,
} from './append-audit.js';
export { registerAuditRoutes } from './audit.routes.js';
export { hashPersonalData } from './hash-personal-data.js';
export { type AuditQuery, type AuditRecordView, listAuditRecords } from './list-audit-records.js';
export { parseUseCause } from './use-cause.js';
export { AUDIT_BREAKS, type AuditBreak, type AuditChainVerdict, verifyAuditChain } from './verify-audit-chain.js';
