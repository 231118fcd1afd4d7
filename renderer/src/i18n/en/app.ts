export const app = {
  appFrame: {
    zahanati: 'Zahanati',
    main: 'Main',
  },
  nav: {
    home: 'Home',
    findPatient: 'Find patient',
    appointments: 'Appointments',
    queue: 'Queue',
    labWorklist: 'Lab worklist',
    shiftSchedule: 'Shift schedule',
    users: 'Users',
    auditTrail: 'Audit trail',
    securityAlerts: 'Security alerts',
    emergencyAccessReview: 'Emergency access review',
    securitySettings: 'Security settings',
    demoData: 'Demo data',
    sync: 'Sync',
    myAccount: 'My account',
    aboutThisWorkstation: 'About this workstation',
  },
} as const;
