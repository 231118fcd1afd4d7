import type { Translation } from '../resources';

export const system: Translation['system'] = {
  aboutScreen: {
    aboutThisWorkstation: 'Kuhusu kompyuta hii',
    loading: 'Inapakia…',
    appVersion: 'Toleo la programu',
    dataVersion: 'Toleo la data',
    sqlcipherVersion: 'Toleo la SQLCipher',
    dataFolder: 'Folda ya data',
    keyProtection: 'Ulinzi wa ufunguo',
  },
  homeScreen: {
    welcomeToZahanati: 'Karibu Zahanati',
    clinicRecordsThatKeepWorking: 'Kumbukumbu za kliniki zinazoendelea kufanya kazi hata intaneti ikikatika.',
  },
};
