import type { Language } from '@hutong/core';
import type { Label } from '../api/catalogue-api.js';

/** A bilingual name in the interface's language. */
export function labelIn(label: Label, language: Language): string {
  return language === 'zh-CN' ? label.zh : label.en;
}

/**
 * A GB/T 36903 date (`yyyyMMdd` on the wire) as people read it: 2024年1月8日, 8 January 2024.
 * Anything else is shown as it came, never guessed at.
 */
export function formatCompactDate(value: string, language: Language): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match === null) return value;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // A calendar date, not an instant: formatted in UTC so no time zone shifts the day.
  if (date.getUTCDate() !== Number(day)) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** An RFC 3339 instant in China Standard Time (the platform's reference clock). */
export function formatInstant(value: string, language: Language): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(date);
}

/** Names the server gives the readable CSRF cookie (server `auth/cookies.ts`). */
const CSRF_COOKIE_NAMES = ['__Host-hutong-csrf', 'hutong-csrf'];

/**
 * True when this browser holds a non-empty CSRF cookie, i.e. may have a session. The session
 * cookie itself is HttpOnly; asking the server without any cookie would only earn a 401,
 * which browsers log as an error on every first visit.
 */
export function mayHaveSession(cookieHeader: string): boolean {
  return cookieHeader
    .split(';')
    .map((part) => part.trim())
    .some((part) => CSRF_COOKIE_NAMES.some((name) => part.startsWith(`${name}=`) && part.length > name.length + 1));
}
