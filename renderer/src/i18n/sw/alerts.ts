import type { Translation } from '../resources';

export const alerts: Translation['alerts'] = {
  alertList: {
    raised: 'Imetolewa ',
    acknowledged: 'Imekubaliwa ',
    acknowledge: 'Kubali',
    noteOptional: 'Maelezo (si lazima)',
    whatYouFoundOrDid: 'Ulichokipata au ulichofanya, kwa atakayesoma tahadhari hii baadaye.',
    keepOpen: 'Acha wazi',
    open: 'Wazi',
    acknowledged2: 'Imekubaliwa',
    anUnknownUsername: 'jina la mtumiaji lisilojulikana',
    aRemovedUser: 'mtumiaji aliyeondolewa',
    by: ' na {{by}}',
    acknowledging: 'Inakubaliwa…',
    acknowledgeAlert: 'Kubali tahadhari',
    user: 'Mtumiaji: <strong>{{user}}</strong>',
  },
  alertsScreen: {
    threshold: {
      failedLoginsIn15Minutes: {
        label: 'Majaribio ya kuingia yaliyoshindwa ndani ya dakika 15',
        hint: 'Tahadhari hutolewa jina moja la mtumiaji likishindwa mara hizi.',
      },
      recordViewsPerHour: {
        label: 'Kumbukumbu za wagonjwa zilizofunguliwa ndani ya saa moja',
        hint: 'Tahadhari hutolewa mtumiaji mmoja akifungua zaidi ya hizi.',
      },
      exportRows: {
        label: 'Safu katika usafirishaji mmoja',
        hint: 'Tahadhari hutolewa kwa usafirishaji wowote mkubwa kuliko huu.',
      },
    },
    home: 'Mwanzo',
    securityAlerts: 'Tahadhari za usalama',
    raisedFromTheAuditTrail:
      'Hutolewa kutoka kwenye kumbukumbu za ukaguzi: kuingia kulikoshindwa mara kwa mara, rekodi zilizofunguliwa nje ya zamu, rekodi nyingi zilizofunguliwa kwa saa moja, uhamishaji mkubwa wa data na kila matumizi ya ufikiaji wa dharura. Tahadhari zilizo wazi hubaki kwenye skrini ya mwanzo hadi mtu azikubali.',
    show: 'Onyesha',
    allAlerts: 'Tahadhari zote',
    openOnly: 'Zilizo wazi tu',
    tryAgain: 'Jaribu tena',
    loading: 'Inapakia…',
    alertThresholds: 'Viwango vya tahadhari',
    saveThresholds: 'Hifadhi viwango',
    savedNewAuditEntriesAre: 'Imehifadhiwa. Kumbukumbu mpya za ukaguzi zinalinganishwa na viwango hivi.',
    noneOpen: 'Hakuna iliyo wazi',
    open: '{{openCount}} zilizo wazi',
    noOpenAlerts: 'Hakuna tahadhari zilizo wazi.',
    noAlertsHaveBeenRaised: 'Hakuna tahadhari iliyotolewa.',
  },
  securityAlertsPanel: {
    securityAlerts: 'Tahadhari za usalama',
    open: '{{length}} zilizo wazi',
    allAlertsIncludingAcknowledged: 'Tahadhari zote, pamoja na zilizokubaliwa',
    tryAgain: 'Jaribu tena',
    loading: 'Inapakia…',
    noOpenSecurityAlerts: 'Hakuna tahadhari za usalama zilizo wazi.',
  },
  text: {
    rule: {
      failed_logins: 'Majaribio ya kuingia yaliyoshindwa mara kwa mara',
      outside_shift: 'Kumbukumbu zilizofunguliwa nje ya zamu',
      many_record_views: 'Kumbukumbu nyingi za wagonjwa zimefunguliwa',
      large_export: 'Usafirishaji mkubwa wa data',
      break_glass: 'Ufikiaji wa dharura umetumika',
    },
  },
};
