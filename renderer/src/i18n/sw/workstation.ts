import type { Translation } from '../resources';

export const workstation: Translation['workstation'] = {
  workstationGate: {
    startingZahanati: 'Zahanati inaanza…',
    zahanatiCannotOpenThisWorkstation: 'Zahanati haiwezi kufungua rekodi za kompyuta hii',
    unlockThisWorkstation: 'Fungua kompyuta hii',
    thisComputerHasNoSecure:
      'Kompyuta hii haina hifadhi salama ya funguo, kwa hiyo rekodi zake zinalindwa kwa neno la siri la kompyuta.',
    workstationPassphrase: 'Neno la siri la kompyuta',
    protectThisWorkstation: 'Linda kompyuta hii',
    thisComputerHasNoSecure2:
      'Kompyuta hii haina hifadhi salama ya funguo. Chagua neno la siri la kompyuta lenye angalau herufi {{MIN_PASSPHRASE_LENGTH}}; litaombwa kila Zahanati inapoanza. Lihifadhi pamoja na kifaa cha urejeshaji cha kituo.',
    newWorkstationPassphrase: 'Neno jipya la siri la kompyuta',
    typeItAgain: 'Liandike tena',
    theTwoPassphrasesAreNot: 'Maneno mawili ya siri hayafanani.',
    unlocking: 'Inafungua…',
    unlock: 'Fungua',
    protecting: 'Inalinda…',
    protectWorkstation: 'Linda kompyuta',
  },
};
