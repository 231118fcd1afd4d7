import type { VitalFlag, VitalName } from '../../../shared/api/vitals';
import { i18n } from '../i18n';

/** "Temperature", "Pulse", …: shared/ holds the English names; the UI language's come from here. */
export function vitalLabel(name: VitalName): string {
  return i18n.t(`clinical.vital.label.${name}`);
}

/** "beats/min", "mapigo/dakika": the unit as the UI language writes it (symbols such as °C and mmHg stay). */
export function vitalUnit(name: VitalName): string {
  return i18n.t(`clinical.vital.unit.${name}`);
}

/** A flag in the UI language ("Fever" → "Homa"), by its code. */
export function vitalFlagText(flag: Pick<VitalFlag, 'code'>): string {
  return i18n.t(`clinical.vital.flag.${flag.code}`);
}
