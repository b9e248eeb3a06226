/** Reading the JSON text columns of `auth/` tables back into typed values (the store is trusted, but checked). */
import { isScope, isStaffRole, type Scope, type StaffRole } from './principal.js';

function parseArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** Unknown scopes in a row (e.g. written by a newer server) are dropped, never granted. */
export function readScopes(text: string): Scope[] {
  return parseArray(text).filter(isScope);
}

export function readRoles(text: string): StaffRole[] {
  return parseArray(text).filter(isStaffRole);
}

export function readLicenceTypes(text: string): string[] | '*' {
  if (text === '"*"') return '*';
  return parseArray(text).filter((value): value is string => typeof value === 'string');
}

export function writeLicenceTypes(types: readonly string[] | '*'): string {
  return JSON.stringify(types === '*' ? '*' : [...types]);
}
