import { describe, expect, it } from 'vitest';
import { searchableQuery } from './patient-search-store';
import { ageText, birthText, duplicateReasonsText, fullName, phoneText, residenceText } from './patient-text';

describe('patient text', () => {
  it('says names, ages and phones the way staff do', () => {
    expect(fullName({ givenName: 'Amina', middleName: 'Njeri', familyName: 'Wanjiru' })).toBe('Amina Njeri Wanjiru');
    expect(fullName({ givenName: 'Brian', middleName: null, familyName: 'Otieno' })).toBe('Brian Otieno');
    expect([0, 1, 36].map(ageText)).toEqual(['under 1 year', '1 year', '36 years']);
    expect(phoneText('+254712345678')).toBe('0712 345 678');
    expect(phoneText(null)).toBe('');
  });

  it('marks an estimated birth date as estimated', () => {
    expect(birthText({ birthDate: '1990-04-12', birthDateEstimated: false })).toBe('12 April 1990');
    expect(birthText({ birthDate: '1986-11-22', birthDateEstimated: true })).toBe('about 1986 (estimated from age)');
  });

  it('lists residence from the village up', () => {
    expect(residenceText({ county: 'Kilifi', subCounty: 'Kaloleni', village: 'Mariakani' })).toBe(
      'Mariakani, Kaloleni, Kilifi',
    );
    expect(residenceText({ county: 'Kilifi', subCounty: null, village: null })).toBe('Kilifi');
  });

  it('explains why a record may be a duplicate', () => {
    expect(duplicateReasonsText(['phone'])).toBe('same phone');
    expect(duplicateReasonsText(['phone', 'identifier', 'name_and_age'])).toBe(
      'same phone, same identifier and similar name and age',
    );
  });
});

describe('search queries', () => {
  it('waits for two characters and tidies spaces', () => {
    expect(searchableQuery('')).toBeNull();
    expect(searchableQuery(' a ')).toBeNull();
    expect(searchableQuery('  wanj   amin ')).toBe('wanj amin');
    expect(searchableQuery('x'.repeat(100))).toHaveLength(80);
  });
});
