/**
 * The building blocks of the demo data: a seeded pseudo-random generator (the same data on
 * every node and every run), identity codes whose check characters are computed by core
 * (never typed in by hand), and civil-date arithmetic on `yyyyMMdd`.
 */
import { citizenIdCheckCharacter, organisationCodeCheckCharacter, usccCheckCharacter } from '@hutong/core';

/** A deterministic generator of the demo's choices (not for secrets: see `demo-credentials.ts`). */
export interface DemoRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/**
 * Mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and well distributed enough to
 * choose names and dates; the point is that a seed gives the same sequence everywhere.
 *
 * @example const random = demoRandom(650000); random.int(1, 6) // the same on every run
 */
export function demoRandom(seed: number): DemoRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => {
      const item = list[Math.floor(next() * list.length)];
      if (item === undefined) throw new Error('demoRandom.pick needs a non-empty list');
      return item;
    },
    chance: (p) => next() < p,
  };
}

/**
 * A unified social credit code from its first 8 characters (registration department,
 * organisation type, GB/T 2260 area) and an 8-character GB 11714 organisation-code body:
 * GB 11714 check character (position 17) and GB 32100 check character (position 18) are
 * computed by core, so the code always passes `parseUscc`.
 *
 * @example usccOf('11650000', '01010110') // '11650000010101106…' with both check characters
 */
export function usccOf(prefix: string, body: string): string {
  // GB 32100-2015 §4: 1 + 1 + 6 characters before the organisation code.
  if (!/^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}$/.test(prefix)) throw new Error(`bad USCC prefix ${prefix}`);
  // The body must be in both alphabets: GB 11714's [0-9A-Z] and GB 32100's (no I, O, Z, S, V).
  if (!/^[0-9A-HJ-NP-RTUW-Y]{8}$/.test(body)) throw new Error(`bad organisation code body ${body}`);
  const first17 = `${prefix}${body}${organisationCodeCheckCharacter(body)}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}

/**
 * A citizen ID number (GB 11643): 6-digit area code, birth date, 3-digit sequence (odd for
 * men, even for women), MOD 11-2 check character computed by core.
 *
 * @example citizenIdOf('650102', '19850312', 17) // '650102198503120173' (check computed)
 */
export function citizenIdOf(areaCode: string, birthDate: string, sequence: number): string {
  if (!/^65[0-9]{4}$/.test(areaCode)) throw new Error(`not a Xinjiang area code ${areaCode}`);
  if (!/^[0-9]{8}$/.test(birthDate)) throw new Error(`bad birth date ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) throw new Error(`bad sequence ${sequence}`);
  const first17 = `${areaCode}${birthDate}${String(sequence).padStart(3, '0')}`;
  return `${first17}${citizenIdCheckCharacter(first17)}`;
}

/** `yyyyMMdd` → milliseconds at UTC midnight (civil dates carry no time zone). */
function toUtc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
}

function fromUtc(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/**
 * A civil date plus (or minus) whole days.
 *
 * @example addDays('20240228', 2) // '20240301'
 */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * 86_400_000);
}

/**
 * A civil date plus (or minus) whole years; 29 February becomes 28 February in a common
 * year, as calendar arithmetic (and core's `addPeriod`) does.
 *
 * @example addYears('20240229', 1) // '20250228'
 */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(4, 6));
  let day = Number(date.slice(6, 8));
  while (new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1) day--;
  return `${year}${date.slice(4, 6)}${String(day).padStart(2, '0')}`;
}

/**
 * A civil date plus whole months (clamped to the month's last day).
 *
 * @example addMonths('20240131', 1) // '20240229'
 */
export function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(4, 6)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  let day = Number(date.slice(6, 8));
  while (new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1) day--;
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** Whole years from `birth` to `on` (both `yyyyMMdd`): the age on that day. */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(4) >= birth.slice(4) ? years : years - 1;
}
