import type { VitalFlag, VitalName } from '../../../shared/api/vitals';
import { i18n } from '../i18n';

/** "Temperature", "Pulse", …: shared/ holds the English names; the UI language's come from here. */
export function vitalLabel(name: VitalName): string {
  return i18n.t(`clinical.vital.label.${name}`);
}

/**
 * Core writes each flag's message in English (electron/core/vitals/flags.ts) and
 * sends no code, so the message itself is the code here: the known ones are
 * keyed by it, per measurement. A message this table does not know (core gained
 * a flag, say) is shown as core wrote it, in English, rather than not at all.
 */
const FLAG_KEYS = {
  Fever: 'fever',
  Hypothermia: 'hypothermia',
  'Fast pulse for age': 'fastPulse',
  'Slow pulse for age': 'slowPulse',
  'Fast breathing for age': 'fastBreathing',
  'Slow breathing': 'slowBreathing',
  'High blood pressure': 'highBloodPressure',
  'Low blood pressure': 'lowBloodPressure',
  'Hypoxaemia (SpO₂ < 90%)': 'hypoxaemia',
  'Low oxygen saturation': 'lowSaturation',
  'Severe acute malnutrition (MUAC < 11.5 cm)': 'severeMalnutrition',
  'Moderate acute malnutrition (MUAC < 12.5 cm)': 'moderateMalnutrition',
  'Low MUAC for an adult': 'lowAdultMuac',
  'Underweight (BMI < 18.5)': 'underweight',
  'Obesity (BMI ≥ 30)': 'obesity',
  'Overweight (BMI ≥ 25)': 'overweight',
} as const;

const isKnownFlag = (message: string): message is keyof typeof FLAG_KEYS => Object.hasOwn(FLAG_KEYS, message);

/** A flag's message in the UI language ("Fever" → "Homa"). */
export function vitalFlagText(flag: Pick<VitalFlag, 'message'>): string {
  return isKnownFlag(flag.message) ? i18n.t(`clinical.vital.flag.${FLAG_KEYS[flag.message]}`) : flag.message;
}
