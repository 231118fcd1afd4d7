import type { Translation } from '../resources';

/** Role and permission names for people (shared/security holds the English ones, keyed the same). */
export const access: Translation['access'] = {
  role: {
    owner: { label: 'Mmiliki', description: 'Ameanzisha shirika; ana ruhusa zote.' },
    org_admin: {
      label: 'Msimamizi wa shirika',
      description: 'Anaendesha vituo, wafanyakazi, vituo vya kazi na mipangilio ya usalama ya shirika.',
    },
    facility_admin: {
      label: 'Msimamizi wa kituo',
      description: 'Anasimamia wafanyakazi, zamu, vituo vya kazi na ukaguzi wa kumbukumbu za kituo kimoja.',
    },
    clinical_manager: {
      label: 'Meneja wa kliniki',
      description: 'Anaongoza wahudumu wa afya: anapanga zamu, anaona kila kumbukumbu, anakagua ufikiaji wa dharura.',
    },
    clinician: {
      label: 'Tabibu',
      description:
        'Afisa wa kliniki au daktari: anaona wagonjwa, anatambua magonjwa, anaandika dawa na kuagiza vipimo vya maabara.',
    },
    nurse: {
      label: 'Muuguzi',
      description:
        'Anafanya uchunguzi wa awali, anarekodi ishara muhimu na maelezo ya uuguzi, anapanga miadi ya ufuatiliaji.',
    },
    midwife: {
      label: 'Mkunga',
      description: 'Huduma ya mama na mtoto mchanga, pamoja na kumbukumbu za afya ya uzazi.',
    },
    pharmacist: { label: 'Mfamasia', description: 'Anatoa dawa zilizoandikwa na kusimamia akiba ya dawa.' },
    lab_technician: { label: 'Mtaalamu wa maabara', description: 'Anachukua sampuli na kuingiza matokeo ya maabara.' },
    registration_clerk: {
      label: 'Karani wa usajili',
      description: 'Anasajili wagonjwa, anarekodi ridhaa na kuwapokea kwa ziara.',
    },
    health_records_officer: {
      label: 'Afisa wa kumbukumbu za afya',
      description:
        'Anahakikisha kumbukumbu zimekamilika: anaunganisha nakala, anaandaa ripoti za MOH na kuzisafirisha.',
    },
    cashier: { label: 'Mhasibu wa malipo', description: 'Anarekodi malipo ya huduma na dawa.' },
    hts_counsellor: {
      label: 'Mshauri wa HTS',
      description: 'Upimaji na ushauri wa VVU; anaona kumbukumbu zinazohusu VVU.',
    },
    auditor: {
      label: 'Mkaguzi',
      description: 'Anasoma kumbukumbu za ukaguzi na tahadhari za usalama; habadilishi chochote.',
    },
    it_support: {
      label: 'Msaada wa TEHAMA',
      description: 'Anaweka vituo vya kazi na usawazishaji vikifanya kazi; hana ufikiaji wa kumbukumbu za kliniki.',
    },
  },
  category: {
    patients: 'Wagonjwa',
    consent: 'Ridhaa',
    encounters: 'Ziara na foleni',
    vitals: 'Uchunguzi wa awali na ishara muhimu',
    diagnoses: 'Utambuzi',
    notes: 'Maelezo ya kliniki',
    prescriptions: 'Dawa zilizoandikwa',
    dispensing: 'Utoaji wa dawa na akiba',
    labs: 'Maabara',
    appointments: 'Miadi',
    allergies: 'Mizio',
    hts: 'Huduma za upimaji wa VVU',
    billing: 'Malipo',
    reports: 'Ripoti',
    users: 'Watumiaji na majukumu',
    shifts: 'Zamu',
    devices: 'Vituo vya kazi na funguo',
    sync: 'Usawazishaji',
    audit: 'Ukaguzi na tahadhari',
    settings: 'Mipangilio',
    sensitive: 'Kumbukumbu nyeti',
  },
  permission: {
    patients: {
      read: 'Kutafuta wagonjwa na kufungua faili zao',
      create: 'Kusajili wagonjwa wapya',
      update: 'Kuhariri taarifa binafsi na vitambulisho vya wagonjwa',
      merge: 'Kuunganisha kumbukumbu za mgonjwa zilizojirudia',
      export: 'Kusafirisha kumbukumbu za wagonjwa',
    },
    consent: {
      read: 'Kuona ridhaa ya matibabu na ya kuchakata data',
      record: 'Kurekodi ridhaa na kuondolewa kwake',
    },
    encounters: {
      read: 'Kuona ziara na foleni ya kituo',
      create: 'Kupokea wagonjwa kwa ziara',
      update: 'Kuhamisha ziara kati ya hatua za foleni',
      close: 'Kufunga ziara pamoja na matokeo yake',
    },
    vitals: {
      read: 'Kuona uchunguzi wa awali na ishara muhimu',
      record: 'Kurekodi uchunguzi wa awali na ishara muhimu',
      amend: 'Kusahihisha ishara muhimu zilizorekodiwa',
    },
    diagnoses: {
      read: 'Kuona utambuzi',
      record: 'Kurekodi utambuzi',
      amend: 'Kusahihisha utambuzi uliorekodiwa',
    },
    notes: {
      read: 'Kusoma maelezo ya kliniki',
      write: 'Kuandika maelezo ya kliniki',
      amend: 'Kurekebisha maelezo ya kliniki',
    },
    prescriptions: {
      read: 'Kuona dawa zilizoandikwa',
      create: 'Kuandika dawa',
      cancel: 'Kughairi dawa zilizoandikwa',
    },
    dispensing: {
      read: 'Kuona kumbukumbu za utoaji wa dawa',
      dispense: 'Kutoa dawa au kurekodi ukosefu wa akiba',
      manage_stock: 'Kusimamia orodha ya dawa na viwango vya akiba',
    },
    labs: {
      read: 'Kuona maagizo na matokeo ya maabara',
      order: 'Kuagiza vipimo vya maabara',
      collect_sample: 'Kurekodi uchukuaji wa sampuli',
      enter_result: 'Kuingiza matokeo ya maabara',
      verify_result: 'Kuthibitisha na kutoa matokeo ya maabara',
      cancel_order: 'Kughairi maagizo ya maabara yasiyofanyika, pamoja na sababu',
    },
    appointments: {
      read: 'Kuona orodha za miadi',
      manage: 'Kupanga, kuhamisha na kughairi miadi',
    },
    allergies: {
      record: 'Kurekodi mizio na kuiwekea alama kuwa haipo tena',
    },
    hts: {
      test: 'Kurekodi vipimo na ushauri wa VVU',
    },
    billing: {
      read: 'Kuona ankara na malipo',
      collect: 'Kurekodi malipo',
    },
    reports: {
      view: 'Kuona ripoti za kituo',
      moh705: 'Kuandaa muhtasari wa MOH 705A/B',
      export: 'Kusafirisha ripoti',
      submit: 'Kuwasilisha ripoti kwa KHIS',
    },
    users: {
      read: 'Kuona akaunti za wafanyakazi',
      create: 'Kuunda akaunti za wafanyakazi',
      update: 'Kuhariri akaunti za wafanyakazi na kuzizima',
      assign_roles: 'Kubadilisha majukumu na kutoa au kuondoa ruhusa',
      unlock: 'Kufungua akaunti zilizofungwa',
      reset_password: 'Kuweka upya nenosiri la mtumiaji',
      reset_mfa: 'Kuweka upya kithibitishaji cha mtumiaji',
    },
    shifts: {
      read: 'Kuona ratiba ya zamu',
      manage: 'Kupanga zamu za wafanyakazi',
      clock: 'Kuingia na kutoka kwenye zamu zake',
    },
    devices: {
      read: 'Kuona vituo vya kazi vilivyosajiliwa',
      enroll: 'Kusajili vituo vipya vya kazi',
      revoke: 'Kubatilisha vituo vya kazi',
      rotate_keys: 'Kubadilisha ufunguo wa data wa kituo',
    },
    sync: {
      run: 'Kuanzisha usawazishaji',
      view: 'Kuona hali ya usawazishaji',
      resolve_conflicts: 'Kukagua mabadiliko yanayokinzana',
    },
    audit: {
      view: 'Kutafuta kumbukumbu za ukaguzi',
      export: 'Kusafirisha kumbukumbu za ukaguzi',
      verify: 'Kuthibitisha mnyororo wa ukaguzi',
      purge: 'Kufuta kumbukumbu za ukaguzi zilizopita muda wa kuhifadhi',
    },
    alerts: {
      view: 'Kuona tahadhari za usalama',
      acknowledge: 'Kukiri tahadhari za usalama',
    },
    settings: {
      view: 'Kuona mipangilio ya kituo cha kazi na ya kituo',
      manage: 'Kubadilisha mipangilio ya kituo',
      security: 'Kubadilisha mipangilio ya usalama (muda wa MFA, muda wa kutotumika)',
    },
    sensitive: {
      hiv: 'Kuona kumbukumbu zinazohusu VVU',
      gbv: 'Kuona kumbukumbu za GBV/SGBV',
      mental_health: 'Kuona kumbukumbu za afya ya akili',
      reproductive_health: 'Kuona kumbukumbu za afya ya uzazi',
    },
    break_glass: {
      request: 'Kuomba ufikiaji wa dharura wa kumbukumbu nyeti',
      review: 'Kukagua ufikiaji wa dharura',
    },
  },
};
