import { describe, expect, it } from 'vitest';
import { failure } from '../../../shared/api/errors';
import type { VitalsView } from '../../../shared/api/vitals';
import { ageSexText, outcomeText, sensitivityTag, visitPath, waitingText, workspaceFor } from './clinical-text';
import { diagnosisCorrectionForm, diagnosisForm, EMPTY_DIAGNOSIS, onDiagnosisFields } from './diagnosis-form';
import { stableJson } from './drafts';
import { EMPTY_NOTE, noteForm, onNoteFields } from './note-form';
import { EMPTY_PRESCRIPTION, prescriptionForm, suggestedQuantity, toPrescribeInput } from './prescription-form';
import {
  EMPTY_VITALS,
  currentReading,
  liveBmi,
  onVitalsFields,
  parseMeasurement,
  readingLines,
  vitalsCorrectionForm,
  vitalsForm,
} from './vitals-form';

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('vitals form', () => {
  it('reads numbers as typed, with a decimal point or comma; anything else is not a number', () => {
    expect(parseMeasurement(' 37.5 ')).toBe(37.5);
    expect(parseMeasurement('37,5')).toBe(37.5);
    expect(parseMeasurement('')).toBeUndefined();
    expect(parseMeasurement('37..5')).toBeNaN();
    expect(parseMeasurement('-3')).toBeNaN();
  });

  it('gives the contract its values, leaving empty fields out', () => {
    const parsed = vitalsForm.safeParse({
      ...EMPTY_VITALS,
      temperatureC: '38,6',
      systolicMmHg: '150',
      diastolicMmHg: '95',
    });
    expect(parsed.success && parsed.data).toEqual({ temperatureC: 38.6, systolicMmHg: 150, diastolicMmHg: 95 });
  });

  it('refuses an impossible value on its field with the shared message', () => {
    expect(issuesOf(vitalsForm.safeParse({ ...EMPTY_VITALS, temperatureC: '52' }))).toEqual([
      ['temperatureC', 'Temperature above 45 °C is not possible; check the reading'],
    ]);
  });

  it('puts the shared rules on the right field, and an empty reading on the form', () => {
    expect(issuesOf(vitalsForm.safeParse({ ...EMPTY_VITALS, systolicMmHg: '120' }))).toEqual([
      ['diastolicMmHg', 'Enter both systolic and diastolic pressure'],
    ]);
    expect(issuesOf(vitalsForm.safeParse(EMPTY_VITALS))).toEqual([['root', 'Enter at least one measurement']]);
    expect(issuesOf(vitalsForm.safeParse({ ...EMPTY_VITALS, pulseBpm: 'ninety' }))).toEqual([
      ['pulseBpm', 'Enter a whole number'],
    ]);
  });

  it('needs a reason to correct a reading', () => {
    expect(issuesOf(vitalsCorrectionForm.safeParse({ ...EMPTY_VITALS, temperatureC: '37', reason: ' ' }))).toEqual([
      ['reason', 'Say why the reading is corrected'],
    ]);
  });

  it('works BMI out as core does, once weight and height are possible', () => {
    expect(liveBmi({ weightKg: '64', heightCm: '160' })).toBe(25);
    expect(liveBmi({ weightKg: '64', heightCm: '' })).toBeNull();
    expect(liveBmi({ weightKg: '64', heightCm: '1.60' })).toBeNull();
  });

  it('moves core’s issue paths onto the form’s fields', () => {
    const moved = onVitalsFields(
      failure('VALIDATION', 'Check.', [
        { path: 'values.temperatureC', message: 'Too hot' },
        { path: 'values', message: 'Enter at least one measurement' },
      ]),
    );
    expect(moved.issues?.map((issue) => issue.path)).toEqual(['temperatureC', 'values']);
  });

  const reading = (id: string, supersededBy: string | null): VitalsView => ({
    id,
    patientId: 'p',
    visitId: 'v',
    recordedAt: '2026-03-12T08:00:00Z',
    recordedBy: 'u',
    recordedByName: 'Jane Wanjiru',
    values: { temperatureC: 38.6, systolicMmHg: 150, diastolicMmHg: 95, weightKg: 64, heightCm: 160 },
    bmi: 25,
    flags: [
      { vital: 'temperatureC', level: 'high', code: 'fever', message: 'Fever' },
      { vital: 'systolicMmHg', level: 'high', code: 'highBloodPressure', message: 'High blood pressure' },
    ],
    supersedesId: null,
    amendmentReason: null,
    supersededBy,
  });

  it('lays a reading out with blood pressure as one line and BMI after height, each with its flags', () => {
    const lines = readingLines(reading('a', null));
    expect(lines.map((line) => [line.label, line.value, line.flags.map((flag) => flag.message)])).toEqual([
      ['Temperature', '38.6 °C', ['Fever']],
      ['Blood pressure', '150/95 mmHg', ['High blood pressure']],
      ['Weight', '64 kg', []],
      ['Height', '160 cm', []],
      ['BMI', '25.0', []],
    ]);
  });

  it('takes the newest reading no correction replaced as the current one', () => {
    expect(currentReading([reading('a', 'b'), reading('b', null)])?.id).toBe('b');
    expect(currentReading([reading('a', 'b')])).toBeNull();
  });
});

describe('diagnosis form', () => {
  it('asks for a list entry, or for free text of at least three letters', () => {
    expect(issuesOf(diagnosisForm.safeParse(EMPTY_DIAGNOSIS))).toEqual([['code', 'Choose a diagnosis from the list']]);
    expect(issuesOf(diagnosisForm.safeParse({ ...EMPTY_DIAGNOSIS, kind: 'free_text', text: 'ab' }))).toEqual([
      ['text', 'Describe the diagnosis'],
    ]);
    expect(diagnosisForm.safeParse({ ...EMPTY_DIAGNOSIS, code: 'malaria-confirmed' }).success).toBe(true);
  });

  it('needs a reason to correct one', () => {
    expect(
      issuesOf(diagnosisCorrectionForm.safeParse({ ...EMPTY_DIAGNOSIS, code: 'malaria-suspected', reason: 'no' })),
    ).toEqual([['reason', 'Say why the diagnosis is corrected']]);
  });

  it('moves core’s paths onto the form', () => {
    const moved = onDiagnosisFields(
      failure('VALIDATION', 'Check.', [
        { path: 'diagnosis.code', message: 'Not in the diagnosis list' },
        { path: 'correction.diagnosis.text', message: 'Describe the diagnosis' },
        { path: 'reason', message: 'Say why' },
      ]),
    );
    expect(moved.issues?.map((issue) => issue.path)).toEqual(['code', 'text', 'reason']);
  });
});

describe('note form', () => {
  it('needs one section written, said about the whole note', () => {
    expect(issuesOf(noteForm.safeParse({ ...EMPTY_NOTE, plan: '   ' }))).toEqual([
      ['root', 'Write at least one section'],
    ]);
    expect(noteForm.safeParse({ ...EMPTY_NOTE, complaint: 'Fever for 3 days' }).success).toBe(true);
  });

  it('moves core’s paths onto the form', () => {
    const moved = onNoteFields(failure('VALIDATION', 'Check.', [{ path: 'note.plan', message: 'Too long' }]));
    expect(moved.issues?.[0]?.path).toBe('plan');
  });
});

describe('clinical text', () => {
  const now = Date.parse('2026-03-12T10:00:00Z');
  it('says how long someone has waited', () => {
    expect(waitingText('2026-03-12T10:00:30Z', now)).toBe('just now');
    expect(waitingText('2026-03-12T09:48:00Z', now)).toBe('12 min');
    expect(waitingText('2026-03-12T08:55:00Z', now)).toBe('1 h 05 min');
    expect(waitingText('2026-03-10T09:00:00Z', now)).toBe('2 days');
  });

  it('names age, sex, outcome and sensitivity plainly', () => {
    expect(ageSexText({ sex: 'female', ageYears: 35 })).toBe('F, 35 years');
    expect(ageSexText({ sex: 'male', ageYears: 0 })).toBe('M, under 1 year');
    expect(outcomeText({ outcome: 'referred_out', referralDestination: 'Kilifi County Hospital' })).toBe(
      'Referred out to Kilifi County Hospital',
    );
    expect(sensitivityTag('hiv')).toBe('HIV — restricted');
    expect(sensitivityTag('none')).toBeNull();
  });

  it('opens each stage at its screen', () => {
    expect(workspaceFor('clinician')).toBe('consultation');
    expect(visitPath({ id: 'v1' }, 'triage')).toBe('/visits/v1/triage');
  });

  it('compares drafts whatever the order their values were set in', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe('prescription form', () => {
  const entry = {
    ...EMPTY_PRESCRIPTION,
    drugCode: 'artemether-lumefantrine-20-120mg-tab',
    dose: '4 tablets',
    route: 'oral',
    frequency: 'BD',
    durationDays: '3',
    quantity: '24',
  };

  it('asks for each choice in words, and whole numbers within the contract’s bounds', () => {
    expect(issuesOf(prescriptionForm.safeParse(EMPTY_PRESCRIPTION)).map(([path]) => path)).toEqual([
      'drugCode',
      'dose',
      'route',
      'frequency',
      'durationDays',
      'quantity',
    ]);
    expect(issuesOf(prescriptionForm.safeParse({ ...entry, durationDays: '0', quantity: '2.5' }))).toEqual([
      ['durationDays', 'Enter a whole number from 1 to 365'],
      ['quantity', 'Enter a whole number from 1 to 1000'],
    ]);
    expect(prescriptionForm.safeParse(entry).success).toBe(true);
  });

  it('sends numbers, and instructions only when written', () => {
    expect(toPrescribeInput(entry)).toEqual({
      drugCode: entry.drugCode,
      dose: '4 tablets',
      route: 'oral',
      frequency: 'BD',
      durationDays: 3,
      quantity: 24,
    });
    expect(toPrescribeInput({ ...entry, instructions: ' After food ' }).instructions).toBe('After food');
  });

  it('adds up the quantity for counted units only', () => {
    expect(suggestedQuantity({ unit: 'tablet' }, entry)).toBe(24);
    expect(suggestedQuantity({ unit: 'tablet' }, { ...entry, dose: '1½ tablets' })).toBeNull();
    expect(suggestedQuantity({ unit: 'tablet' }, { ...entry, dose: '0.5 tab' })).toBe(3);
    expect(suggestedQuantity({ unit: 'bottle' }, entry)).toBeNull();
    expect(suggestedQuantity({ unit: 'tablet' }, { ...entry, frequency: 'PRN' })).toBeNull();
    expect(suggestedQuantity(null, entry)).toBeNull();
  });
});
