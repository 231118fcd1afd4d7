import type { Translation } from '../resources';

export const identity: Translation['identity'] = {
  accountAuthenticatorScreen: {
    setUpTheAuthenticator: 'Weka programu ya uthibitishaji',
    alreadyOn: 'Programu yako ya uthibitishaji tayari imewashwa. <link>Rudi kwenye Akaunti yangu</link>',
  },
  changePasswordForm: {
    newPassword: 'Nenosiri jipya',
    typeTheNewPasswordAgain: 'Andika nenosiri jipya tena',
    saving: 'Inahifadhi…',
  },
  headerSessionControls: {
    lock: 'Funga',
  },
  identityGate: {
    zahanatiCannotStartSigningIn: 'Zahanati haiwezi kuanza kuingia',
    tryAgain: 'Jaribu tena',
    startingZahanati: 'Zahanati inaanza…',
  },
  lockScreen: {
    lockedByUser: 'Imefungwa na <strong>{{name}}</strong> ({{username}}).',
    thisWorkstationIsLocked: 'Kompyuta hii imefungwa',
    enterYourPasswordToCarry:
      'Weka nenosiri lako ili uendelee ulipoishia. Ni mtu mwingine? Chagua Badilisha mtumiaji: itamtoa {{displayName}}, na chochote ambacho hakuwa amehifadhi kitapotea.',
    password: 'Nenosiri',
    switchUser: 'Badilisha mtumiaji',
    unlocking: 'Inafungua…',
    unlock: 'Fungua',
  },
  loginScreen: {
    signIn: 'Ingia',
    mfl: '{{name}} · MFL {{mflCode}} · {{county}}',
    theFacilityIsSetUp: 'Kituo kimewekwa. Ingia kwa akaunti ya mmiliki uliyoiunda sasa hivi.',
    username: 'Jina la mtumiaji',
    password: 'Nenosiri',
    signingIn: 'Inaingia…',
  },
  mfaChallengeScreen: {
    cancelAndSignOut: 'Ghairi na utoke',
    openTheAuthenticatorAppOn:
      'Fungua programu ya uthibitishaji kwenye simu yako na uandike msimbo wa tarakimu 6 inaoonyesha kwa Zahanati.',
    n6DigitCode: 'Msimbo wa tarakimu 6',
    typeOneOfTheRecovery:
      'Andika mojawapo ya misimbo ya dharura uliyohifadhi ulipoweka programu ya uthibitishaji. Kila msimbo hufanya kazi mara moja. Ukipoteza simu yako, muombe msimamizi aweke upya programu yako ya uthibitishaji baadaye.',
    recoveryCode: 'Msimbo wa dharura',
    useARecoveryCode: 'Tumia msimbo wa dharura',
    enterYourAuthenticatorCode: 'Weka msimbo wa programu ya uthibitishaji',
    useTheAuthenticatorAppInstead: 'Tumia programu ya uthibitishaji badala yake',
    iDoNotHaveMy: 'Sina simu yangu: tumia msimbo wa dharura',
    checking: 'Inakagua…',
    continue: 'Endelea',
  },
  mfaEnrollment: {
    tryAgain: 'Jaribu tena',
    preparingANewKey: 'Inaandaa ufunguo mpya…',
    installAnAuthenticatorAppOn:
      'Sakinisha programu ya uthibitishaji kwenye simu yako, kama Google Authenticator, Microsoft Authenticator au FreeOTP. Ikishawekwa hufanya kazi bila intaneti.',
    inTheAppAddAn: 'Kwenye programu, ongeza akaunti na uchanganue msimbo huu.',
    qrCodeHoldingYourNew: 'Msimbo wa QR wenye ufunguo wako mpya wa uthibitishaji',
    ifTheAppCannotScan: 'Programu ikishindwa kuchanganua, chagua kuweka ufunguo na uandike huu (nafasi hazijalishi):',
    typeThe6DigitCode: 'Andika msimbo wa tarakimu 6 ambao programu inaonyesha sasa kwa Zahanati.',
    n6DigitCode: 'Msimbo wa tarakimu 6',
    checking: 'Inakagua…',
    turnOnTheAuthenticator: 'Washa programu ya uthibitishaji',
  },
  mfaEnrollmentScreen: {
    setUpYourAuthenticator: 'Weka programu yako ya uthibitishaji',
    yourRoleCanSeeAnd:
      'Wadhifa wako unaweza kuona na kubadilisha rekodi nyingi, kwa hiyo kuingia kunahitaji msimbo kutoka kwenye simu yako pamoja na nenosiri lako.',
    itTakesAboutTwoMinutes: ' Inachukua takriban dakika mbili.',
    cancelAndSignOut: 'Ghairi na utoke',
    theTimeToSetThis: ' Muda wa kuweka hii uliisha {{graceEndsAt}}.',
  },
  mfaGraceBanner: {
    reminder:
      'Wadhifa wako unahitaji programu ya uthibitishaji. <strong>Weka programu yako ya uthibitishaji kabla ya {{graceEndsAt}}</strong>; baada ya tarehe hiyo hutaweza kufanya kazi hadi uiweke.',
    authenticatorReminder: 'Ukumbusho wa programu ya uthibitishaji',
    setItUpNow: 'Iweke sasa',
  },
  myAccountScreen: {
    passwordChanged: 'Nenosiri lako limebadilishwa. Tumia jipya utakapoingia tena.',
    myAccount: 'Akaunti yangu',
    name: 'Jina',
    username: 'Jina la mtumiaji',
    roles: 'Nyadhifa',
    authenticator: 'Programu ya uthibitishaji',
    onSigningInAsksFor:
      'Imewashwa. Kuingia kunaomba msimbo kutoka kwenye programu yako ya uthibitishaji. Ukipoteza simu yako, tumia msimbo wa dharura na umwombe msimamizi aweke upya programu yako ya uthibitishaji.',
    off: 'Imezimwa. {{value}}',
    setUpTheAuthenticator: 'Weka programu ya uthibitishaji',
    changePassword: 'Badilisha nenosiri',
    currentPassword: 'Nenosiri la sasa',
    yourRoleNeedsIt: 'Wadhifa wako unaihitaji.',
    itIsOptionalForYour: 'Si lazima kwa wadhifa wako, lakini inalinda akaunti yako.',
  },
  passwordChangeScreen: {
    chooseYourOwnPassword: 'Chagua nenosiri lako mwenyewe',
    welcomeYourPasswordWasSet:
      'Karibu, {{displayName}}. Nenosiri lako liliwekwa na msimamizi, kwa hiyo ni wewe tu unayepaswa kujua jipya. Lichague sasa ili uendelee.',
    temporaryPassword: 'Nenosiri la muda',
    savePasswordAndContinue: 'Hifadhi nenosiri na uendelee',
    cancelAndSignOut: 'Ghairi na utoke',
  },
  recoveryCodesScreen: {
    saveYourRecoveryCodesNow: 'Hifadhi misimbo yako ya dharura sasa',
    yourAuthenticatorIsOnFrom:
      'Programu yako ya uthibitishaji imewashwa. Kuanzia sasa, kuingia kunaomba msimbo kutoka kwenye simu yako.',
    keepThemSafe:
      'Ukipoteza simu yako, kila mojawapo ya misimbo hii inakuwezesha kuingia mara moja. <strong>Haitaonyeshwa tena.</strong> Iandike kwenye karatasi au uichapishe, na uihifadhi mahali salama mbali na kompyuta hii.',
    print: 'Chapisha',
    iHaveSavedThem: 'Nimeihifadhi',
  },
  requirePermission: {
    notAvailableToYourRole: 'Haipatikani kwa wadhifa wako',
    yourAccountDoesNotInclude:
      'Akaunti yako haijumuishi sehemu hii ya Zahanati. Muulize msimamizi wa kituo kama unaihitaji kwa kazi yako.',
  },
  securityPolicyScreen: {
    lockAfter: 'Funga skrini baada ya (dakika bila kutumika)',
    lockHint: 'Nenosiri la mtumiaji yuleyule huifungua tena.',
    logoutAfter: 'Toka baada ya (dakika bila kutumika)',
    logoutHint: 'Kazi ambayo haijahifadhiwa hupotea hili likitokea.',
    mfaGrace: 'Siku za kuweka kithibitishaji',
    mfaGraceHint: 'Wafanyakazi wenye majukumu haya lazima waweke kithibitishaji ndani ya siku hizi: {{roles}}.',
    securitySettings: 'Mipangilio ya usalama',
    saveSettings: 'Hifadhi mipangilio',
    savedTheNewLimitsApply: 'Imehifadhiwa. Viwango vipya vinatumika kuanzia sasa.',
  },
  setupWizard: {
    step: {
      organisation: 'Shirika na kituo',
      owner: 'Akaunti ya mmiliki',
    },
    setUpZahanati: 'Weka Zahanati',
    thisWorkstationHasNotBeen:
      'Kompyuta hii bado haijawekwa. Weka shirika na kituo chako, kisha uunde akaunti ya mmiliki. Mmiliki anaweza kufanya kila kitu, ikiwemo kuongeza wafanyakazi wengine.',
    setupSteps: 'Hatua za kuweka',
    stepOf: 'Hatua {{value}} kati ya {{length}}: ',
    organisationName: 'Jina la shirika',
    theCountyHealthDepartmentMission: 'Idara ya afya ya kaunti, misheni au kampuni inayoendesha kituo.',
    facilityName: 'Jina la kituo',
    mflCode: 'Msimbo wa MFL',
    theFacilityS5Digit: 'Msimbo wa tarakimu 5 wa kituo katika Kenya Master Facility List.',
    county: 'Kaunti',
    chooseTheCounty: 'Chagua kaunti',
    ownerSUsername: 'Jina la mtumiaji la mmiliki',
    usedToSignInLetters: 'Hutumika kuingia: herufi, tarakimu, nukta, vistari au mistari ya chini.',
    ownerSFullName: 'Jina kamili la mmiliki',
    password: 'Nenosiri',
    typeThePasswordAgain: 'Andika nenosiri tena',
    back: 'Nyuma',
    next: 'Mbele',
    settingUp: 'Inaweka…',
    finishSetup: 'Maliza kuweka',
  },
  stepUpDialog: {
    confirmItIsYou: 'Thibitisha kuwa ni wewe',
    thisNeedsACodeFrom:
      'Hii inahitaji msimbo kutoka kwenye programu ya uthibitishaji, na akaunti yako bado haijawekewa moja.',
    setUpTheAuthenticator: 'Weka programu ya uthibitishaji',
    close: 'Funga',
    yourPassword: 'Nenosiri lako',
    n6DigitCodeFromYour: 'Msimbo wa tarakimu 6 kutoka kwenye programu yako ya uthibitishaji',
    cancel: 'Ghairi',
    checking: 'Inakagua…',
    confirm: 'Thibitisha',
  },
  signOut: 'Toka',
  passwords: {
    hint: 'Angalau herufi {{min}}. Maneno machache yasiyohusiana yanafaa. Usitumie jina lako, jina lako la mtumiaji wala jina la kituo.',
    mismatch: 'Manenosiri mawili hayafanani.',
  },
};
