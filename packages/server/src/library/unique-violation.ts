/**
 * True when a write failed on a unique constraint: PostgreSQL SQLSTATE 23505
 * (unique_violation), better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY. Concurrent
 * retries of one idempotent request meet here: the loser reads the winner's answer.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
