import { readStored, writeStored } from './stored-preference.js';

const STORAGE_KEY = 'hutong.elderMode';

/** Elder-friendly mode (适老化): larger type and higher contrast, remembered on this device. */
export function storedElderMode(): boolean {
  return readStored(STORAGE_KEY) === 'on';
}

export function saveElderMode(on: boolean): void {
  writeStored(STORAGE_KEY, on ? 'on' : 'off');
}
