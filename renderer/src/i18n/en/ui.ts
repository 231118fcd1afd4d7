export const ui = {
  useCommandValue: {
    loading: 'Loading…',
  },
  numberSettingsForm: {
    saving: 'Saving…',
  },
  form: {
    show: 'Show {{value}}',
    hide: 'Hide',
    show2: 'Show',
  },
  time: {
    today: 'today',
    tomorrow: 'tomorrow',
    nextDay: '{{range}} next day',
    untilDay: '{{range}} ({{day}})',
  },
  bounds: {
    wholeNumber: 'Enter a whole number from {{min}} to {{max}}',
    between: 'Between {{min}} and {{max}}.',
  },
} as const;
