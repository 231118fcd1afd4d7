import type { VitalFlag, VitalFlagCode, VitalValues } from '../../../shared/api/vitals';

/**
 * Abnormal-value flags, by age where the normal range depends on it. Based on
 * WHO IMCI (fast breathing in children, MUAC cut-offs for 6–59 months) and
 * common adult outpatient thresholds; they flag, they never refuse.
 */
export function vitalFlags(values: VitalValues, ageYears: number, bmi: number | null): VitalFlag[] {
  const flags: VitalFlag[] = [];
  const flag = (vital: VitalFlag['vital'], level: VitalFlag['level'], code: VitalFlagCode, message: string) =>
    flags.push({ vital, level, code, message });
  const { temperatureC, pulseBpm, respiratoryRate, systolicMmHg, diastolicMmHg, spo2Percent, muacCm } = values;

  if (temperatureC !== undefined && temperatureC >= 37.5) flag('temperatureC', 'high', 'fever', 'Fever');
  if (temperatureC !== undefined && temperatureC < 35.5) flag('temperatureC', 'low', 'hypothermia', 'Hypothermia');

  const [pulseLow, pulseHigh] =
    ageYears < 1 ? [100, 160] : ageYears < 5 ? [80, 140] : ageYears < 12 ? [70, 120] : [60, 100];
  if (pulseBpm !== undefined && pulseBpm > pulseHigh) flag('pulseBpm', 'high', 'fastPulse', 'Fast pulse for age');
  if (pulseBpm !== undefined && pulseBpm < pulseLow) flag('pulseBpm', 'low', 'slowPulse', 'Slow pulse for age');

  const fastBreathing = ageYears < 1 ? 50 : ageYears < 5 ? 40 : ageYears < 12 ? 30 : 20;
  if (respiratoryRate !== undefined && respiratoryRate >= fastBreathing)
    flag('respiratoryRate', 'high', 'fastBreathing', 'Fast breathing for age');
  if (respiratoryRate !== undefined && respiratoryRate < 10)
    flag('respiratoryRate', 'low', 'slowBreathing', 'Slow breathing');

  if (systolicMmHg !== undefined && diastolicMmHg !== undefined) {
    if (systolicMmHg >= 140 || diastolicMmHg >= 90)
      flag('systolicMmHg', 'high', 'highBloodPressure', 'High blood pressure');
    if (systolicMmHg < 90 || diastolicMmHg < 60) flag('systolicMmHg', 'low', 'lowBloodPressure', 'Low blood pressure');
  }

  if (spo2Percent !== undefined && spo2Percent < 90)
    flag('spo2Percent', 'low', 'hypoxaemia', 'Hypoxaemia (SpO₂ < 90%)');
  else if (spo2Percent !== undefined && spo2Percent < 94)
    flag('spo2Percent', 'low', 'lowSaturation', 'Low oxygen saturation');

  if (muacCm !== undefined && ageYears < 5 && muacCm < 11.5)
    flag('muacCm', 'low', 'severeMalnutrition', 'Severe acute malnutrition (MUAC < 11.5 cm)');
  else if (muacCm !== undefined && ageYears < 5 && muacCm < 12.5)
    flag('muacCm', 'low', 'moderateMalnutrition', 'Moderate acute malnutrition (MUAC < 12.5 cm)');
  else if (muacCm !== undefined && ageYears >= 5 && muacCm < 21)
    flag('muacCm', 'low', 'lowAdultMuac', 'Low MUAC for an adult');

  if (bmi !== null && ageYears >= 18 && bmi < 18.5) flag('bmi', 'low', 'underweight', 'Underweight (BMI < 18.5)');
  if (bmi !== null && ageYears >= 18 && bmi >= 30) flag('bmi', 'high', 'obesity', 'Obesity (BMI ≥ 30)');
  else if (bmi !== null && ageYears >= 18 && bmi >= 25) flag('bmi', 'high', 'overweight', 'Overweight (BMI ≥ 25)');
  return flags;
}

export function bodyMassIndex(weightKg: number | undefined, heightCm: number | undefined): number | null {
  if (weightKg === undefined || heightCm === undefined) return null;
  const metres = heightCm / 100;
  return Math.round((weightKg / (metres * metres)) * 10) / 10;
}
