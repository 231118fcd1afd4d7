import type { Translation } from '../resources';

export const language: Translation['language'] = {
  label: 'Lugha',
  en: 'English',
  sw: 'Kiswahili',
};
