import type { Language } from '@hutong/core';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { readStored, writeStored } from '../preferences/stored-preference.js';
import en from './en.json';
import zhCN from './zh-CN.json';

/** The languages of the interface: Chinese first (the default), English second. */
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'hutong.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen earlier on this device, else Chinese. */
export function storedLanguage(): Language {
  const stored = readStored(STORAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

/** Switches the interface language and remembers it on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  writeStored(STORAGE_KEY, language);
  await i18n.changeLanguage(language);
}

/** The language the interface speaks now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  // Resources are bundled: initialise synchronously, so the first render is translated.
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
});

// The page's own language and title follow the interface (screen readers, browser tabs).
function reflectLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = i18n.t('app.title');
}
reflectLanguage(i18n.language);
i18n.on('languageChanged', reflectLanguage);

export { i18n };
