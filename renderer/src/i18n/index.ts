import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './languages';

export { LANGUAGES, LANGUAGE_NAMES, isLanguage as isLanguageValue, type Language } from './languages';

/**
 * The UI language lives in localStorage: it is a workstation preference, not
 * PHI, and must be known before anyone signs in (the sign-in screen offers it).
 */
export const LANGUAGE_STORAGE_KEY = 'zahanati.language';

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be unavailable (unit tests under Node, a locked-down profile): English then.
    return DEFAULT_LANGUAGE;
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: ['en', 'sw'],
  // Resources are bundled, so init finishes synchronously and the first render is already translated.
  initAsync: false,
  // React escapes text itself; escaping here would show "&amp;" in names.
  interpolation: { escapeValue: false },
  returnNull: false,
});

function showLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
showLanguage(currentLanguage());

export function currentLanguage(): Language {
  const language = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers it on this workstation; <html lang> follows. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch still applies to this window.
  }
  await i18n.changeLanguage(language);
  showLanguage(language);
}
