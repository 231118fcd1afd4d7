import type { Translation } from '../resources';

export const audit: Translation['audit'] = {
  auditRetentionPanel: {
    keepingTheAuditTrail: 'Kuhifadhi kumbukumbu za ukaguzi',
    keptFor:
      'Kumbukumbu huhifadhiwa kwa <strong>miaka {{years}}</strong>. Ni kumbukumbu za zamani kuliko hapo tu (leo, zilizoandikwa kabla ya {{cutoff}}) zinazoweza kufutwa.',
    nothingRemoved: 'Hakuna kumbukumbu iliyokuwa ya zamani kuliko {{cutoff}}; hakuna kilichoondolewa.',
    removed_one:
      'Kumbukumbu {{count}} ya zamani kuliko {{cutoff}} imeondolewa. Ufutaji wenyewe umerekodiwa kwenye kumbukumbu za ukaguzi.',
    removed_other:
      'Kumbukumbu {{count}} za zamani kuliko {{cutoff}} zimeondolewa. Ufutaji wenyewe umerekodiwa kwenye kumbukumbu za ukaguzi.',
    purgeQuestion:
      'Kumbukumbu zilizoandikwa kabla ya {{cutoff}} zitaondolewa kabisa; za karibuni haziwezi kuondolewa. Utaombwa nenosiri lako na msimbo wa kithibitishaji.',
    keepFor: 'Hifadhi kumbukumbu kwa (miaka)',
    default: 'Chaguo-msingi la Zahanati ni 7.',
    purgeExpiredEntries: 'Futa kumbukumbu zilizoisha muda',
    purgeThem: 'Zifute',
    saveRetention: 'Hifadhi muda wa kuhifadhi',
    saved: 'Imehifadhiwa.',
  },
  auditScreen: {
    auditTrail: 'Kumbukumbu za ukaguzi',
    everySignInRecordRead:
      'Kila kuingia, kusoma rekodi na mabadiliko kwenye kompyuta hii, za karibuni kwanza. Kumbukumbu haziwezi kubadilishwa wala kuondolewa kabla muda wake wa kuhifadhiwa haujaisha.',
    loading: 'Inapakia…',
    pages: 'Kurasa',
    newer: '‹ Mpya zaidi',
    pageOf: 'Ukurasa {{value}} kati ya {{pages}}',
    older: 'Za zamani ›',
    filterTheAuditTrail: 'Chuja kumbukumbu za ukaguzi',
    user: 'Mtumiaji',
    anyUser: 'Mtumiaji yeyote',
    action: 'Kitendo',
    anyAction: 'Kitendo chochote',
    outcome: 'Matokeo',
    anyOutcome: 'Matokeo yoyote',
    patientRecordIdOptional: 'Kitambulisho cha rekodi ya mgonjwa (si lazima)',
    from: 'Kuanzia',
    to: 'Hadi',
    clearFilters: 'Futa vichujio',
    time: 'Muda',
    command: 'Amri',
    resource: 'Rasilimali',
    purpose: 'Madhumuni',
    verifying: 'Inahakiki…',
    verifyChain: 'Hakiki mnyororo',
    exporting: 'Inahamisha…',
    exportCsv: 'Hamisha CSV',
    noEntriesMatch: 'Hakuna kumbukumbu zinazolingana.',
    showingOf_one: 'Inaonyesha {{first}}–{{last}} kati ya kumbukumbu {{count}}.',
    showingOf_other: 'Inaonyesha {{first}}–{{last}} kati ya kumbukumbu {{count}}.',
    exported_one:
      'Kumbukumbu {{count}} imesafirishwa kwenda {{filename}}. Usafirishaji wenyewe umerekodiwa kwenye kumbukumbu za ukaguzi.',
    exported_other:
      'Kumbukumbu {{count}} zimesafirishwa kwenda {{filename}}. Usafirishaji wenyewe umerekodiwa kwenye kumbukumbu za ukaguzi.',
    removedUser: 'Mtumiaji aliyeondolewa',
    noSuchAccount: 'Hakuna akaunti hiyo',
    searching: 'Inatafuta…',
    search: 'Tafuta',
  },
  verifyChain: {
    checkedNoEntryWasChanged_one:
      ' — kumbukumbu {{count}} imekaguliwa. Hakuna kumbukumbu iliyobadilishwa, kuondolewa wala kuongezwa.',
    checkedNoEntryWasChanged_other:
      ' — kumbukumbu {{count}} zimekaguliwa. Hakuna kumbukumbu iliyobadilishwa, kuondolewa wala kuongezwa.',
    intact: 'Kamili',
    entriesCheckedUpToThere: ' Kumbukumbu {{checked}} zimekaguliwa hadi hapo.',
    broken: 'Imevunjika',
    atEntry: ' kwenye kumbukumbu ',
    ofWorkstation: ' ya kompyuta ',
    written: ', iliyoandikwa {{occurredAt}}: {{value}}.',
    theAuditTrailDoesNot: ' — kumbukumbu za ukaguzi hazihakikiki.',
  },
  filter: {
    enterDate: 'Weka tarehe',
    patientId:
      'Weka namba ya kumbukumbu ya mgonjwa kamili (herufi 36, kama inavyoonekana kwenye kumbukumbu yake), au iache wazi',
    endBeforeStart: 'Tarehe ya mwisho isiwe kabla ya tarehe ya kuanza',
    action: {
      CREATE: 'Kumbukumbu imeundwa',
      READ: 'Kumbukumbu imesomwa',
      UPDATE: 'Kumbukumbu imebadilishwa',
      DELETE: 'Kumbukumbu imeondolewa',
      EXPORT: 'Usafirishaji',
      LOGIN: 'Kuingia',
      LOGOUT: 'Kutoka',
      FAILED_LOGIN: 'Kuingia kumeshindwa',
      BREAK_GLASS: 'Ufikiaji wa dharura',
      PERMISSION_CHANGE: 'Mabadiliko ya ruhusa',
      EXECUTE: 'Kitendo kingine',
    },
    outcome: {
      allowed: 'Imeruhusiwa',
      denied: 'Imekataliwa',
      failed: 'Imeshindwa',
    },
  },
};
