import type { KioskCredentials } from '../api/kiosk-api.js';
import { readStored, removeStored, writeStored } from '../preferences/stored-preference.js';

const STORAGE_KEY = 'hutong.kioskClient';

/**
 * The terminal's API client credentials, entered once when the terminal is set up (the node's
 * administrator registers it as a client of kind `kiosk`) and kept on this device, as a
 * terminal's configuration is. They admit only the kiosk routes, each kiosk seeing only its own
 * sessions (matters.permissions.ts), and hold no holder's data.
 */
export function storedKioskCredentials(): KioskCredentials | undefined {
  const text = readStored(STORAGE_KEY);
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as KioskCredentials).clientId === 'string' &&
      typeof (value as KioskCredentials).clientSecret === 'string'
    ) {
      return { clientId: (value as KioskCredentials).clientId, clientSecret: (value as KioskCredentials).clientSecret };
    }
  } catch {
    // Unreadable: set the terminal up again.
  }
  return undefined;
}

export function saveKioskCredentials(credentials: KioskCredentials): void {
  writeStored(STORAGE_KEY, JSON.stringify(credentials));
}

export function forgetKioskCredentials(): void {
  removeStored(STORAGE_KEY);
}
