import { describe, expect, it } from 'vitest';
import { patientDetails, type PatientView } from '../../../shared/api/patients';
import {
  EMPTY_PATIENT_FORM,
  fromPatientView,
  nextIdentifierType,
  patientFormFields,
  patientFormSchema,
  toPatientDetails,
  type PatientFormValues,
} from './patient-form';

const FILLED: PatientFormValues = {
  ...EMPTY_PATIENT_FORM,
  familyName: 'Wanjiru',
  givenName: 'Amina',
  middleName: '  ',
  sex: 'female',
  birth: { kind: 'date', date: '1990-04-12', years: '' },
  phone: '0712 345 678',
  residence: { county: 'Kilifi', subCounty: 'Kaloleni', village: '' },
  identifiers: [{ type: 'national_id', value: '23456789' }],
};

const NOW = () => new Date(2026, 2, 12, 9, 0);

function issues(values: PatientFormValues) {
  const result = patientFormSchema(NOW).safeParse(values);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

describe('the registration form', () => {
  it('makes the contract’s input: blanks left out, no next of kin when none was typed', () => {
    const details = toPatientDetails(FILLED);
    expect(details).toEqual({
      familyName: 'Wanjiru',
      givenName: 'Amina',
      middleName: undefined,
      sex: 'female',
      birth: { kind: 'date', date: '1990-04-12' },
      phone: '0712 345 678',
      residence: { county: 'Kilifi', subCounty: 'Kaloleni', village: undefined },
      nextOfKin: undefined,
      identifiers: [{ type: 'national_id', value: '23456789' }],
      sensitivity: 'none',
    });
    expect(patientDetails.safeParse(details).success).toBe(true);
    expect(issues(FILLED)).toEqual([]);
  });

  it('sends an estimated age as a number of years', () => {
    const details = toPatientDetails({ ...FILLED, birth: { kind: 'estimated_age', date: '1990-04-12', years: '40' } });
    expect(details.birth).toEqual({ kind: 'estimated_age', years: 40 });
  });

  it('says what is missing in words for people, on the contract’s paths', () => {
    expect(issues(EMPTY_PATIENT_FORM)).toEqual(
      expect.arrayContaining([
        ['familyName', 'Required'],
        ['givenName', 'Required'],
        ['sex', 'Choose the sex'],
        ['birth.date', 'Enter the date of birth, or choose “Age only” if it is not known'],
        ['residence.county', 'Choose the county'],
      ]),
    );
    expect(issues({ ...FILLED, birth: { kind: 'estimated_age', date: '', years: '' } })).toEqual([
      ['birth.years', 'Enter the age in whole years, from 0 to 120'],
    ]);
  });

  it('refuses a birth date in the future, a bad phone, an empty identifier row and a repeated type', () => {
    expect(issues({ ...FILLED, birth: { kind: 'date', date: '2026-03-13', years: '' } })).toEqual([
      ['birth.date', 'The date of birth cannot be in the future'],
    ]);
    expect(issues({ ...FILLED, phone: '12345' })).toEqual([
      ['phone', 'Enter a Kenyan mobile number such as 0712 345 678'],
    ]);
    expect(
      issues({
        ...FILLED,
        identifiers: [
          { type: 'national_id', value: '23456789' },
          { type: 'national_id', value: '' },
        ],
      }),
    ).toEqual([
      ['identifiers.1.value', 'Enter the number, or remove this row'],
      ['identifiers', 'Use each type of identifier once'],
    ]);
  });

  it('asks for the next of kin’s name and relationship once any of it is typed', () => {
    const paths = issues({ ...FILLED, nextOfKin: { name: '', relationship: '', phone: '0722000111' } }).map(
      ([path]) => path,
    );
    expect(paths).toEqual(['nextOfKin.name', 'nextOfKin.relationship']);
  });

  it('knows every field core may name, identifier rows included', () => {
    expect(patientFormFields(FILLED)).toEqual(
      expect.arrayContaining(['birth.years', 'residence.county', 'identifiers.0.type', 'identifiers.0.value']),
    );
  });

  it('offers the next unused identifier type', () => {
    expect(nextIdentifierType([])).toBe('national_id');
    expect(nextIdentifierType([{ type: 'national_id', value: '' }])).toBe('birth_certificate');
    expect(
      nextIdentifierType([
        { type: 'national_id', value: '' },
        { type: 'birth_certificate', value: '' },
        { type: 'sha_number', value: '' },
        { type: 'passport', value: '' },
      ]),
    ).toBe('');
  });
});

describe('editing a registered patient', () => {
  const patient: PatientView = {
    id: '0190b7f4-7a3e-7cc0-8f6e-1a2b3c4d5e6f',
    patientNumber: '11432-ABC123-00001',
    familyName: 'Wanjiru',
    givenName: 'Amina',
    middleName: null,
    sex: 'female',
    birthDate: '1986-03-12',
    birthDateEstimated: true,
    ageYears: 40,
    phone: '+254712345678',
    residence: { county: 'Kilifi', subCounty: null, village: 'Mariakani' },
    nextOfKin: { name: 'Baraka Wanjiru', relationship: 'Brother', phone: '+254722000111' },
    identifiers: [{ type: 'sha_number', value: 'SHA-778899' }],
    sensitivity: 'hiv',
    registeredAt: '2026-03-01T08:00:00.000Z',
  };

  it('fills the form from the chart, an estimated birth as the age it came from, phones as dialled', () => {
    const values = fromPatientView(patient);
    expect(values.birth).toEqual({ kind: 'estimated_age', date: '', years: '40' });
    expect(values.phone).toBe('0712345678');
    expect(values.nextOfKin.phone).toBe('0722000111');
    expect(values.sensitivity).toBe('hiv');
    expect(issues(values)).toEqual([]);
    expect(toPatientDetails(values)).toMatchObject({
      birth: { kind: 'estimated_age', years: 40 },
      residence: { county: 'Kilifi', subCounty: undefined, village: 'Mariakani' },
      identifiers: [{ type: 'sha_number', value: 'SHA-778899' }],
      sensitivity: 'hiv',
    });
  });
});
