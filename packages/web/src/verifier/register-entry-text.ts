/**
 * One line of a venue's register (今日入场登记) in the interface's language. The node keeps each
 * entry's disclosed fields with the Chinese labels of the day of entry (the register is the
 * venue's record, and its CSV export stays Chinese), and the page printed those labels as they
 * were: an English page listed "持证主体：…，证照名称：…". Each field is now named from its key,
 * as the verdict names the same fields: the metadata names through i18n, a face field by the
 * catalogue's label for the entry's type; the stored label only for a field neither knows.
 */
import { type Language, SHOWABLE_METADATA } from '@hutong/core';
import type { VenueEntry } from '../api/verify-api.js';
import { labelIn } from '../layout/format.js';
import type { TypeLabelIndex } from './type-labels.js';

/**
 * `Holder: 张三, Licence name: 居民身份证` (English) or `持证主体：张三，证照名称：居民身份证` (Chinese).
 *
 * @example registerEntryText(entry, labels, 'en', t) // 'Holder: 张三, Licence name: 居民身份证'
 */
export function registerEntryText(
  entry: Pick<VenueEntry, 'typeCode' | 'fields'>,
  labels: TypeLabelIndex,
  language: Language,
  t: (key: string) => string,
): string {
  const [colon, comma] = language === 'en' ? [': ', ', '] : ['：', '，'];
  return entry.fields
    .map((field) => {
      const known = labels[entry.typeCode]?.fields[field.key];
      const label = (SHOWABLE_METADATA as readonly string[]).includes(field.key)
        ? t(`verifier.metadata.${field.key}`)
        : known === undefined
          ? field.label
          : labelIn(known.label, language);
      const value = field.masked ? undefined : known?.values?.[String(field.value)];
      return `${label}${colon}${value === undefined ? String(field.value) : labelIn(value, language)}`;
    })
    .join(comma);
}
