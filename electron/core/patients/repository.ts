import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  phoneSchema,
  type DuplicateCandidate,
  type PatientSummary,
  type PatientView,
} from '../../../shared/api/patients';
import type { patientDetails } from '../../../shared/api/patients';
import type { z } from 'zod';
import { visibleRowsCondition, type SensitivityScope } from '../access/sensitivity';
import type { RecordWriter, WriteContext } from '../records/writer';
import { PATIENT_IDENTIFIERS, PATIENTS } from './schema';
import { StatementCache } from '../db/statement-cache';

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

/** How many trigram index matches a search sorts by name before taking the first page (see search). */
export const SEARCH_CANDIDATES = 500;

/** FTS5 phrase syntax: a token in double quotes, inner quotes doubled. */
const ftsPhrase = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** The patient register: registration, edits, search and duplicate detection. */
export class PatientRepository {
  private readonly statements: StatementCache;

  constructor(
    db: Database,
    private readonly writer: RecordWriter,
  ) {
    this.statements = new StatementCache(db);
  }

  private sql(text: string) {
    return this.statements.get(text);
  }

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

  /** Whether the scope may see this live patient; cheaper than reading the record. */
  isVisible(id: string, scope: SensitivityScope): boolean {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    return (
      this.sql(`SELECT 1 FROM patients p WHERE p.id = ? AND p.deleted_at IS NULL AND ${visible.sql}`).get(
        id,
        ...visible.params,
      ) !== undefined
    );
  }

  /** Name, number, age and sex of a patient the scope may see, for lists. */
  summary(id: string, scope: SensitivityScope, now: Date): PatientSummary | null {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const row = this.sql(
      `SELECT ${SUMMARY_COLUMNS} FROM patients p WHERE p.id = ? AND p.deleted_at IS NULL AND ${visible.sql}`,
    ).get(id, ...visible.params) as PatientRow | undefined;
    return row === undefined ? null : this.toSummary(row, now);
  }

  get(id: string, scope: SensitivityScope, now: Date): PatientView | null {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const row = this.sql(`SELECT p.* FROM patients p WHERE p.id = ? AND p.deleted_at IS NULL AND ${visible.sql}`).get(
      id,
      ...visible.params,
    ) as PatientRow | undefined;
    return row === undefined ? null : this.toView(row, now);
  }

  /**
   * Patients matching every fragment of the query, in name order. Fragments of
   * three or more characters go through the trigram index; shorter ones filter
   * by name prefix. A common fragment ("wan") matches a tenth of a large
   * register, and sorting all of it by name took far too long while typing,
   * so the first SEARCH_CANDIDATES index matches are sorted; the screen says
   * "the first matches, type more". Only when that leaves fewer than `limit`
   * (other filters removed most of them) are all matches sorted.
   */
  search(query: string, scope: SensitivityScope, limit: number, now: Date): PatientSummary[] {
    const exact = this.exactMatches(query, scope, limit, now);
    if (exact.length > 0) return exact;
    const tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
    const long = tokens.filter((token) => token.length >= 3);
    const short = tokens.filter((token) => token.length < 3);
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const conditions = ['p.deleted_at IS NULL', visible.sql];
    const params: (string | number)[] = [...visible.params];
    for (const token of short) {
      conditions.push(
        "(lower(p.given_name) LIKE ? || '%' OR lower(p.family_name) LIKE ? || '%' OR lower(p.middle_name) LIKE ? || '%')",
      );
      params.push(token, token, token);
    }
    const where = conditions.join(' AND ');
    const order = 'ORDER BY p.family_name, p.given_name LIMIT ?';
    if (long.length === 0) {
      const rows = this.sql(`SELECT ${SUMMARY_COLUMNS} FROM patients p WHERE ${where} ${order}`).all(...params, limit);
      return (rows as PatientRow[]).map((row) => this.toSummary(row, now));
    }
    const match = long.map(ftsPhrase).join(' AND ');
    // Index rows carry their patient's rowid (see reindex): the join needs no lookup by id.
    const matching = (cap: string) =>
      this.sql(
        `SELECT ${SUMMARY_COLUMNS} FROM (SELECT rowid AS patient_rowid FROM patient_search WHERE patient_search MATCH ? ${cap}) s
         JOIN patients p ON p.rowid = s.patient_rowid WHERE ${where} ${order}`,
      );
    let rows = matching(`LIMIT ${SEARCH_CANDIDATES}`).all(match, ...params, limit) as PatientRow[];
    if (rows.length < limit && this.matchesMoreThan(match, SEARCH_CANDIDATES)) {
      rows = matching('').all(match, ...params, limit) as PatientRow[];
    }
    return rows.map((row) => this.toSummary(row, now));
  }

  /**
   * A whole phone number, identifier or patient number, as read off a phone or a card: looked up in its own
   * index. The trigram index would find it too, but digits share trigrams ("000", "100") with every other
   * number on the register, which makes those lookups the slowest ones.
   */
  private exactMatches(query: string, scope: SensitivityScope, limit: number, now: Date): PatientSummary[] {
    const typed = query.trim();
    if (!/^[A-Za-z0-9/+\s-]{5,}$/.test(typed) || !/\d/.test(typed)) return [];
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const base = `SELECT ${SUMMARY_COLUMNS} FROM patients p WHERE p.deleted_at IS NULL AND ${visible.sql}`;
    const order = 'ORDER BY p.family_name, p.given_name LIMIT ?';
    const phone = phoneSchema.safeParse(typed);
    if (phone.success) {
      const rows = this.sql(`${base} AND p.phone = ? ${order}`).all(...visible.params, phone.data, limit);
      return (rows as PatientRow[]).map((row) => this.toSummary(row, now));
    }
    if (/\s/.test(typed)) return [];
    const values = [...new Set([typed, typed.toUpperCase()])];
    const rows = this.sql(
      `${base} AND (p.patient_number IN (${values.map(() => '?').join(', ')}) OR p.id IN (
         SELECT patient_id FROM patient_identifiers WHERE value IN (${values.map(() => '?').join(', ')}) AND deleted_at IS NULL))
       ${order}`,
    ).all(...visible.params, ...values, ...values, limit);
    return (rows as PatientRow[]).map((row) => this.toSummary(row, now));
  }

  private matchesMoreThan(match: string, count: number): boolean {
    const found = this.sql(
      `SELECT count(*) FROM (SELECT 1 FROM patient_search WHERE patient_search MATCH ? LIMIT ${count + 1})`,
    )
      .pluck()
      .get(match) as number;
    return found > count;
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
      add(this.sql(`${base} AND p.phone = ?`).all(...visible.params, details.phone) as PatientRow[], 'phone');
    for (const identifier of details.identifiers) {
      const rows = this.sql(
        `${base} AND p.id IN (SELECT patient_id FROM patient_identifiers WHERE value = ? AND type = ? AND deleted_at IS NULL)`,
      ).all(...visible.params, identifier.value, identifier.type) as PatientRow[];
      add(rows, 'identifier');
    }
    const similar = this.sql(
      `${base} AND lower(p.family_name) = lower(?) AND substr(lower(p.given_name), 1, 3) = substr(lower(?), 1, 3)
         AND abs(julianday(p.birth_date) - julianday(?)) <= 2 * 366`,
    ).all(...visible.params, details.familyName, details.givenName, birth.date) as PatientRow[];
    add(similar, 'name_and_age');
    return [...candidates.values()];
  }

  /** Every live patient the scope may see, in register order, for export. */
  listVisible(scope: SensitivityScope, now: Date): PatientView[] {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const rows = this.sql(
      `SELECT p.* FROM patients p WHERE p.deleted_at IS NULL AND ${visible.sql} ORDER BY p.created_at, p.patient_number`,
    ).all(...visible.params) as PatientRow[];
    return rows.map((row) => this.toView(row, now));
  }

  exists(id: string): boolean {
    return this.sql('SELECT 1 FROM patients WHERE id = ? AND deleted_at IS NULL').get(id) !== undefined;
  }

  private row(id: string): PatientRow | null {
    return (
      (this.sql('SELECT * FROM patients WHERE id = ? AND deleted_at IS NULL').get(id) as PatientRow | undefined) ?? null
    );
  }

  private replaceIdentifiers(patientId: string, wanted: PatientDetails['identifiers'], ctx: WriteContext): void {
    const current = this.sql(
      'SELECT id, type, value FROM patient_identifiers WHERE patient_id = ? AND deleted_at IS NULL',
    ).all(patientId) as { id: string; type: string; value: string }[];
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

  /**
   * Rebuilds the patient's search terms: names, number, phone in both spellings, identifiers. The index row
   * has the patient row's rowid, so it is replaced without scanning the index (patient_id is not indexed in
   * FTS5): registering, editing and applying synced patients stay linear in the size of the register.
   * Patients keep their rowid (upserts, no REPLACE); a VACUUM could renumber them and must be followed by
   * re-keying the index as `patientSearchByRowidMigration` does.
   */
  reindex(patientId: string): void {
    const row = this.sql('SELECT rowid AS search_rowid, * FROM patients WHERE id = ?').get(patientId) as
      (PatientRow & { search_rowid: number; deleted_at: string | null }) | undefined;
    // A synced identifier may arrive before its patient: the patient's own arrival indexes both.
    if (row === undefined) return;
    this.sql('DELETE FROM patient_search WHERE rowid = ?').run(row.search_rowid);
    if (row.deleted_at !== null) return;
    const identifiers = this.sql('SELECT value FROM patient_identifiers WHERE patient_id = ? AND deleted_at IS NULL')
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
    this.sql('INSERT INTO patient_search (rowid, patient_id, terms) VALUES (?, ?, ?)').run(
      row.search_rowid,
      patientId,
      terms.toLowerCase(),
    );
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
    const identifiers = this.sql(
      'SELECT type, value FROM patient_identifiers WHERE patient_id = ? AND deleted_at IS NULL ORDER BY type',
    ).all(row.id) as PatientView['identifiers'];
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
