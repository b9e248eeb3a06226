/** Tables of `status/` (migration 0003): the status history of each licence version and the per-issuer status lists. */

export interface LicenceStatusEventsTable {
  identifier: string;
  /** 1 for the issue event, then 2, 3 … per identifier. */
  seq: number;
  type: string;
  /** JSON of the parsed core `StatusEvent`. */
  event: string;
  from_status: string;
  to_status: string;
  /** RFC 3339 UTC. */
  at: string;
  actor: string;
  request_id: string | null;
}

export interface StatusListsTable {
  issuer_code: string;
  list_id: number;
  capacity: number | string;
  /** Slots handed out so far (the next slot's ordinal). */
  allocated: number | string;
  /** Bumped by every write that changes an entry: the list's ETag. */
  revision: number | string;
  updated_at: string;
}
