/**
 * A preference kept in localStorage. Storage can be missing or refuse writes (private
 * windows, locked-down kiosks): then the preference lives for this page only, never an error.
 */
export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // See above: the choice still applies to this page.
  }
}

export function removeStored(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing was kept, then.
  }
}
