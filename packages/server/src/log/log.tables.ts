/** The Kysely table interfaces of `log/` (migration 0006-log). Bigint columns are read as `number | string` (node-postgres gives strings). */

/** One sequenced log entry (public: everything here may be served). */
export interface LogEntriesTable {
  /** 0, 1, 2 … gap-free, allocated in the event's transaction. */
  idx: number | string;
  /** RFC 9162 leaf hash, 32 bytes. */
  leaf_hash: Uint8Array;
  /**
   * The entry bytes (RFC 8785 canonical JSON, core `parseLogEntry`), packed since migration
   * 0017 (store/packed-json.ts): read them with `unpackJson`.
   */
  entry: Uint8Array;
  series: string | null;
  version: string | null;
}

/** Private: the random salt of each entry's commitments. */
export interface LogEntrySaltsTable {
  idx: number | string;
  salt: Uint8Array;
}

/**
 * The complete subtree hashes of tree levels 8L … 8L+7 under C2SP tile (L, N), at fixed
 * offsets (see `tile-layout.ts`); `width` is the number of complete level-8L hashes.
 */
export interface LogTilesTable {
  level: number;
  idx: number | string;
  width: number;
  nodes: Uint8Array;
}

export interface LogSequenceTable {
  id: number;
  next_index: number | string;
}

export interface LogIntegrationTable {
  id: number;
  size: number | string;
  compact_range: string;
  signed_size: number | string | null;
  signed_root: string | null;
  checkpoint_size: number | string | null;
  checkpoint: string | null;
  checkpoint_at: string | null;
  lease_owner: string | null;
  lease_until: number | string | null;
}

export interface LogKeysTable {
  /** `checkpoint` | `sm2` | `witness`. */
  purpose: string;
  name: string;
  vkey: string;
  sealed_private_key: string;
  master_key_id: string;
  created_at: string;
}

export interface WitnessedLogsTable {
  origin: string;
  vkey: string;
  size: number | string;
  /** Standard base64 of the latest cosigned root hash. */
  root_hash: string;
  added_at: string;
  updated_at: string;
}

export interface WitnessRefusalsTable {
  id: string;
  at: string;
  origin: string;
  code: string;
  old_size: number | string;
  checkpoint_size: number | string | null;
  cosigned_size: number | string;
  cosigned_root: string;
  /** The add-checkpoint request body as received: the evidence. */
  request: string;
}

export interface LogWitnessesTable {
  name: string;
  url: string;
  vkey: string;
  size: number | string;
  last_error: string | null;
  added_at: string;
  updated_at: string;
}
