import type { DemoCounts } from '../../../shared/api/demo';
import { i18n } from '../i18n';
import { formatNumber } from '../i18n/locale';

/** The count keys, in the order the sentence lists them. */
const COUNT_KEYS = [
  ['patients', 'patients.demoDataScreen.countPatients'],
  ['visits', 'patients.demoDataScreen.countVisits'],
  ['vitals', 'patients.demoDataScreen.countVitals'],
  ['diagnoses', 'patients.demoDataScreen.countDiagnoses'],
  ['prescriptions', 'patients.demoDataScreen.countPrescriptions'],
  ['labOrders', 'patients.demoDataScreen.countLabResults'],
  ['appointments', 'patients.demoDataScreen.countAppointments'],
] as const satisfies readonly (readonly [keyof DemoCounts, string])[];

/** "2,000 patients, 2,031 visits, …": what the fill wrote, in the UI language. */
export function countsText(counts: DemoCounts): string {
  // count picks the plural form; number is the same count written the way the language writes numbers.
  return COUNT_KEYS.map(([field, key]) =>
    i18n.t(key, { count: counts[field], number: formatNumber(counts[field]) }),
  ).join(', ');
}
