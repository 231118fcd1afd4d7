export const system = {
  aboutScreen: {
    keyProtectionLabel: {
      'os-keychain': "Operating system's keychain",
      passphrase: 'Workstation passphrase',
    },
    aboutThisWorkstation: 'About this workstation',
    loading: 'Loading…',
    appVersion: 'App version',
    dataVersion: 'Data version',
    sqlcipherVersion: 'SQLCipher version',
    dataFolder: 'Data folder',
    keyProtection: 'Key protection',
  },
  homeScreen: {
    welcomeToZahanati: 'Welcome to Zahanati',
    clinicRecordsThatKeepWorking: 'Clinic records that keep working when the internet does not.',
  },
} as const;
