import { i18n } from './index';
import type { Language } from './languages';

/**
 * Runs `read` with the UI in `language`, then puts English back, so a unit test
 * can check a helper's text in both languages. The helpers read the language
 * when they are called, as the UI does after the switch.
 */
export async function inLanguage<T>(language: Language, read: () => T): Promise<T> {
  await i18n.changeLanguage(language);
  try {
    return read();
  } finally {
    await i18n.changeLanguage('en');
  }
}
