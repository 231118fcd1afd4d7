import type { Translation } from '../resources';

export const ui: Translation['ui'] = {
  useCommandValue: {
    loading: 'Inapakia…',
  },
  numberSettingsForm: {
    saving: 'Inahifadhi…',
  },
  form: {
    show: 'Onyesha {{value}}',
    hide: 'Ficha',
    show2: 'Onyesha',
  },
  time: {
    today: 'leo',
    tomorrow: 'kesho',
    nextDay: '{{range}} siku inayofuata',
    untilDay: '{{range}} ({{day}})',
  },
  bounds: {
    wholeNumber: 'Weka namba kamili kuanzia {{min}} hadi {{max}}',
    between: 'Kati ya {{min}} na {{max}}.',
  },
};
