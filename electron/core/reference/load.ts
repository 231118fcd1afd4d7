import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import {
  diagnosesFile,
  formularyFile,
  labTestsFile,
  moh705RowsFile,
  type Diagnosis,
  type Drug,
  type LabTest,
  type Moh705Form,
  type Moh705FormRows,
  type Moh705Row,
  type Moh705RowsFile,
  type ReferenceRange,
  type ResultFlag,
} from '../../../shared/api/reference';
import { createDiagnosisSearch, type DiagnosisSearch } from './search';

export const REFERENCE_FILES = {
  diagnoses: 'diagnoses.json',
  moh705: 'moh705-rows.json',
  formulary: 'formulary.json',
  labTests: 'lab-tests.json',
} as const;

/** A reference file that is missing, unreadable, not JSON, or fails its schema or a cross-file check. */
export class ReferenceDataError extends Error {
  override readonly name = 'ReferenceDataError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export type PatientSex = 'female' | 'male' | 'intersex';
export interface ResultContext {
  sex?: PatientSex | undefined;
  /** Age in years, fractions allowed (0.5 = six months). */
  ageYears?: number | undefined;
}

export interface ReferenceData {
  readonly directory: string;
  readonly diagnoses: readonly Diagnosis[];
  readonly drugs: readonly Drug[];
  readonly labTests: readonly LabTest[];
  readonly moh705: Moh705RowsFile;
  diagnosis(code: string): Diagnosis | undefined;
  /** Case-insensitive, any word order, exact and prefix matches first; see search.ts. */
  searchDiagnoses(query: string, limit?: number): Diagnosis[];
  drug(code: string): Drug | undefined;
  labTest(code: string): LabTest | undefined;
  /** The rows of MOH 705A (under 5) or 705B (5 and over), in form order. */
  moh705Rows(form: Moh705Form): readonly Moh705Row[];
  moh705Form(form: Moh705Form): Moh705FormRows;
  /**
   * How a result compares with the test's reference: `low`/`high` outside a
   * numeric range, `abnormal` for an abnormal coded option, `unknown` when no
   * range applies to this patient.
   */
  flagResult(test: LabTest | string, value: number | string, patient?: ResultContext): ResultFlag;
  /** True when flagResult says low, high or abnormal; null when no range applies to this patient. */
  isAbnormal(test: LabTest | string, value: number | string, patient?: ResultContext): boolean | null;
}

// ---------------------------------------------------------------------------
// Where the files are

export interface ResolveOptions {
  /** Electron's `process.resourcesPath`; electron-builder's extraResources put the files in `<resourcesPath>/reference`. */
  resourcesPath?: string | undefined;
  /** A packaged app reads only from resourcesPath, never from the working directory. */
  packaged?: boolean | undefined;
  /** Directories to search upwards from for `resources/reference` (development, tests, the e2e host). */
  searchFrom?: readonly string[] | undefined;
}

const MARKER = REFERENCE_FILES.diagnoses;

function defaultResolveOptions(): { resourcesPath: string; packaged: boolean; searchFrom: readonly string[] } {
  const proc = process as NodeJS.Process & { resourcesPath?: string; defaultApp?: boolean };
  const runningInElectron = typeof process.versions['electron'] === 'string';
  return {
    resourcesPath: proc.resourcesPath ?? '',
    // `electron .` (development) sets process.defaultApp; a packaged app does not.
    packaged: runningInElectron && proc.defaultApp !== true,
    searchFrom: [typeof __dirname === 'string' ? __dirname : '', process.cwd()].filter((dir) => dir !== ''),
  };
}

/**
 * The directory holding the reference JSON files: `<resourcesPath>/reference`
 * in a packaged app (electron-builder extraResources), otherwise the nearest
 * `resources/reference` above the module or the working directory.
 */
export function resolveReferenceDir(options: ResolveOptions = {}): string {
  const defaults = defaultResolveOptions();
  const resourcesPath = options.resourcesPath ?? defaults.resourcesPath;
  const packaged = options.packaged ?? defaults.packaged;
  const searchFrom = options.searchFrom ?? defaults.searchFrom;
  const tried: string[] = [];
  const found = (dir: string) => {
    tried.push(dir);
    return existsSync(join(dir, MARKER));
  };

  if (resourcesPath !== '') {
    const packagedDir = join(resourcesPath, 'reference');
    if (found(packagedDir)) return packagedDir;
  }
  if (!packaged) {
    for (const start of searchFrom) {
      let dir = resolve(start);
      for (;;) {
        const candidate = join(dir, 'resources', 'reference');
        if (found(candidate)) return candidate;
        const parent = dirname(dir);
        if (parent === dir) break;
        dir = parent;
      }
    }
  }
  throw new ReferenceDataError(
    `Reference data not found: no ${MARKER} in ${tried.join(', ') || '(nowhere to look)'}`,
    MARKER,
  );
}

// ---------------------------------------------------------------------------
// Loading and validation

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ReferenceDataError(`${file}: ${reason} (${path})`, file);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new ReferenceDataError(`${file}: not valid JSON: ${(error as Error).message}`, file);
  }
}

/** Names the entry an issue is about: `entry 12 ("malaria-confirmed")` for arrays of coded entries. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  const [first, ...rest] = path;
  const field = rest.map(String).join('.');
  if (Array.isArray(data) && typeof first === 'number') {
    const entry: unknown = data[first];
    const code =
      entry !== null && typeof entry === 'object' && 'code' in entry && typeof entry.code === 'string'
        ? ` ("${entry.code}")`
        : '';
    return `entry ${first}${code}${field === '' ? '' : `, ${field}`}`;
  }
  return path.length === 0 ? 'file' : path.map(String).join('.');
}

function parseFile<S extends z.ZodType>(schema: S, dir: string, file: string): z.infer<S> {
  const data = readJson(dir, file);
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${describePath(data, issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    throw new ReferenceDataError(`${file} is invalid: ${issues.join('; ')}${more}`, file);
  }
  return result.data as z.infer<S>;
}

function checkCrossReferences(
  diagnoses: readonly Diagnosis[],
  moh705: Moh705RowsFile,
  labTests: readonly LabTest[],
): void {
  const rowNames = {
    moh705a: new Set(moh705.moh705a.rows.filter((row) => row.kind === 'diagnosis').map((row) => row.name)),
    moh705b: new Set(moh705.moh705b.rows.filter((row) => row.kind === 'diagnosis').map((row) => row.name)),
  };
  diagnoses.forEach((diagnosis, index) => {
    for (const form of ['moh705a', 'moh705b'] as const) {
      const row = diagnosis[form];
      if (row !== null && !rowNames[form].has(row)) {
        throw new ReferenceDataError(
          `${REFERENCE_FILES.diagnoses} is invalid: entry ${index} ("${diagnosis.code}"), ${form}: "${row}" is not a diagnosis row of ${form} in ${REFERENCE_FILES.moh705}`,
          REFERENCE_FILES.diagnoses,
        );
      }
    }
  });
  const testCodes = new Set(labTests.map((test) => test.code));
  for (const form of ['moh705a', 'moh705b'] as const) {
    for (const row of moh705[form].rows) {
      for (const code of row.labTests ?? []) {
        if (!testCodes.has(code)) {
          throw new ReferenceDataError(
            `${REFERENCE_FILES.moh705} is invalid: ${form} row "${row.name}": lab test "${code}" is not in ${REFERENCE_FILES.labTests}`,
            REFERENCE_FILES.moh705,
          );
        }
      }
    }
  }
}

/** Diagnosis rows of a form that no diagnosis maps to (they would always report zero). */
export function uncoveredMoh705Rows(data: Pick<ReferenceData, 'diagnoses' | 'moh705'>, form: Moh705Form): string[] {
  const mapped = new Set(data.diagnoses.map((diagnosis) => diagnosis[form]));
  return data.moh705[form].rows
    .filter((row) => row.kind === 'diagnosis' && !mapped.has(row.name))
    .map((row) => row.name);
}

/** Reads and validates every reference file in `dir`; throws ReferenceDataError naming the file and entry. */
export function loadReferenceData(dir: string = resolveReferenceDir()): ReferenceData {
  const diagnoses = parseFile(diagnosesFile, dir, REFERENCE_FILES.diagnoses);
  const moh705 = parseFile(moh705RowsFile, dir, REFERENCE_FILES.moh705);
  const drugs = parseFile(formularyFile, dir, REFERENCE_FILES.formulary);
  const labTests = parseFile(labTestsFile, dir, REFERENCE_FILES.labTests);
  checkCrossReferences(diagnoses, moh705, labTests);
  return buildReferenceData(dir, diagnoses, moh705, drugs, labTests);
}

const cache = new Map<string, ReferenceData>();

/** The reference data of `dir` (default: resolveReferenceDir()), loaded and validated once per directory. */
export function getReferenceData(dir: string = resolveReferenceDir()): ReferenceData {
  const key = resolve(dir);
  let data = cache.get(key);
  if (data === undefined) {
    data = loadReferenceData(key);
    cache.set(key, data);
  }
  return data;
}

// ---------------------------------------------------------------------------
// Lookups

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function byCode<T extends { code: string }>(entries: readonly T[]): ReadonlyMap<string, T> {
  return new Map(entries.map((entry) => [entry.code, entry]));
}

function buildReferenceData(
  directory: string,
  diagnoses: Diagnosis[],
  moh705: Moh705RowsFile,
  drugs: Drug[],
  labTests: LabTest[],
): ReferenceData {
  // Callers share these objects: freeze them so none can change what another sees.
  deepFreeze(diagnoses);
  deepFreeze(moh705);
  deepFreeze(drugs);
  deepFreeze(labTests);
  const diagnosisByCode = byCode(diagnoses);
  const drugByCode = byCode(drugs);
  const labTestByCode = byCode(labTests);
  const search: DiagnosisSearch = createDiagnosisSearch(diagnoses);

  const resolveTest = (test: LabTest | string): LabTest => {
    if (typeof test !== 'string') return test;
    const found = labTestByCode.get(test);
    if (found === undefined) throw new RangeError(`Unknown lab test "${test}"`);
    return found;
  };
  const flagResult = (test: LabTest | string, value: number | string, patient: ResultContext = {}): ResultFlag =>
    flagLabResult(resolveTest(test), value, patient);

  return {
    directory,
    diagnoses,
    drugs,
    labTests,
    moh705,
    diagnosis: (code) => diagnosisByCode.get(code),
    searchDiagnoses: (query, limit) => search(query, limit),
    drug: (code) => drugByCode.get(code),
    labTest: (code) => labTestByCode.get(code),
    moh705Rows: (form) => moh705[form].rows,
    moh705Form: (form) => moh705[form],
    flagResult,
    isAbnormal: (test, value, patient) => {
      const flag = flagResult(test, value, patient);
      return flag === 'unknown' ? null : flag !== 'normal';
    },
  };
}

// ---------------------------------------------------------------------------
// Result interpretation

function appliesToAge(range: ReferenceRange, ageYears: number | undefined): boolean {
  if (range.minAgeYears === undefined && range.maxAgeYears === undefined) return true;
  if (ageYears === undefined) return false;
  return (range.minAgeYears ?? 0) <= ageYears && (range.maxAgeYears === undefined || ageYears < range.maxAgeYears);
}

/**
 * The limits that apply to a patient: the range for their sex when there is
 * one, else a range for both sexes; for a patient whose sex is not female or
 * male (or not known), the widest span of the sex-specific ranges, so that
 * only a result outside both is flagged.
 */
export function applicableLimits(
  ranges: readonly ReferenceRange[],
  patient: ResultContext,
): { low?: number; high?: number } | null {
  const forAge = ranges.filter(
    (range) => appliesToAge(range, patient.ageYears) && (range.low !== undefined || range.high !== undefined),
  );
  const sex = patient.sex === 'female' || patient.sex === 'male' ? patient.sex : undefined;
  const ownSex = sex === undefined ? [] : forAge.filter((range) => range.sex === sex);
  const bothSexes = forAge.filter((range) => range.sex === undefined);
  const candidates = ownSex.length > 0 ? ownSex : bothSexes.length > 0 ? bothSexes : sex === undefined ? forAge : [];
  if (candidates.length === 0) return null;
  const lows = candidates.map((range) => range.low);
  const highs = candidates.map((range) => range.high);
  const limits: { low?: number; high?: number } = {};
  // A limit counts only when every candidate range has one: a missing limit means "none on that side".
  if (lows.every((low) => low !== undefined)) limits.low = Math.min(...lows);
  if (highs.every((high) => high !== undefined)) limits.high = Math.max(...highs);
  return limits;
}

export function flagLabResult(test: LabTest, value: number | string, patient: ResultContext = {}): ResultFlag {
  if (test.kind === 'coded') {
    if (typeof value !== 'string' || !test.options.includes(value)) {
      throw new RangeError(`"${String(value)}" is not a result option of ${test.code}`);
    }
    return test.abnormalOptions.includes(value) ? 'abnormal' : 'normal';
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${test.code} needs a numeric result`);
  }
  const limits = applicableLimits(test.referenceRanges, patient);
  if (limits === null) return 'unknown';
  if (limits.low !== undefined && value < limits.low) return 'low';
  if (limits.high !== undefined && value > limits.high) return 'high';
  return 'normal';
}
