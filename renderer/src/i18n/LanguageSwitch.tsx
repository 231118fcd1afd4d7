import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, currentLanguage, isLanguageValue, setLanguage } from './index';

/**
 * English / Kiswahili, on the sign-in screen and in the app frame. Each
 * language is named in itself so someone who reads only one can find it.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <label className={className === undefined ? 'language-switch' : `language-switch ${className}`}>
      <span className="visually-hidden">{t('language.label')}</span>
      <select
        value={language}
        data-testid="language-switch"
        onChange={(event) => {
          if (isLanguageValue(event.target.value)) void setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((option) => (
          <option key={option} value={option} lang={option}>
            {LANGUAGE_NAMES[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
