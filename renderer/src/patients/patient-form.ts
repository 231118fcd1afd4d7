import { z } from 'zod';
import { i18n } from '../i18n';
import { issueText } from '../i18n/validation';
import {
  IDENTIFIER_TYPES,
  patientDetails,
  SEXES,
  type IdentifierType,
  type PatientDetailsInput,
  type PatientView,
} from '../../../shared/api/patients';
import { SENSITIVITY_CATEGORIES, type Sensitivity } from '../../../shared/security/sensitivity';
import { dateInputValue } from '../ui/local-time';

/**
 * The registration form as typed: strings everywhere (an empty input is ''),
 * nested with the same names as the contract (`birth.date`,
 * `residence.county`, `identifiers.0.value`), so core's VALIDATION issues land
 * on the fields that caused them.
 */
export interface PatientFormValues {
  familyName: string;
  givenName: string;
  middleName: string;
  sex: PatientView['sex'] | '';
  birth: { kind: 'date' | 'estimated_age'; date: string; years: string };
  phone: string;
  residence: { county: string; subCounty: string; village: string };
  nextOfKin: { name: string; relationship: string; phone: string };
  identifiers: { type: IdentifierType | ''; value: string }[];
  sensitivity: Sensitivity;
}

export const EMPTY_PATIENT_FORM: PatientFormValues = {
  familyName: '',
  givenName: '',
  middleName: '',
  sex: '',
  birth: { kind: 'date', date: '', years: '' },
  phone: '',
  residence: { county: '', subCounty: '', village: '' },
  nextOfKin: { name: '', relationship: '', phone: '' },
  identifiers: [],
  sensitivity: 'none',
};

/** Every field a contract issue may name, for applyFailure. */
export const PATIENT_FORM_FIELDS = [
  'familyName',
  'givenName',
  'middleName',
  'sex',
  'birth.date',
  'birth.years',
  'phone',
  'residence.county',
  'residence.subCounty',
  'residence.village',
  'nextOfKin.name',
  'nextOfKin.relationship',
  'nextOfKin.phone',
  'identifiers',
  'sensitivity',
] as const;

/** Core's paths for identifier rows (identifiers.2.value) are known only once the rows are. */
export function patientFormFields(values: Pick<PatientFormValues, 'identifiers'>) {
  const rows = values.identifiers.flatMap(
    (_row, index) => [`identifiers.${index}.type`, `identifiers.${index}.value`] as const,
  );
  return [...PATIENT_FORM_FIELDS, ...rows];
}

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/** What the form says, as the contract's input. Rows keep their order, so issue paths match the form's rows. */
export function toPatientDetails(values: PatientFormValues): PatientDetailsInput {
  const kin = values.nextOfKin;
  const hasKin = [kin.name, kin.relationship, kin.phone].some((part) => part.trim() !== '');
  const years = values.birth.years.trim();
  return {
    familyName: values.familyName,
    givenName: values.givenName,
    middleName: optional(values.middleName),
    sex: values.sex as PatientView['sex'],
    birth:
      values.birth.kind === 'date'
        ? { kind: 'date', date: values.birth.date }
        : { kind: 'estimated_age', years: years === '' ? Number.NaN : Number(years) },
    phone: optional(values.phone),
    residence: {
      county: values.residence.county as PatientDetailsInput['residence']['county'],
      subCounty: optional(values.residence.subCounty),
      village: optional(values.residence.village),
    },
    nextOfKin: hasKin ? { name: kin.name, relationship: kin.relationship, phone: optional(kin.phone) } : undefined,
    identifiers: values.identifiers.map((row) => ({ type: row.type as IdentifierType, value: row.value })),
    sensitivity: values.sensitivity,
  };
}

/** A registered patient as the form shows them for editing. */
export function fromPatientView(patient: PatientView): PatientFormValues {
  return {
    familyName: patient.familyName,
    givenName: patient.givenName,
    middleName: patient.middleName ?? '',
    sex: patient.sex,
    // An estimated birth date is edited as the age it came from; core keeps the estimate when the age is unchanged.
    birth: patient.birthDateEstimated
      ? { kind: 'estimated_age', date: '', years: String(patient.ageYears) }
      : { kind: 'date', date: patient.birthDate, years: '' },
    phone: patient.phone === null ? '' : patient.phone.replace(/^\+254/, '0'),
    residence: {
      county: patient.residence.county,
      subCounty: patient.residence.subCounty ?? '',
      village: patient.residence.village ?? '',
    },
    nextOfKin: {
      name: patient.nextOfKin?.name ?? '',
      relationship: patient.nextOfKin?.relationship ?? '',
      phone: patient.nextOfKin?.phone?.replace(/^\+254/, '0') ?? '',
    },
    identifiers: patient.identifiers.map((identifier) => ({ type: identifier.type, value: identifier.value })),
    sensitivity: patient.sensitivity,
  };
}

/** The next identifier type not yet used, for a new row; '' once every type has one. */
export function nextIdentifierType(rows: PatientFormValues['identifiers']): IdentifierType | '' {
  return IDENTIFIER_TYPES.find((type) => !rows.some((row) => row.type === type)) ?? '';
}

/** Messages for people where the contract's own are for developers ("Invalid option: expected one of …"). */
function friendlyMessage(path: string, issue: z.core.$ZodIssue): string {
  if (path === 'sex') return i18n.t('patients.patientForm.issue.sex');
  if (path === 'residence.county') return i18n.t('patients.patientForm.issue.county');
  if (path === 'birth.date') return i18n.t('patients.patientForm.issue.birthDate');
  if (path === 'birth.years') return i18n.t('patients.patientForm.issue.birthYears');
  if (/^identifiers\.\d+\.type$/.test(path)) return i18n.t('patients.patientForm.issue.identifierType');
  if (/^identifiers\.\d+\.value$/.test(path) && issue.message === 'Too short') {
    return i18n.t('patients.patientForm.issue.identifierValue');
  }
  if (path === 'identifiers') return i18n.t('patients.patientForm.issue.identifiersOnce');
  const tooLong = /^Too big: expected string to have <=(\d+) characters$/.exec(issue.message);
  if (tooLong !== null) return i18n.t('validation.textAtMost', { max: tooLong[1] ?? '' });
  return issueText(issue);
}

/**
 * What the form accepts: the shared contract's rules on the details the form
 * makes, with a few of its own (a birth date cannot be in the future), issue
 * paths unchanged because the form uses the contract's names.
 */
export function patientFormSchema(now: () => Date = () => new Date()) {
  return z
    .object({
      familyName: z.string(),
      givenName: z.string(),
      middleName: z.string(),
      sex: z.enum(['', ...SEXES]),
      birth: z.object({ kind: z.enum(['date', 'estimated_age']), date: z.string(), years: z.string() }),
      phone: z.string(),
      residence: z.object({ county: z.string(), subCounty: z.string(), village: z.string() }),
      nextOfKin: z.object({ name: z.string(), relationship: z.string(), phone: z.string() }),
      identifiers: z.array(z.object({ type: z.enum(['', ...IDENTIFIER_TYPES]), value: z.string() })),
      sensitivity: z.enum(SENSITIVITY_CATEGORIES),
    })
    .superRefine((values, ctx) => {
      const parsed = patientDetails.safeParse(toPatientDetails(values));
      const seen = new Set<string>();
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = issue.path.map(String).join('.');
          if (seen.has(path)) continue;
          seen.add(path);
          ctx.addIssue({ code: 'custom', message: friendlyMessage(path, issue), path: issue.path });
        }
      }
      if (values.birth.kind === 'date' && !seen.has('birth.date') && values.birth.date > dateInputValue(now())) {
        ctx.addIssue({ code: 'custom', message: i18n.t('patients.patientForm.issue.future'), path: ['birth', 'date'] });
      }
    });
}
