export const workstation = {
  workstationGate: {
    startingZahanati: 'Starting Zahanati…',
    zahanatiCannotOpenThisWorkstation: 'Zahanati cannot open this workstation’s records',
    unlockThisWorkstation: 'Unlock this workstation',
    thisComputerHasNoSecure:
      'This computer has no secure keychain, so its records are protected by the workstation passphrase.',
    workstationPassphrase: 'Workstation passphrase',
    protectThisWorkstation: 'Protect this workstation',
    thisComputerHasNoSecure2:
      'This computer has no secure keychain. Choose a workstation passphrase of at least {{MIN_PASSPHRASE_LENGTH}} characters; it will be asked each time Zahanati starts. Keep it with the facility’s recovery kit.',
    newWorkstationPassphrase: 'New workstation passphrase',
    typeItAgain: 'Type it again',
    theTwoPassphrasesAreNot: 'The two passphrases are not the same.',
    unlocking: 'Unlocking…',
    unlock: 'Unlock',
    protecting: 'Protecting…',
    protectWorkstation: 'Protect workstation',
  },
} as const;
