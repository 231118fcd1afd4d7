import type { DuplicateCandidate, PatientSummary, PatientView } from '../../../shared/api/patients';
import { i18n } from '../i18n';
import { dateFormat } from '../i18n/locale';

type Named = Pick<PatientSummary, 'givenName' | 'middleName' | 'familyName'>;

/** "Amina Njeri Wanjiru": given, middle and family name, as staff say it. */
export function fullName(patient: Named): string {
  return [patient.givenName, patient.middleName, patient.familyName]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
}

/** "severe": an allergy's severity as a word inside a sentence ("Penicillin (severe)"); null when not known. */
export function severityWord(severity: 'mild' | 'moderate' | 'severe' | 'unknown'): string | null {
  return severity === 'unknown' ? null : i18n.t(`patients.text.severityWord.${severity}`);
}

export function sexLabel(sex: PatientSummary['sex']): string {
  return i18n.t(`patients.text.sex.${sex}`);
}

/** "36 years", "1 year", "under 1 year". */
export function ageText(ageYears: number): string {
  if (ageYears < 1) return i18n.t('patients.text.underOneYear');
  return i18n.t('patients.text.years', { count: ageYears });
}

/** "+254712345678" → "0712 345 678": the way Kenyan numbers are read out and dialled locally. */
export function phoneText(phone: string | null): string {
  if (phone === null) return '';
  const local = /^\+254(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return local === null ? phone : `0${local[1]} ${local[2]} ${local[3]}`;
}

const BIRTH_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };

/** "12 April 1990", or "about 1986 (estimated)" when only the age was known. */
export function birthText(patient: Pick<PatientView, 'birthDate' | 'birthDateEstimated'>): string {
  if (patient.birthDateEstimated) return i18n.t('patients.text.aboutYear', { year: patient.birthDate.slice(0, 4) });
  const date = new Date(`${patient.birthDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? patient.birthDate : dateFormat('birth', BIRTH_DATE).format(date);
}

export function residenceText(residence: PatientView['residence']): string {
  return [residence.village, residence.subCounty, residence.county]
    .filter((part): part is string => part !== null && part !== '')
    .join(', ');
}

/** "same phone and similar name and age". */
export function duplicateReasonsText(reasons: DuplicateCandidate['reasons']): string {
  const parts = reasons.map((reason) => i18n.t(`patients.text.reason.${reason}`));
  if (parts.length <= 1) return parts.join('');
  return i18n.t('patients.text.listAnd', { list: parts.slice(0, -1).join(', '), last: parts[parts.length - 1] ?? '' });
}

/** "National ID", "SHA number", …: shared/ names identifier types in English; the UI language's come from here. */
export function identifierLabel(type: PatientView['identifiers'][number]['type']): string {
  return i18n.t(`patients.text.identifier.${type}`);
}
