/**
 * The tables as the running code sees them (Kysely's `Database` type). Migrations do not
 * use this type: they are frozen in time and take `Kysely<any>` (the kysely model), so
 * that a later change here never rewrites what an old migration did.
 */
import type { AuditChainHeadTable, AuditLicencesTable, AuditRecordsTable } from '../audit/audit.tables.js';
import type {
  AccessTokensTable,
  ApiClientsTable,
  AuthGenerationTable,
  ClientAssertionJtisTable,
  StaffSessionsTable,
  StaffUsersTable,
} from '../auth/auth.tables.js';
import type {
  CatalogueResponsibilitiesTable,
  CatalogueScenariosTable,
  LicenceTypesTable,
  LicenceTypeVersionsTable,
} from '../catalogue/catalogue.tables.js';
import type { ClientClearancesTable, GrantsTable, UsageRecordsTable } from '../grants/grants.tables.js';
import type {
  HolderOidcRequestsTable,
  HolderSessionsTable,
  HolderSignInChallengesTable,
} from '../holders/holders.tables.js';
import type { ImportJobsTable, ImportRowsTable, ImportUploadsTable } from '../import/import.tables.js';
import type { InspectionsTable } from '../inspections/inspections.tables.js';
import type { IdempotencyRecordsTable, LicenceSerialsTable } from '../issuance/issuance.tables.js';
import type { IssuerKeysTable } from '../keys/keys.tables.js';
import type { LicenceEncumbrancesTable, LicencesTable } from '../library/library.tables.js';
import type {
  LogEntriesTable,
  LogEntrySaltsTable,
  LogIntegrationTable,
  LogKeysTable,
  LogSequenceTable,
  LogTilesTable,
  LogWitnessesTable,
  WitnessedLogsTable,
  WitnessRefusalsTable,
} from '../log/log.tables.js';
import type { KioskSessionsTable, MattersTable, MatterVersionsTable } from '../matters/matters.tables.js';
import type {
  OutboxMessagesTable,
  WebhookDeliveriesTable,
  WebhookSubscriptionsTable,
} from '../notifications/notifications.tables.js';
import type { OrganisationsTable } from '../organisations/organisations.tables.js';
import type { ShowingNoncesTable } from '../showing/showing.tables.js';
import type { LicenceStatusEventsTable, StatusListsTable } from '../status/status.tables.js';
import type { NodeKeysTable, TrustListGenerationTable, TrustListStateTable } from '../trust/trust.tables.js';
import type { VenueEntriesTable } from '../venues/venues.tables.js';

/** Key/value facts about this node's store: schema version, node id. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  meta: MetaTable;
  // 0002-organisations-keys-catalogue
  organisations: OrganisationsTable;
  issuer_keys: IssuerKeysTable;
  licence_types: LicenceTypesTable;
  licence_type_versions: LicenceTypeVersionsTable;
  catalogue_responsibilities: CatalogueResponsibilitiesTable;
  catalogue_scenarios: CatalogueScenariosTable;
  // 0003-licences-status
  licences: LicencesTable;
  licence_status_events: LicenceStatusEventsTable;
  licence_encumbrances: LicenceEncumbrancesTable;
  licence_serials: LicenceSerialsTable;
  status_lists: StatusListsTable;
  idempotency_records: IdempotencyRecordsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  outbox_messages: OutboxMessagesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  // 0004-auth
  api_clients: ApiClientsTable;
  access_tokens: AccessTokensTable;
  auth_generation: AuthGenerationTable;
  client_assertion_jtis: ClientAssertionJtisTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  // 0005-audit
  audit_records: AuditRecordsTable;
  audit_chain_head: AuditChainHeadTable;
  // 0030-audit-licences
  audit_licences: AuditLicencesTable;
  // 0006-log
  log_entries: LogEntriesTable;
  log_entry_salts: LogEntrySaltsTable;
  log_tiles: LogTilesTable;
  log_sequence: LogSequenceTable;
  log_integration: LogIntegrationTable;
  log_keys: LogKeysTable;
  witnessed_logs: WitnessedLogsTable;
  witness_refusals: WitnessRefusalsTable;
  log_witnesses: LogWitnessesTable;
  // 0007-import
  import_jobs: ImportJobsTable;
  import_rows: ImportRowsTable;
  // 0008-showing
  node_keys: NodeKeysTable;
  trust_list_state: TrustListStateTable;
  trust_list_generation: TrustListGenerationTable;
  showing_nonces: ShowingNoncesTable;
  // 0009-holders
  holder_sign_in_challenges: HolderSignInChallengesTable;
  holder_oidc_requests: HolderOidcRequestsTable;
  holder_sessions: HolderSessionsTable;
  // 0010-grants
  grants: GrantsTable;
  usage_records: UsageRecordsTable;
  client_clearances: ClientClearancesTable;
  // 0011-matters
  matters: MattersTable;
  matter_versions: MatterVersionsTable;
  kiosk_sessions: KioskSessionsTable;
  // 0012-venues-inspections
  venue_entries: VenueEntriesTable;
  inspections: InspectionsTable;
  // 0014-import-uploads
  import_uploads: ImportUploadsTable;
}
