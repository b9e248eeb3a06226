/** Tables of `notifications/` (migration 0003): webhook subscriptions, the transactional outbox, the delivery log. */

export interface WebhookSubscriptionsTable {
  id: string;
  client_id: string;
  url: string;
  /**
   * The HMAC-SHA256 key (base64url) shared with the subscriber, sealed under the master key
   * (`webhookSecretOf`; clear only in rows from before migration 0021 not yet sealed, where
   * `master_key_id` is null).
   */
  secret: string;
  /** The master key `secret` is sealed under (migration 0021); null: a clear secret awaiting `sealClearValues`. */
  master_key_id: string | null;
  /** JSON array of type codes, or null for every type the client may read. */
  type_codes: string | null;
  /** JSON array of licence identifiers (any version), or null for all. */
  identifiers: string | null;
  /** 1 active, 0 cancelled (SQLite has no boolean). */
  active: number;
  created_at: string;
}

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxMessagesTable {
  id: string;
  subscription_id: string;
  event_type: string;
  /** The licence identifier the message is about. */
  target: string;
  /** The JSON body sent to the subscriber. */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  message_id: string;
  subscription_id: string;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed';
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}
