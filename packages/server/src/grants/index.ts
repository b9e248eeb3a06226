// Public surface of `grants/`: grants (用证授权), consent receipts, fetch, usage records, clearances.
export { ANNOTATED_COPY_MAX_DAYS, annotatedCopy } from './annotated-copy.js';
export { clearanceOf, DEFAULT_CLEARANCE, getClearance, setClearance } from './clearance.js';
export { type CreateGrantInput, createGrant, MAX_GRANT_DAYS } from './create-grant.js';
export { type FetchedLicence, type FetchInput, type FetchResult, fetchLicences } from './fetch-licences.js';
export type { Grant } from './grant.js';
export { type GrantPage, getConsentReceipt, getGrant, listGrants } from './list-grants.js';
export { listRelyingParties, type RelyingParty } from './list-relying-parties.js';
export { listUsageRecords, type UsageRecord, type UsageRecordPage } from './list-usage-records.js';
export { revokeGrant } from './revoke-grant.js';
