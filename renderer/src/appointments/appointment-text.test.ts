import { describe, expect, it } from 'vitest';
import type { AppointmentView } from '../../../shared/api/appointments';
import { appointmentDay, appointmentState, daysFromToday, sortForPatient } from './appointment-text';

const NOW = new Date(2026, 2, 12, 9, 0);

function appointment(id: string, date: string, status: AppointmentView['status'], missed = false): AppointmentView {
  return {
    id,
    patientId: 'p1',
    date,
    reason: 'Review',
    status,
    missed,
    patient: {
      id: 'p1',
      patientNumber: '11432-ABC123-00001',
      familyName: 'Wanjiru',
      givenName: 'Amina',
      middleName: null,
      sex: 'female',
      ageYears: 36,
      phone: null,
    },
  };
}

describe('appointments', () => {
  it('are booked, missed, attended or cancelled', () => {
    expect(appointmentState({ status: 'scheduled', missed: false })).toBe('booked');
    expect(appointmentState({ status: 'scheduled', missed: true })).toBe('missed');
    expect(appointmentState({ status: 'attended', missed: false })).toBe('attended');
  });

  it('name their day in words', () => {
    expect(appointmentDay('2026-03-12', NOW)).toBe('today');
    expect(appointmentDay('2026-03-13', NOW)).toBe('tomorrow');
    expect(appointmentDay('2026-03-26', NOW)).toBe('Thu 26 Mar');
    expect(appointmentDay('2027-01-05', NOW)).toBe('Tue 5 Jan 2027');
    expect(daysFromToday(14, NOW)).toBe('2026-03-26');
  });

  it('list upcoming ones soonest first, the rest latest first', () => {
    const { upcoming, earlier } = sortForPatient([
      appointment('a', '2026-04-01', 'scheduled'),
      appointment('b', '2026-03-20', 'scheduled'),
      appointment('c', '2026-02-01', 'attended'),
      appointment('d', '2026-03-01', 'scheduled', true),
    ]);
    expect(upcoming.map((item) => item.id)).toEqual(['b', 'a']);
    expect(earlier.map((item) => item.id)).toEqual(['d', 'c']);
  });
});
