import type { Translation } from '../resources';

export const breakGlass: Translation['breakGlass'] = {
  breakGlassAction: {
    explain: 'Eleza dharura kwa angalau herufi {{min}}',
    atMost: 'Si zaidi ya herufi {{max}}',
    emergencyAccessUntil: 'Ufikiaji wa dharura hadi {{expiresAt}}',
    emergencyAccessToSensitiveRecords: 'Ufikiaji wa dharura wa rekodi nyeti',
    patient: 'Mgonjwa ',
    youWillAlsoSeeTheir:
      ': utaona pia rekodi zake za VVU, ukatili wa kijinsia, afya ya akili na afya ya uzazi ambazo wadhifa wako hauonyeshi, kwa {{value}}.',
    useThisOnlyInAn:
      'Tumia hii wakati wa dharura tu. Sababu yako na kila rekodi unayofungua vinarekodiwa, na msimamizi hukagua kila matumizi.',
    reasonForEmergencyAccess: 'Sababu ya ufikiaji wa dharura',
    whatIsHappeningAndWhy: 'Kinachoendelea na kwa nini rekodi hizi zinahitajika sasa.',
    cancel: 'Ghairi',
    aLimitedTime: 'muda mfupi',
    minutes: 'dakika {{minutes}}',
    requesting: 'Inaomba…',
    requestEmergencyAccess: 'Omba ufikiaji wa dharura',
  },
  breakGlassBanner: {
    grant:
      'Ufikiaji wa dharura wa <link>{{patient}}</link> hadi <strong>{{until}}</strong> — kila utazamaji unarekodiwa.',
    emergencyAccess: 'Ufikiaji wa dharura',
    aPatientSRecords: 'rekodi za mgonjwa',
  },
  breakGlassReviewScreen: {
    durationLabel: 'Dakika za ufikiaji kwa kila ombi',
    emergencyAccessReview: 'Mapitio ya ufikiaji wa dharura',
    eachTimeSomeoneOpenedSensitive:
      'Kila mara mtu alipofungua rekodi nyeti ambazo kwa kawaida haruhusiwi kuona, alitoa sababu na kuthibitisha kuwa ni yeye. Kagua kila matumizi na mhusika au msimamizi wake, kisha weka alama kuwa imekaguliwa pamoja na ulichokipata.',
    showReviewedOnesToo: 'Onyesha pia zilizokaguliwa',
    tryAgain: 'Jaribu tena',
    loading: 'Inapakia…',
    emergencyAccess: 'Ufikiaji wa dharura',
    runningNow: 'Inaendelea sasa',
    granted: 'Imetolewa ',
    reviewed: 'Imekaguliwa {{reviewedAt}}',
    markReviewed: 'Weka alama imekaguliwa',
    reviewComment: 'Maoni ya ukaguzi',
    whatYouCheckedAndFound:
      'Ulichokagua na kukipata, k.m. “Nimethibitisha na wodi: mgonjwa amepoteza fahamu, matibabu yalihitaji hali yake ya VVU.”',
    notYet: 'Bado',
    howLongEmergencyAccessLasts: 'Muda wa ufikiaji wa dharura',
    saveDuration: 'Hifadhi muda',
    savedGrantsFromNowOn:
      'Imehifadhiwa. Ruhusa zitakazotolewa kuanzia sasa zitadumu muda huu; zinazoendelea zinabaki na muda wake wa kuisha.',
    newGrantsLastMinutes: 'Ruhusa mpya hudumu dakika {{durationMinutes}}.',
    noneWaiting: 'Hakuna inayosubiri',
    waiting: '{{waiting}} zinasubiri',
    emergencyAccessHasNotBeen: 'Ufikiaji wa dharura haujatumika.',
    nothingWaitsForReview: 'Hakuna kinachosubiri ukaguzi.',
    waitingForReview: 'Zinasubiri ukaguzi',
    reviewed2: 'Zimekaguliwa',
    until: 'Hadi',
    ended: 'Imeisha',
    by: ' na {{reviewer}}',
    saving: 'Inahifadhi…',
    patient: 'Mgonjwa: <patient>{{patient}}</patient>',
    patientWithChart: 'Mgonjwa: <patient>{{patient}}</patient> (<link>fungua faili</link>)',
    aRemovedUser: 'Mtumiaji aliyeondolewa',
  },
};
