import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DuplicateCandidate, PatientSummary, PatientView } from '../../../shared/api/patients';
import type { patientDetails } from '../../../shared/api/patients';
import type { z } from 'zod';
import { visibleRowsCondition, type SensitivityScope } from '../access/sensitivity';
import type { RecordWriter, WriteContext } from '../records/writer';
import { PATIENT_IDENTIFIERS, PATIENTS } from './schema';

type PatientDetails = z.output<typeof patientDetails>;

interface PatientRow {
  id: string;
  patient_number: string;
  family_name: string;
  given_name: string;
  middle_name: string | null;
  sex: PatientView['sex'];
  birth_date: string;
  birth_date_estimated: 0 | 1;
  phone: string | null;
  county: string;
  sub_county: string | null;
  village: string | null;
  next_of_kin_name: string | null;
  next_of_kin_relationship: string | null;
  next_of_kin_phone: string | null;
  sensitivity: PatientView['sensitivity'];
  created_at: string;
}

const SUMMARY_COLUMNS =
  'p.id, p.patient_number, p.family_name, p.given_name, p.middle_name, p.sex, p.birth_date, p.phone';

export function ageInYears(birthDate: string, now: Date): number {
  const birth = new Date(`${birthDate}T00:00:00Z`);
  let years = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birth.getUTCMonth() ||
    (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) years -= 1;
  return Math.max(0, years);
}

/** An estimated age becomes a birth date the same day and month, that many years ago. */
function birthDateOf(birth: PatientDetails['birth'], now: Date): { date: string; estimated: 0 | 1 } {
  if (birth.kind === 'date') return { date: birth.date, estimated: 0 };
  const estimate = new Date(now);
  estimate.setUTCFullYear(now.getUTCFullYear() - birth.years);
  return { date: estimate.toISOString().slice(0, 10), estimated: 1 };
}

function columnsOf(details: PatientDetails, now: Date) {
  const birth = birthDateOf(details.birth, now);
  return {
    family_name: details.familyName,
    given_name: details.givenName,
    middle_name: details.middleName ?? null,
    sex: details.sex,
    birth_date: birth.date,
    birth_date_estimated: birth.estimated,
    phone: details.phone ?? null,
    county: details.residence.county,
    sub_county: details.residence.subCounty ?? null,
    village: details.residence.village ?? null,
    next_of_kin_name: details.nextOfKin?.name ?? null,
    next_of_kin_relationship: details.nextOfKin?.relationship ?? null,
    next_of_kin_phone: details.nextOfKin?.phone ?? null,
    sensitivity: details.sensitivity,
  };
}

/** FTS5 phrase syntax: a token in double quotes, inner quotes doubled. */
const ftsPhrase = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** The patient register: registration, edits, search and duplicate detection. */
export class PatientRepository {
  constructor(
    private readonly db: Database,
    private readonly writer: RecordWriter,
  ) {}

  register(details: PatientDetails, patientNumber: string, ctx: WriteContext): string {
    const id = this.writer.insert(PATIENTS, { ...columnsOf(details, ctx.now), patient_number: patientNumber }, ctx);
    for (const identifier of details.identifiers) {
      this.writer.insert(PATIENT_IDENTIFIERS, { patient_id: id, type: identifier.type, value: identifier.value }, ctx);
    }
    this.reindex(id);
    return id;
  }

  /** Writes only the columns that changed, so concurrent edits of other fields merge cleanly. */
  update(id: string, details: PatientDetails, ctx: WriteContext): void {
    const current = this.row(id);
    if (current === null) throw new Error('No such patient');
    const wanted = columnsOf(details, ctx.now);
    if (
      details.birth.kind === 'estimated_age' &&
      current.birth_date_estimated === 1 &&
      ageInYears(current.birth_date, ctx.now) === details.birth.years
    ) {
      // Same estimated age as before: keep the stored estimate rather than moving it to today's date.
      wanted.birth_date = current.birth_date;
    }
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => current[column as keyof PatientRow] !== value),
    );
    this.writer.update(PATIENTS, id, changes, ctx);
    this.replaceIdentifiers(id, details.identifiers, ctx);
    this.reindex(id);
  }

  get(id: string, scope: SensitivityScope, now: Date): PatientView | null {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const row = this.db
      .prepare(`SELECT p.* FROM patients p WHERE p.id = ? AND p.deleted_at IS NULL AND ${visible.sql}`)
      .get(id, ...visible.params) as PatientRow | undefined;
    return row === undefined ? null : this.toView(row, now);
  }

  search(query: string, scope: SensitivityScope, limit: number, now: Date): PatientSummary[] {
    const tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
    const long = tokens.filter((token) => token.length >= 3);
    const short = tokens.filter((token) => token.length < 3);
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const conditions = ['p.deleted_at IS NULL', visible.sql];
    const params: (string | number)[] = [...visible.params];
    let from = 'patients p';
    if (long.length > 0) {
      from = 'patient_search s JOIN patients p ON p.id = s.patient_id';
      conditions.unshift('patient_search MATCH ?');
      params.unshift(long.map(ftsPhrase).join(' AND '));
    }
    for (const token of short) {
      conditions.push(
        "(lower(p.given_name) LIKE ? || '%' OR lower(p.family_name) LIKE ? || '%' OR lower(p.middle_name) LIKE ? || '%')",
      );
      params.push(token, token, token);
    }
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY p.family_name, p.given_name LIMIT ?`,
      )
      .all(...params, limit) as PatientRow[];
    return rows.map((row) => this.toSummary(row, now));
  }

  /** Same phone, same identifier, or the same family name with a similar given name and an age within 2 years. */
  findDuplicates(
    details: PatientDetails,
    scope: SensitivityScope,
    now: Date,
    excludeId?: string,
  ): DuplicateCandidate[] {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const birth = birthDateOf(details.birth, now);
    const candidates = new Map<string, DuplicateCandidate>();
    const add = (rows: PatientRow[], reason: DuplicateCandidate['reasons'][number]) => {
      for (const row of rows) {
        if (row.id === excludeId) continue;
        const existing = candidates.get(row.id) ?? { ...this.toSummary(row, now), reasons: [] };
        if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
        candidates.set(row.id, existing);
      }
    };
    const base = `SELECT ${SUMMARY_COLUMNS} FROM patients p WHERE p.deleted_at IS NULL AND ${visible.sql}`;
    if (details.phone !== undefined)
      add(this.db.prepare(`${base} AND p.phone = ?`).all(...visible.params, details.phone) as PatientRow[], 'phone');
    for (const identifier of details.identifiers) {
      const rows = this.db
        .prepare(
          `${base} AND p.id IN (SELECT patient_id FROM patient_identifiers WHERE value = ? AND type = ? AND deleted_at IS NULL)`,
        )
        .all(...visible.params, identifier.value, identifier.type) as PatientRow[];
      add(rows, 'identifier');
    }
    const similar = this.db
      .prepare(
        `${base} AND lower(p.family_name) = lower(?) AND substr(lower(p.given_name), 1, 3) = substr(lower(?), 1, 3)
         AND abs(julianday(p.birth_date) - julianday(?)) <= 2 * 366`,
      )
      .all(...visible.params, details.familyName, details.givenName, birth.date) as PatientRow[];
    add(similar, 'name_and_age');
    return [...candidates.values()];
  }

  /** Every live patient the scope may see, in register order, for export. */
  listVisible(scope: SensitivityScope, now: Date): PatientView[] {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const rows = this.db
      .prepare(
        `SELECT p.* FROM patients p WHERE p.deleted_at IS NULL AND ${visible.sql} ORDER BY p.created_at, p.patient_number`,
      )
      .all(...visible.params) as PatientRow[];
    return rows.map((row) => this.toView(row, now));
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM patients WHERE id = ? AND deleted_at IS NULL').get(id) !== undefined;
  }

  private row(id: string): PatientRow | null {
    return (
      (this.db.prepare('SELECT * FROM patients WHERE id = ? AND deleted_at IS NULL').get(id) as
        PatientRow | undefined) ?? null
    );
  }

  private replaceIdentifiers(patientId: string, wanted: PatientDetails['identifiers'], ctx: WriteContext): void {
    const current = this.db
      .prepare('SELECT id, type, value FROM patient_identifiers WHERE patient_id = ? AND deleted_at IS NULL')
      .all(patientId) as { id: string; type: string; value: string }[];
    for (const existing of current) {
      const match = wanted.find((identifier) => identifier.type === existing.type);
      if (match === undefined) this.writer.softDelete(PATIENT_IDENTIFIERS, existing.id, ctx);
      else if (match.value !== existing.value)
        this.writer.update(PATIENT_IDENTIFIERS, existing.id, { value: match.value }, ctx);
    }
    for (const identifier of wanted) {
      if (!current.some((existing) => existing.type === identifier.type)) {
        this.writer.insert(
          PATIENT_IDENTIFIERS,
          { patient_id: patientId, type: identifier.type, value: identifier.value },
          ctx,
        );
      }
    }
  }

  /** Rebuilds the patient's search terms: names, number, phone in both spellings, identifiers. */
  reindex(patientId: string): void {
    const row = this.row(patientId);
    this.db.prepare('DELETE FROM patient_search WHERE patient_id = ?').run(patientId);
    if (row === null) return;
    const identifiers = this.db
      .prepare('SELECT value FROM patient_identifiers WHERE patient_id = ? AND deleted_at IS NULL')
      .pluck()
      .all(patientId) as string[];
    const phone = row.phone === null ? [] : [row.phone, row.phone.replace(/^\+254/, '0')];
    const terms = [
      row.family_name,
      row.given_name,
      row.middle_name ?? '',
      row.patient_number,
      ...phone,
      ...identifiers,
    ].join(' ');
    this.db.prepare('INSERT INTO patient_search (patient_id, terms) VALUES (?, ?)').run(patientId, terms.toLowerCase());
  }

  private toSummary(row: PatientRow, now: Date): PatientSummary {
    return {
      id: row.id,
      patientNumber: row.patient_number,
      familyName: row.family_name,
      givenName: row.given_name,
      middleName: row.middle_name,
      sex: row.sex,
      ageYears: ageInYears(row.birth_date, now),
      phone: row.phone,
    };
  }

  private toView(row: PatientRow, now: Date): PatientView {
    const identifiers = this.db
      .prepare('SELECT type, value FROM patient_identifiers WHERE patient_id = ? AND deleted_at IS NULL ORDER BY type')
      .all(row.id) as PatientView['identifiers'];
    return {
      ...this.toSummary(row, now),
      birthDate: row.birth_date,
      birthDateEstimated: row.birth_date_estimated === 1,
      residence: { county: row.county, subCounty: row.sub_county, village: row.village },
      nextOfKin:
        row.next_of_kin_name === null
          ? null
          : {
              name: row.next_of_kin_name,
              relationship: row.next_of_kin_relationship ?? '',
              phone: row.next_of_kin_phone,
            },
      identifiers,
      sensitivity: row.sensitivity,
      registeredAt: row.created_at,
    };
  }
}
