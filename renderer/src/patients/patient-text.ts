import type { DuplicateCandidate, PatientSummary, PatientView } from '../../../shared/api/patients';

type Named = Pick<PatientSummary, 'givenName' | 'middleName' | 'familyName'>;

/** "Amina Njeri Wanjiru": given, middle and family name, as staff say it. */
export function fullName(patient: Named): string {
  return [patient.givenName, patient.middleName, patient.familyName]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
}

export const SEX_LABEL: Readonly<Record<PatientSummary['sex'], string>> = {
  female: 'Female',
  male: 'Male',
  intersex: 'Intersex',
};

/** "36 years", "1 year", "under 1 year". */
export function ageText(ageYears: number): string {
  if (ageYears < 1) return 'under 1 year';
  return ageYears === 1 ? '1 year' : `${ageYears} years`;
}

/** "+254712345678" → "0712 345 678": the way Kenyan numbers are read out and dialled locally. */
export function phoneText(phone: string | null): string {
  if (phone === null) return '';
  const local = /^\+254(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return local === null ? phone : `0${local[1]} ${local[2]} ${local[3]}`;
}

const BIRTH_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "12 April 1990", or "about 1986 (estimated)" when only the age was known. */
export function birthText(patient: Pick<PatientView, 'birthDate' | 'birthDateEstimated'>): string {
  if (patient.birthDateEstimated) return `about ${patient.birthDate.slice(0, 4)} (estimated from age)`;
  const date = new Date(`${patient.birthDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? patient.birthDate : BIRTH_DATE.format(date);
}

export function residenceText(residence: PatientView['residence']): string {
  return [residence.village, residence.subCounty, residence.county]
    .filter((part): part is string => part !== null && part !== '')
    .join(', ');
}

const REASON_TEXT: Readonly<Record<DuplicateCandidate['reasons'][number], string>> = {
  phone: 'same phone',
  identifier: 'same identifier',
  name_and_age: 'similar name and age',
};

/** "same phone and similar name and age". */
export function duplicateReasonsText(reasons: DuplicateCandidate['reasons']): string {
  const parts = reasons.map((reason) => REASON_TEXT[reason]);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
