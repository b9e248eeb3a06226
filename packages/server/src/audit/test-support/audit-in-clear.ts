/**
 * Audit rows as a reader sees them (test-only): `packed_details` unpacked to its JSON text
 * (migration 0017 packs it), so that a test asserting "no personal data in clear" searches
 * the details themselves, not their DEFLATE bytes.
 */
import { unpackJsonText } from '../../store/packed-json.js';

type InClear<T> = Omit<T, 'packed_details'> & { readonly details: string };

export function auditInClear<T extends { readonly packed_details: Uint8Array }>(rows: readonly T[]): InClear<T>[];
export function auditInClear<T extends { readonly packed_details: Uint8Array }>(rows: T): InClear<T>;
export function auditInClear<T extends { readonly packed_details: Uint8Array }>(
  rows: T | readonly T[],
): InClear<T> | InClear<T>[] {
  const one = ({ packed_details, ...row }: T): InClear<T> => ({ ...row, details: unpackJsonText(packed_details) });
  return Array.isArray(rows) ? (rows as readonly T[]).map(one) : one(rows as T);
}
