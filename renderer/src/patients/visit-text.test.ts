import { describe, expect, it } from 'vitest';
import type { VisitView } from '../../../shared/api/visits';
import { inLanguage } from '../i18n/testing';
import { attendanceText, visitStateText, vitalReadings } from './visit-text';

const VISIT: VisitView = {
  id: 'v1',
  patientId: 'p1',
  checkedInAt: '2026-03-12T06:00:00.000Z',
  attendance: 'new',
  referredFrom: null,
  stage: 'triage',
  outcome: null,
  referralDestination: null,
  closedAt: null,
};

describe('visits', () => {
  it('say where an open visit is and how a closed one ended', () => {
    expect(visitStateText(VISIT)).toBe('Open — at Triage');
    expect(
      visitStateText({
        ...VISIT,
        stage: 'done',
        outcome: 'referred_out',
        referralDestination: 'Kilifi County Hospital',
        closedAt: '2026-03-12T09:00:00.000Z',
      }),
    ).toBe('Closed — Referred out to Kilifi County Hospital');
    expect(attendanceText({ ...VISIT, attendance: 'revisit', referredFrom: 'Mariakani HC' })).toBe(
      'Re-attendance, referred from Mariakani HC',
    );
  });

  it('say the same in Kiswahili', async () => {
    expect(await inLanguage('sw', () => visitStateText(VISIT))).toBe('Wazi — Upimaji wa awali');
  });
});

describe('vital signs as shown', () => {
  it('keep the usual order with units, blood pressure as one reading, BMI last, flags on their measurement', () => {
    const readings = vitalReadings({
      values: { weightKg: 64, diastolicMmHg: 95, temperatureC: 38.6, systolicMmHg: 150, heightCm: 160 },
      bmi: 25,
      flags: [
        { vital: 'temperatureC', level: 'high', code: 'fever', message: 'Fever' },
        { vital: 'systolicMmHg', level: 'high', code: 'highBloodPressure', message: 'High blood pressure' },
        { vital: 'bmi', level: 'high', code: 'overweight', message: 'Overweight (BMI ≥ 25)' },
      ],
    });
    expect(readings.map((reading) => [reading.label, reading.value, reading.unit])).toEqual([
      ['Temperature', '38.6', '°C'],
      ['Blood pressure', '150/95', 'mmHg'],
      ['Weight', '64', 'kg'],
      ['Height', '160', 'cm'],
      ['BMI', '25.0', 'kg/m²'],
    ]);
    expect(readings.map((reading) => reading.flags.map((flag) => flag.message))).toEqual([
      ['Fever'],
      ['High blood pressure'],
      [],
      [],
      ['Overweight (BMI ≥ 25)'],
    ]);
  });
});
