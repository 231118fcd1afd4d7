export const language = {
  label: 'Language',
  en: 'English',
  sw: 'Kiswahili',
} as const;
