import type { Translation } from '../resources';

export const system: Translation['system'] = {
  aboutScreen: {
    keyProtectionLabel: {
      'os-keychain': 'Hifadhi ya funguo ya mfumo wa uendeshaji',
      passphrase: 'Nenosiri la kituo cha kazi',
    },
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
