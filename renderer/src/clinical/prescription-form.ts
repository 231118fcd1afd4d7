import { z } from 'zod';
import { FREQUENCIES, prescribeInput, type Frequency, type PrescriptionView } from '../../../shared/api/prescriptions';
import type { DispensingUnit, Drug, Route } from '../../../shared/api/reference';
import { i18n } from '../i18n';
import { issueText } from '../i18n/validation';
import { between } from '../ui/bounds';

/** The prescription form as typed: numbers are text until they are sent. */
export interface PrescriptionEntry {
  drugCode: string;
  dose: string;
  route: string;
  frequency: string;
  durationDays: string;
  quantity: string;
  instructions: string;
}

export const PRESCRIPTION_FIELDS = [
  'drugCode',
  'dose',
  'route',
  'frequency',
  'durationDays',
  'quantity',
  'instructions',
] as const;

export const EMPTY_PRESCRIPTION: PrescriptionEntry = {
  drugCode: '',
  dose: '',
  route: '',
  frequency: '',
  durationDays: '',
  quantity: '',
  instructions: '',
};

/** "Twice a day": shared/ names frequencies in English; the UI language's come from here by code. */
export function frequencyLabel(code: Frequency): string {
  return i18n.t(`clinical.frequency.${code}`);
}

/** "oral": shared/ names routes by code; the UI language's word for each comes from here. */
export function routeLabel(code: Route): string {
  return i18n.t(`clinical.route.${code}`);
}

/** The frequency choices, "Twice a day (BD)", in the UI language at the time of the call. */
export function frequencyOptions() {
  return (Object.keys(FREQUENCIES) as Frequency[]).map((code) => ({
    value: code,
    label: `${frequencyLabel(code)} (${code})`,
  }));
}

const WHOLE = /^\d+$/;
const durationRule = between(prescribeInput.shape.durationDays);
const quantityRule = between(prescribeInput.shape.quantity);

const toWhole = (text: string): number => (WHOLE.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** The contract's input for what was entered (without the visit). */
export function toPrescribeInput(entry: PrescriptionEntry) {
  const instructions = entry.instructions.trim();
  return {
    drugCode: entry.drugCode,
    dose: entry.dose,
    route: entry.route as z.input<typeof prescribeInput>['route'],
    frequency: entry.frequency as Frequency,
    durationDays: toWhole(entry.durationDays),
    quantity: toWhole(entry.quantity),
    ...(instructions === '' ? {} : { instructions }),
  };
}

/** Required choices first, in words; then the shared contract's own rules, each on its field. */
export const prescriptionForm = z
  .object(
    Object.fromEntries(PRESCRIPTION_FIELDS.map((name) => [name, z.string()])) as Record<
      keyof PrescriptionEntry,
      z.ZodString
    >,
  )
  .superRefine((entry, ctx) => {
    const missing: [keyof PrescriptionEntry, string][] = [];
    if (entry.drugCode === '') missing.push(['drugCode', i18n.t('clinical.prescriptionForm.chooseMedicine')]);
    if (entry.dose.trim() === '') missing.push(['dose', i18n.t('clinical.prescriptionForm.sayDose')]);
    if (entry.route === '') missing.push(['route', i18n.t('clinical.prescriptionForm.chooseRoute')]);
    if (entry.frequency === '') missing.push(['frequency', i18n.t('clinical.prescriptionForm.chooseFrequency')]);
    for (const [path, message] of missing) ctx.addIssue({ code: 'custom', path: [path], message });
    const duration = durationRule.safeParse(toWhole(entry.durationDays));
    if (!duration.success) ctx.addIssue({ code: 'custom', path: ['durationDays'], message: firstIssue(duration) });
    const quantity = quantityRule.safeParse(toWhole(entry.quantity));
    if (!quantity.success) ctx.addIssue({ code: 'custom', path: ['quantity'], message: firstIssue(quantity) });
    if (missing.length > 0 || !duration.success || !quantity.success) return;
    const parsed = prescribeInput.omit({ visitId: true }).safeParse(toPrescribeInput(entry));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      ctx.addIssue({
        code: 'custom',
        message: issueText(issue),
        path: [(PRESCRIPTION_FIELDS as readonly string[]).includes(field) ? field : 'root'],
      });
    }
  });

function firstIssue(result: { error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? i18n.t('clinical.prescriptionForm.notValid');
}

/** Units a dose is counted in, so "2 tablets, twice a day, 5 days" makes 20. */
const COUNTED_UNITS: readonly DispensingUnit[] = ['tablet', 'capsule', 'sachet', 'suppository', 'pessary', 'dose'];

/** The quantity the dose, frequency and duration add up to; null when they do not say (5 ml, when needed). */
export function suggestedQuantity(
  drug: Pick<Drug, 'unit'> | null,
  entry: Pick<PrescriptionEntry, 'dose' | 'frequency' | 'durationDays'>,
): number | null {
  if (drug === null || !COUNTED_UNITS.includes(drug.unit)) return null;
  // "2 tablets", "0.5 tab": a plain number first; "1½" or "one" are left to the prescriber.
  const perDose = /^\s*(\d+(?:[.,]\d+)?)(?=\s|$|[a-z])/i.exec(entry.dose);
  const frequency = FREQUENCIES[entry.frequency as Frequency] as (typeof FREQUENCIES)[Frequency] | undefined;
  const days = toWhole(entry.durationDays);
  if (perDose?.[1] === undefined || frequency === undefined || frequency.perDay === null || !(days > 0)) return null;
  const total = Math.ceil(Number(perDose[1].replace(',', '.')) * frequency.perDay * days);
  return total > 0 ? total : null;
}

/** "24 tablets", "1 bottle". */
export function unitCount(count: number, unit: string): string {
  // The unit is the formulary's own word ("tablet"), not UI text; the language places it and the count.
  return i18n.t('clinical.prescriptionForm.unitCount', { count, unit });
}

/** "Artemether/lumefantrine 20 mg/120 mg tablet". */
export function drugText(drug: { name: string; strength: string; form: string }): string {
  return `${drug.name} ${drug.strength} ${drug.form}`;
}

/** "4 tablets, oral, twice a day for 3 days". */
export function regimenText(prescription: PrescriptionView): string {
  return i18n.t('clinical.prescriptionForm.regimen', {
    dose: prescription.dose,
    route: routeLabel(prescription.route),
    frequency: frequencyLabel(prescription.frequency).toLowerCase(),
    days: i18n.t('clinical.text.days', { count: prescription.durationDays }),
  });
}

/** "Not yet dispensed", "Partly dispensed", "Dispensed", "Out of stock" in the UI language. */
export function dispensingLabel(state: PrescriptionView['dispensingState']): string {
  return i18n.t(`clinical.prescriptionForm.dispensing.${state}`);
}
