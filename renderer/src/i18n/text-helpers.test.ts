import { describe, expect, it } from 'vitest';
import { vitalFlagText, vitalUnit } from '../clinical/vital-text';
import { formatVital, limitHint } from '../clinical/vitals-form';
import { routeLabel } from '../clinical/prescription-form';
import { countsText } from '../patients/demo-text';
import { severityWord } from '../patients/patient-text';
import { temporaryPasswordHint } from '../users/temporary-password';
import { i18n } from './index';
import { inLanguage } from './testing';

const COUNTS = { patients: 1, visits: 2031, vitals: 2, diagnoses: 1, prescriptions: 3, labOrders: 1, appointments: 0 };

/**
 * Text that helpers build outside React: English stays as staff and the e2e
 * specs know it, and the Kiswahili UI gets its own words, read at call time.
 */
describe('text helpers in both languages', () => {
  it('count the demo data with real plurals and the language’s own numbers', async () => {
    expect(countsText(COUNTS)).toBe(
      '1 patient, 2,031 visits, 2 vital sign readings, 1 diagnosis, 3 prescriptions, 1 lab result, 0 appointments',
    );
    expect(await inLanguage('sw', () => countsText(COUNTS))).toBe(
      'mgonjwa 1, ziara 2,031, vipimo 2 vya ishara muhimu, utambuzi 1, dawa 3 zilizoandikwa, tokeo 1 la maabara, miadi 0',
    );
  });

  it('count lab tests and search matches as one or many', async () => {
    expect(i18n.t('clinical.labWorklistScreen.waitingOldestFirst', { count: 1 })).toBe('1 test waiting, oldest first.');
    expect(i18n.t('clinical.labWorklistScreen.waitingOldestFirst', { count: 4 })).toBe(
      '4 tests waiting, oldest first.',
    );
    expect(i18n.t('clinical.searchPicker.found', { count: 1 })).toBe('1 match. ↑ ↓ to move, Enter to choose.');
    expect(i18n.t('clinical.searchPicker.found', { count: 3 })).toBe('3 matches. ↑ ↓ to move, Enter to choose.');
    expect(await inLanguage('sw', () => i18n.t('clinical.labWorklistScreen.waitingOldestFirst', { count: 1 }))).toBe(
      'Kipimo 1 kinasubiri, vya zamani kwanza.',
    );
    expect(await inLanguage('sw', () => i18n.t('clinical.labWorklistScreen.waitingOldestFirst', { count: 4 }))).toBe(
      'Vipimo 4 vinasubiri, vya zamani kwanza.',
    );
  });

  it('name a prescription route by its code', async () => {
    expect(routeLabel('oral')).toBe('oral');
    expect(routeLabel('intramuscular')).toBe('intramuscular');
    expect(await inLanguage('sw', () => routeLabel('oral'))).toBe('kwa mdomo');
    expect(await inLanguage('sw', () => routeLabel('intramuscular'))).toBe('kwenye msuli');
  });

  it('say an allergy’s severity as a word, and nothing when it is not known', async () => {
    expect(severityWord('severe')).toBe('severe');
    expect(severityWord('unknown')).toBeNull();
    expect(await inLanguage('sw', () => severityWord('severe'))).toBe('kali');
  });

  it('give the possible range of a vital sign and the temporary password hint', async () => {
    expect(limitHint('temperatureC')).toBe('Possible 25–45');
    expect(await inLanguage('sw', () => limitHint('temperatureC'))).toBe('Inawezekana 25–45');
    expect(temporaryPasswordHint()).toBe(
      'At least 12 characters. Tell it to the person privately; Zahanati asks them to choose their own when they first sign in.',
    );
    expect(await inLanguage('sw', () => temporaryPasswordHint())).toMatch(/^Angalau herufi 12\./);
  });

  it('write vital-sign units and flags in the UI language, symbols unchanged', async () => {
    expect(formatVital('pulseBpm', 96)).toBe('96 beats/min');
    expect(vitalFlagText({ code: 'fastBreathing' })).toBe('Fast breathing for age');
    expect(await inLanguage('sw', () => [formatVital('pulseBpm', 96), vitalUnit('temperatureC')])).toEqual([
      '96 mapigo/dakika',
      '°C',
    ]);
    expect(await inLanguage('sw', () => vitalFlagText({ code: 'fastBreathing' }))).not.toBe('Fast breathing for age');
  });
});
