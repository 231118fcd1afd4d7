export const errors = {
  unreachable: 'Zahanati could not complete this request. Try again; if it keeps happening, restart Zahanati.',
  VALIDATION: '{{message}}',
  UNAUTHENTICATED: '{{message}}',
  FORBIDDEN: '{{message}}',
  NO_ACTIVE_SHIFT: '{{message}}',
  MFA_REQUIRED: '{{message}}',
  STEP_UP_REQUIRED: '{{message}}',
  LOCKED: '{{message}}',
  CONFLICT: '{{message}}',
  NOT_FOUND: '{{message}}',
  UNKNOWN_COMMAND: '{{message}}',
  INTERNAL: '{{message}}',
} as const;
