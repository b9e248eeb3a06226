import type { TFunction } from 'i18next';
import type { Period, ValidityRule } from '../api/catalogue-api.js';

/** "5 years 6 months" / "5年6个月"; an empty period reads as zero days. */
export function describePeriod(period: Period, t: TFunction, language: string): string {
  const parts: string[] = [];
  if (period.years !== undefined && period.years > 0) parts.push(t('validity.years', { count: period.years }));
  if (period.months !== undefined && period.months > 0) parts.push(t('validity.months', { count: period.months }));
  if (period.days !== undefined && period.days > 0) parts.push(t('validity.days', { count: period.days }));
  return parts.length === 0
    ? t('validity.days', { count: 0 })
    : new Intl.ListFormat(language, { type: 'unit', style: 'narrow' }).format(parts);
}

/** A type's validity rule (GB/T 36902: long-term, a fixed period, or a range the issuer chooses in). */
export function describeValidity(rule: ValidityRule, t: TFunction, language: string): string {
  switch (rule.kind) {
    case 'long-term':
      return t('validity.longTerm');
    case 'period':
      return describePeriod(rule, t, language);
    case 'range':
      return t('validity.range', {
        min: describePeriod(rule.min, t, language),
        max: describePeriod(rule.max, t, language),
      });
  }
}
