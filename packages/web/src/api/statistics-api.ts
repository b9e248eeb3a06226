import type { Language } from '@hutong/core';
import { apiRequest, isObject, isString } from './api-request.js';

/** The library in figures (`GET /api/v1/statistics/licences`): each licence counted once. */
export interface LicenceStatistics {
  readonly total: number;
  readonly byType: ReadonlyArray<{ readonly certificateTypeCode: string; readonly count: number }>;
  readonly byIssuer: ReadonlyArray<{ readonly issuerCode: string; readonly count: number }>;
  readonly byStatus: ReadonlyArray<{ readonly status: string; readonly count: number }>;
  readonly byOrigin: ReadonlyArray<{ readonly origin: string; readonly count: number }>;
}

const isCounts =
  (member: string) =>
  (value: unknown): boolean =>
    Array.isArray(value) &&
    value.every((item) => isObject(item) && isString(item[member]) && typeof item.count === 'number');

function isLicenceStatistics(value: unknown): value is LicenceStatistics {
  return (
    isObject(value) &&
    typeof value.total === 'number' &&
    isCounts('certificateTypeCode')(value.byType) &&
    isCounts('issuerCode')(value.byIssuer) &&
    isCounts('status')(value.byStatus) &&
    isCounts('origin')(value.byOrigin)
  );
}

export function fetchLicenceStatistics(language: Language, signal?: AbortSignal): Promise<LicenceStatistics> {
  return apiRequest('/api/v1/statistics/licences', { language, signal, accept: isLicenceStatistics });
}

/** The actions counted per day (server `audit/activity-statistics.ts`). */
export const ACTIVITY_ACTIONS = [
  'licence.issued',
  'licence.status',
  'licence.verify',
  'licence.read',
  'licence.query',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];
type ActionCounts = Readonly<Record<ActivityAction, number>>;

/** Activity per China day (`GET /api/v1/statistics/activity`), from the audit trail. */
export interface ActivityStatistics {
  readonly days: ReadonlyArray<{ readonly day: string; readonly counts: ActionCounts }>;
  readonly totals: ActionCounts;
}

const isActionCounts = (value: unknown): value is ActionCounts =>
  isObject(value) && ACTIVITY_ACTIONS.every((action) => typeof value[action] === 'number');

function isActivityStatistics(value: unknown): value is ActivityStatistics {
  return (
    isObject(value) &&
    Array.isArray(value.days) &&
    value.days.every((d) => isObject(d) && isString(d.day) && isActionCounts(d.counts)) &&
    isActionCounts(value.totals)
  );
}

export function fetchActivityStatistics(
  language: Language,
  days: number,
  signal?: AbortSignal,
): Promise<ActivityStatistics> {
  return apiRequest('/api/v1/statistics/activity', {
    language,
    query: { days: String(days) },
    signal,
    accept: isActivityStatistics,
  });
}
