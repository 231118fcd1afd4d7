import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  diagnosesFile,
  formularyFile,
  ICD10_PATTERN,
  labTestsFile,
  moh705RowsFile,
  type Diagnosis,
} from '../../../shared/api/reference';
import { SENSITIVITY_CATEGORIES } from '../../../shared/security/sensitivity';
import {
  getReferenceData,
  loadReferenceData,
  REFERENCE_FILES,
  ReferenceDataError,
  resolveReferenceDir,
  uncoveredMoh705Rows,
} from './load';

const repoDir = join(process.cwd(), 'resources', 'reference');
const readRaw = (file: string): unknown => JSON.parse(readFileSync(join(repoDir, file), 'utf8'));
const data = loadReferenceData(repoDir);
const codes = (found: readonly { code: string }[]) => found.map((entry) => entry.code);

const scratch: string[] = [];
function copyOfReference(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zahanati-reference-'));
  scratch.push(dir);
  cpSync(repoDir, dir, { recursive: true });
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('reference files', () => {
  it.each([
    [REFERENCE_FILES.diagnoses, diagnosesFile],
    [REFERENCE_FILES.moh705, moh705RowsFile],
    [REFERENCE_FILES.formulary, formularyFile],
    [REFERENCE_FILES.labTests, labTestsFile],
  ] as const)('%s passes its strict schema', (file, schema) => {
    const result = schema.safeParse(readRaw(file));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('holds a useful amount of each kind of data', () => {
    expect(data.diagnoses.length).toBeGreaterThanOrEqual(150);
    expect(data.drugs.length).toBeGreaterThanOrEqual(80);
    expect(data.labTests.length).toBeGreaterThanOrEqual(30);
  });

  it('has no duplicate codes in any file', () => {
    for (const entries of [data.diagnoses, data.drugs, data.labTests]) {
      const all = codes(entries);
      expect(all.filter((code, index) => all.indexOf(code) !== index)).toEqual([]);
    }
  });

  it('uses ICD-10 codes of the WHO format only', () => {
    const bad = data.diagnoses.flatMap((d) =>
      d.icd10.filter((code) => !ICD10_PATTERN.test(code)).map((c) => `${d.code}: ${c}`),
    );
    expect(bad).toEqual([]);
    expect(ICD10_PATTERN.test('B54')).toBe(true);
    expect(ICD10_PATTERN.test('B50.9')).toBe(true);
    expect(ICD10_PATTERN.test('b54')).toBe(false);
    expect(ICD10_PATTERN.test('B5')).toBe(false);
    expect(ICD10_PATTERN.test('B50.900')).toBe(false);
  });

  it('marks sensitivity with the categories of the access rules only', () => {
    for (const entry of [...data.diagnoses, ...data.drugs, ...data.labTests]) {
      expect(SENSITIVITY_CATEGORIES).toContain(entry.sensitivity);
    }
  });

  it('marks sensitive diagnoses consistently with their ICD-10 chapter', () => {
    const withCode = (test: (code: string) => boolean) => data.diagnoses.filter((d) => d.icd10.some(test));
    const wrong = (entries: Diagnosis[], expected: string) =>
      entries.filter((d) => d.sensitivity !== expected).map((d) => d.code);
    // HIV disease (B20–B24), asymptomatic HIV (Z21), exposure to HIV (Z20.6).
    expect(
      wrong(
        withCode((c) => /^B2[0-4]/.test(c) || c === 'Z21' || c === 'Z20.6'),
        'hiv',
      ),
    ).toEqual([]);
    // Mental and behavioural disorders (F00–F99), intentional self-harm.
    expect(
      wrong(
        withCode((c) => c.startsWith('F') || c === 'X84'),
        'mental_health',
      ),
    ).toEqual([]);
    // Pregnancy, childbirth and the puerperium (O00–O99); sexually transmitted infections (A50–A64).
    expect(
      wrong(
        withCode((c) => c.startsWith('O') || /^A(5\d|6[0-4])/.test(c)),
        'reproductive_health',
      ),
    ).toEqual([]);
    // Sexual and physical abuse (T74.1, T74.2), sexual assault (Y05).
    expect(
      wrong(
        withCode((c) => c === 'T74.1' || c === 'T74.2' || c === 'Y05'),
        'gbv',
      ),
    ).toEqual([]);
    expect(data.diagnosis('sexual-violence')?.sensitivity).toBe('gbv');
    expect(data.diagnosis('depression')?.sensitivity).toBe('mental_health');
    expect(data.diagnosis('hiv')?.sensitivity).toBe('hiv');
    expect(data.diagnosis('abortion')?.sensitivity).toBe('reproductive_health');
    expect(data.diagnosis('malaria-confirmed')?.sensitivity).toBe('none');
  });

  it('marks every antiretroviral, and only those, as HIV-sensitive in the formulary', () => {
    for (const drug of data.drugs) {
      expect(drug.sensitivity, drug.code).toBe(drug.category === 'antiretroviral' ? 'hiv' : 'none');
    }
  });

  it('ships the medicines a dispensary needs', () => {
    for (const code of [
      'artemether-lumefantrine-20-120mg-tab',
      'amoxicillin-250mg-cap',
      'amoxicillin-125mg-5ml-susp',
      'amoxicillin-250mg-5ml-susp',
      'ors-low-osmolarity-sachet',
      'zinc-sulfate-20mg-dt',
      'paracetamol-500mg-tab',
      'paracetamol-120mg-5ml-syrup',
      'cotrimoxazole-480mg-tab',
      'metronidazole-400mg-tab',
      'albendazole-400mg-tab',
      'iron-folic-acid-60mg-400mcg-tab',
      'ibuprofen-400mg-tab',
      'salbutamol-100mcg-inhaler',
      'amlodipine-5mg-tab',
      'metformin-500mg-tab',
      'hydrochlorothiazide-25mg-tab',
      'ceftriaxone-1g-inj',
      'tdf-3tc-dtg-300-300-50mg-tab',
    ]) {
      expect(data.drug(code), code).toBeDefined();
    }
    expect(data.drug('tdf-3tc-dtg-300-300-50mg-tab')).toMatchObject({ category: 'antiretroviral', sensitivity: 'hiv' });
  });

  it('gives numeric tests a unit and coded tests their options', () => {
    for (const test of data.labTests) {
      if (test.kind === 'numeric') expect(test.unit, test.code).not.toBe('');
      else expect(test.options.length, test.code).toBeGreaterThanOrEqual(2);
    }
    expect(data.labTest('hiv-rapid-screening')?.sensitivity).toBe('hiv');
    expect(data.labTest('hiv-viral-load')?.sensitivity).toBe('hiv');
    expect(data.labTest('pregnancy-test')?.sensitivity).toBe('reproductive_health');
  });
});

// The working list the rows were taken from; it lives beside the repository on the team's machines.
const moh705DocPath = join(process.cwd(), '..', 'shared', 'reference', 'moh705.md');
const moh705Doc = existsSync(moh705DocPath) ? readFileSync(moh705DocPath, 'utf8') : null;

describe('MOH 705 mapping', () => {
  const doc = (moh705Doc ?? '').replace(/\s+/g, ' ');

  it.skipIf(moh705Doc === null)('lists the 705A rows in the order of the working list (moh705.md)', () => {
    const raw = moh705Doc ?? '';
    const section = raw.slice(raw.indexOf('## 705A rows'), raw.indexOf('(KenyaEMR also reports'));
    const listed = section
      .slice(section.indexOf('\n') + 1)
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\.$/, '')
      .split('; ')
      .map((name) => name.trim());
    expect(listed.length).toBeGreaterThan(70);
    expect(data.moh705Rows('moh705a').map((row) => row.name)).toEqual(listed);
  });

  it('keeps the adult rows of 705B', () => {
    const names = data.moh705Rows('moh705b').map((row) => row.name);
    for (const adultRow of [
      'Malaria in pregnancy',
      'Sexually transmitted infections',
      'Hypertension',
      'Abortion',
      'Disorders of puerperium and childbirth',
      'Arthritis and joint pains',
      'Cardiovascular conditions',
      'Central nervous system conditions',
      'Musculoskeletal conditions',
      'Fistula (birth related)',
      'Neoplasms',
      'Physical disability',
      'Tetanus',
      'All other diseases (adults)',
      'First attendances',
      'Re-attendances',
    ]) {
      expect(names, adultRow).toContain(adultRow);
      if (moh705Doc !== null) expect(doc, adultRow).toContain(adultRow);
    }
    expect(names).not.toContain('Neonatal sepsis');
  });

  it.each(['moh705a', 'moh705b'] as const)('maps a diagnosis to every diagnosis row of %s', (form) => {
    expect(uncoveredMoh705Rows(data, form)).toEqual([]);
  });

  it.each(['moh705a', 'moh705b'] as const)('maps diagnoses only to diagnosis rows of %s', (form) => {
    const diagnosisRows = new Set(
      data
        .moh705Rows(form)
        .filter((r) => r.kind === 'diagnosis')
        .map((r) => r.name),
    );
    const bad = data.diagnoses.filter((d) => d[form] !== null && !diagnosisRows.has(d[form])).map((d) => d.code);
    expect(bad).toEqual([]);
  });

  it('classifies the rows that are not diagnoses', () => {
    const kindOf = (form: 'moh705a' | 'moh705b', name: string) =>
      data.moh705Rows(form).find((r) => r.name === name)?.kind;
    expect(kindOf('moh705a', 'Tested for malaria')).toBe('test');
    expect(kindOf('moh705a', 'Deaths due to road traffic injuries')).toBe('death');
    expect(kindOf('moh705a', 'New attendances')).toBe('attendance');
    expect(kindOf('moh705b', 'First attendances')).toBe('attendance');
    expect(kindOf('moh705a', 'Referrals to community unit')).toBe('referral');
    for (const form of ['moh705a', 'moh705b'] as const) {
      for (const row of data.moh705Rows(form)) expect(row.khisDataElement).toBeNull();
      for (const code of data.moh705Rows(form).flatMap((row) => row.labTests ?? [])) {
        expect(data.labTest(code), code).toBeDefined();
      }
    }
  });

  it('counts confirmed and suspected malaria in their own rows', () => {
    expect(data.diagnosis('malaria-confirmed')).toMatchObject({
      moh705a: 'Confirmed malaria',
      moh705b: 'Confirmed malaria',
    });
    expect(data.diagnosis('malaria-suspected')).toMatchObject({ moh705a: 'Suspected malaria', icd10: ['B54'] });
    expect(data.diagnosis('malaria-in-pregnancy')).toMatchObject({ moh705a: null, moh705b: 'Malaria in pregnancy' });
    expect(data.diagnosis('hiv')).toMatchObject({
      moh705a: 'All other diseases',
      moh705b: 'All other diseases (adults)',
    });
  });
});

describe('diagnosis search', () => {
  it('finds the malaria variants, exact and prefix matches first', () => {
    const found = codes(data.searchDiagnoses('malaria'));
    expect(found).toEqual(
      expect.arrayContaining(['malaria-suspected', 'malaria-confirmed', 'malaria-severe', 'malaria-in-pregnancy']),
    );
    expect(found[0]).toBe('malaria-in-pregnancy'); // the only label that starts with "malaria"
    expect(codes(data.searchDiagnoses('MALAR'))).toEqual(found);
    expect(codes(data.searchDiagnoses('confirmed malaria'))[0]).toBe('malaria-confirmed');
  });

  it('finds a diagnosis by synonym', () => {
    expect(codes(data.searchDiagnoses('URTI'))[0]).toBe('urti');
    expect(codes(data.searchDiagnoses('urti'))[0]).toBe('urti');
    expect(codes(data.searchDiagnoses('common cold'))[0]).toBe('common-cold');
    expect(codes(data.searchDiagnoses('kisukari'))[0]).toBe('diabetes');
  });

  it('finds a diagnosis by ICD-10 code or fragment', () => {
    expect(codes(data.searchDiagnoses('B54'))[0]).toBe('malaria-suspected');
    expect(codes(data.searchDiagnoses('b50.9'))[0]).toBe('malaria-confirmed');
    expect(codes(data.searchDiagnoses('B509'))[0]).toBe('malaria-confirmed');
    const b5 = data.searchDiagnoses('B5');
    expect(b5.length).toBeGreaterThan(3);
    expect(b5.every((d) => d.icd10.some((code) => code.startsWith('B5')))).toBe(true);
  });

  it('matches words in any order', () => {
    expect(codes(data.searchDiagnoses('pneumonia severe'))[0]).toBe('pneumonia-severe');
    expect(codes(data.searchDiagnoses('severe pneumonia'))[0]).toBe('pneumonia-severe');
    expect(codes(data.searchDiagnoses('sev pneu'))[0]).toBe('pneumonia-severe');
    expect(codes(data.searchDiagnoses('dehydration severe diarrhoea'))[0]).toBe('diarrhoea-severe-dehydration');
  });

  it('ignores British and American spelling and half-typed words', () => {
    expect(codes(data.searchDiagnoses('anemia'))[0]).toBe('anaemia');
    expect(codes(data.searchDiagnoses('ana'))).toContain('anaemia');
    expect(codes(data.searchDiagnoses('diarrhea'))).toContain('diarrhoea-no-dehydration');
    expect(codes(data.searchDiagnoses('diarrho'))).toContain('diarrhoea-no-dehydration');
    expect(codes(data.searchDiagnoses("down's"))[0]).toBe('downs-syndrome');
    expect(codes(data.searchDiagnoses('downs'))[0]).toBe('downs-syndrome');
  });

  it('returns nothing for an empty or unmatched query and honours the limit', () => {
    expect(data.searchDiagnoses('')).toEqual([]);
    expect(data.searchDiagnoses('   ')).toEqual([]);
    expect(data.searchDiagnoses('zzqx')).toEqual([]);
    expect(data.searchDiagnoses('a', 5)).toHaveLength(5);
  });

  it('is fast enough to run on every keystroke', () => {
    const queries = ['m', 'ma', 'mal', 'malaria', 'pneumonia severe', 'B5', 'urti', 'hyp', 'diarrh', 'x'];
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) for (const query of queries) data.searchDiagnoses(query);
    const perQueryMs = (performance.now() - started) / (100 * queries.length);
    expect(perQueryMs).toBeLessThan(5);
  });
});

describe('result interpretation', () => {
  const adultMan = { sex: 'male', ageYears: 35 } as const;
  const adultWoman = { sex: 'female', ageYears: 35 } as const;

  it('flags a numeric result below or above the range', () => {
    expect(data.isAbnormal('haemoglobin', 9.1, adultMan)).toBe(true);
    expect(data.flagResult('haemoglobin', 9.1, adultMan)).toBe('low');
    expect(data.isAbnormal('haemoglobin', 14.2, adultMan)).toBe(false);
    expect(data.flagResult('random-blood-glucose', 14.5, adultMan)).toBe('high');
    expect(data.isAbnormal('random-blood-glucose', 5.4)).toBe(false);
    expect(data.flagResult('hiv-viral-load', 1200, adultWoman)).toBe('high');
    expect(data.flagResult('hiv-viral-load', 0, adultWoman)).toBe('normal');
  });

  it('applies the range for the sex and age of the patient', () => {
    expect(data.flagResult('haemoglobin', 12.5, adultMan)).toBe('low');
    expect(data.flagResult('haemoglobin', 12.5, adultWoman)).toBe('normal');
    expect(data.flagResult('haemoglobin', 10.5, { sex: 'female', ageYears: 3 })).toBe('low');
    expect(data.flagResult('haemoglobin', 11.5, { sex: 'female', ageYears: 3 })).toBe('normal');
    // Sex not recorded as female or male: only a result outside both ranges is flagged.
    expect(data.flagResult('haemoglobin', 12.5, { sex: 'intersex', ageYears: 35 })).toBe('normal');
    expect(data.flagResult('haemoglobin', 11.5, { ageYears: 35 })).toBe('low');
    // No range for this age, or no age to pick one: unknown rather than a guess.
    expect(data.isAbnormal('haemoglobin', 9, { sex: 'female', ageYears: 0.1 })).toBeNull();
    expect(data.flagResult('creatinine', 150, { sex: 'male' })).toBe('unknown');
  });

  it('flags an abnormal coded result', () => {
    expect(data.isAbnormal('malaria-rdt', 'Positive')).toBe(true);
    expect(data.isAbnormal('malaria-rdt', 'Negative')).toBe(false);
    expect(data.isAbnormal('malaria-rdt', 'Invalid')).toBe(false);
    expect(data.flagResult('urine-protein', '2+')).toBe('abnormal');
    expect(data.isAbnormal('pregnancy-test', 'Positive')).toBe(false);
    const test = data.labTest('tb-genexpert');
    expect(test && data.isAbnormal(test, 'MTB detected, rifampicin resistance detected')).toBe(true);
  });

  it('refuses a result of the wrong kind, an unknown option or an unknown test', () => {
    expect(() => data.isAbnormal('malaria-rdt', 'positive?')).toThrow(RangeError);
    expect(() => data.isAbnormal('malaria-rdt', 1)).toThrow(RangeError);
    expect(() => data.isAbnormal('haemoglobin', 'low')).toThrow(RangeError);
    expect(() => data.isAbnormal('haemoglobin', Number.NaN)).toThrow(RangeError);
    expect(() => data.isAbnormal('no-such-test', 1)).toThrow(/Unknown lab test/);
  });
});

describe('loading', () => {
  it('finds the files from the repository in development and under resourcesPath when packaged', () => {
    expect(
      resolveReferenceDir({
        resourcesPath: '',
        packaged: false,
        searchFrom: [join(repoDir, '..', '..', 'electron', 'core')],
      }),
    ).toBe(repoDir);
    const resources = mkdtempSync(join(tmpdir(), 'zahanati-resources-'));
    scratch.push(resources);
    cpSync(repoDir, join(resources, 'reference'), { recursive: true });
    expect(resolveReferenceDir({ resourcesPath: resources, packaged: true, searchFrom: [process.cwd()] })).toBe(
      join(resources, 'reference'),
    );
  });

  it('does not fall back to the working directory in a packaged app', () => {
    const emptyResources = mkdtempSync(join(tmpdir(), 'zahanati-resources-'));
    scratch.push(emptyResources);
    expect(() =>
      resolveReferenceDir({ resourcesPath: emptyResources, packaged: true, searchFrom: [process.cwd()] }),
    ).toThrow(ReferenceDataError);
  });

  it('loads once per directory and shares frozen data', () => {
    const first = getReferenceData(repoDir);
    expect(getReferenceData(repoDir)).toBe(first);
    expect(Object.isFrozen(first.diagnoses[0])).toBe(true);
    expect(first.directory).toBe(repoDir);
  });

  it('names the file and the entry of a damaged file', () => {
    const dir = copyOfReference();
    const diagnoses = readRaw(REFERENCE_FILES.diagnoses) as Record<string, unknown>[];
    const index = diagnoses.findIndex((d) => d['code'] === 'malaria-confirmed');
    diagnoses[index] = { ...diagnoses[index], icd10: ['B5O.9'] };
    writeFileSync(join(dir, REFERENCE_FILES.diagnoses), JSON.stringify(diagnoses));
    expect(() => loadReferenceData(dir)).toThrow(ReferenceDataError);
    expect(() => loadReferenceData(dir)).toThrow(
      new RegExp(
        `diagnoses\\.json is invalid: entry ${index} \\("malaria-confirmed"\\), icd10\\.0: Not an ICD-10 code`,
      ),
    );
  });

  it('refuses unknown fields, duplicate codes, truncated JSON and missing files', () => {
    const withExtra = copyOfReference();
    const drugs = readRaw(REFERENCE_FILES.formulary) as Record<string, unknown>[];
    drugs[3] = { ...drugs[3], strenght: '1 g' };
    writeFileSync(join(withExtra, REFERENCE_FILES.formulary), JSON.stringify(drugs));
    expect(() => loadReferenceData(withExtra)).toThrow(/formulary\.json is invalid: entry 3 \(".+"\).*strenght/);

    const duplicate = copyOfReference();
    const tests = readRaw(REFERENCE_FILES.labTests) as Record<string, unknown>[];
    tests.push({ ...tests[0] });
    writeFileSync(join(duplicate, REFERENCE_FILES.labTests), JSON.stringify(tests));
    expect(() => loadReferenceData(duplicate)).toThrow(/lab-tests\.json is invalid: .*Duplicate code "malaria-rdt"/);

    const truncated = copyOfReference();
    writeFileSync(join(truncated, REFERENCE_FILES.moh705), '{"source": "cut off');
    expect(() => loadReferenceData(truncated)).toThrow(/moh705-rows\.json: not valid JSON/);

    const missing = copyOfReference();
    rmSync(join(missing, REFERENCE_FILES.labTests));
    expect(() => loadReferenceData(missing)).toThrow(/lab-tests\.json: file not found/);
  });

  it('refuses a diagnosis that points at a row the forms do not have', () => {
    const dir = copyOfReference();
    const diagnoses = readRaw(REFERENCE_FILES.diagnoses) as Record<string, unknown>[];
    diagnoses[0] = { ...diagnoses[0], moh705b: 'Diarrhoea' };
    writeFileSync(join(dir, REFERENCE_FILES.diagnoses), JSON.stringify(diagnoses));
    expect(() => loadReferenceData(dir)).toThrow(
      /entry 0 \(".+"\), moh705b: "Diarrhoea" is not a diagnosis row of moh705b/,
    );
  });

  it('refuses a coded test whose abnormal option is not one of its options', () => {
    const dir = copyOfReference();
    const tests = readRaw(REFERENCE_FILES.labTests) as Record<string, unknown>[];
    tests[0] = { ...tests[0], abnormalOptions: ['Positve'] };
    writeFileSync(join(dir, REFERENCE_FILES.labTests), JSON.stringify(tests));
    expect(() => loadReferenceData(dir)).toThrow(
      /entry 0 \("malaria-rdt"\), abnormalOptions\.0: "Positve" is not one of the options/,
    );
  });
});
