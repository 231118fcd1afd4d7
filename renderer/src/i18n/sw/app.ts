import type { Translation } from '../resources';

export const app: Translation['app'] = {
  appFrame: {
    zahanati: 'Zahanati',
    main: 'Kuu',
  },
  nav: {
    home: 'Mwanzo',
    findPatient: 'Tafuta mgonjwa',
    appointments: 'Miadi',
    queue: 'Foleni',
    labWorklist: 'Kazi za maabara',
    shiftSchedule: 'Ratiba ya zamu',
    users: 'Watumiaji',
    auditTrail: 'Kumbukumbu za ukaguzi',
    securityAlerts: 'Tahadhari za usalama',
    emergencyAccessReview: 'Mapitio ya ufikiaji wa dharura',
    securitySettings: 'Mipangilio ya usalama',
    demoData: 'Data ya majaribio',
    sync: 'Usawazishaji',
    myAccount: 'Akaunti yangu',
    aboutThisWorkstation: 'Kuhusu kompyuta hii',
  },
};
