import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { QueueEntry, VisitStage, VisitView } from '../../../shared/api/visits';
import { visibleRowsCondition, type SensitivityScope } from '../access/sensitivity';
import type { PatientRepository } from '../patients/repository';
import type { RecordWriter, WriteContext } from '../records/writer';
import { StatementCache } from '../db/statement-cache';
import { VISITS } from './schema';

interface VisitRow {
  id: string;
  patient_id: string;
  checked_in_at: string;
  attendance: VisitView['attendance'];
  referred_from: string | null;
  stage: VisitStage;
  outcome: VisitView['outcome'];
  referral_destination: string | null;
  closed_at: string | null;
}

const toView = (row: VisitRow): VisitView => ({
  id: row.id,
  patientId: row.patient_id,
  checkedInAt: row.checked_in_at,
  attendance: row.attendance,
  referredFrom: row.referred_from,
  stage: row.stage,
  outcome: row.outcome,
  referralDestination: row.referral_destination,
  closedAt: row.closed_at,
});

export class VisitRepository {
  private readonly statements: StatementCache;

  constructor(
    db: Database,
    private readonly writer: RecordWriter,
    private readonly patients: PatientRepository,
  ) {
    this.statements = new StatementCache(db);
  }

  private sql(text: string) {
    return this.statements.get(text);
  }

  openVisitOf(patientId: string): VisitView | null {
    const row = this.sql(
      'SELECT * FROM visits WHERE patient_id = ? AND closed_at IS NULL AND deleted_at IS NULL ORDER BY checked_in_at DESC LIMIT 1',
    ).get(patientId) as VisitRow | undefined;
    return row === undefined ? null : toView(row);
  }

  /** New attendance = the patient's first visit of the calendar year at this facility (MOH 705). */
  checkIn(patientId: string, referredFrom: string | null, ctx: WriteContext): string {
    const yearStart = new Date(ctx.now.getFullYear(), 0, 1).toISOString();
    const earlier = this.sql(
      'SELECT 1 FROM visits WHERE patient_id = ? AND checked_in_at >= ? AND deleted_at IS NULL LIMIT 1',
    ).get(patientId, yearStart);
    return this.writer.insert(
      VISITS,
      {
        patient_id: patientId,
        checked_in_at: ctx.now.toISOString(),
        attendance: earlier === undefined ? 'new' : 'revisit',
        referred_from: referredFrom,
        stage: 'triage',
        outcome: null,
        referral_destination: null,
        closed_at: null,
      },
      ctx,
    );
  }

  get(id: string): VisitView | null {
    const row = this.sql('SELECT * FROM visits WHERE id = ? AND deleted_at IS NULL').get(id) as VisitRow | undefined;
    return row === undefined ? null : toView(row);
  }

  /**
   * A live visit whose live patient the scope may see, with that patient's
   * birth date (age-dependent vitals flags): one read where every clinical
   * command used to make two.
   */
  visibleWithPatient(id: string, scope: SensitivityScope): { visit: VisitView; patientBirthDate: string } | null {
    const visible = visibleRowsCondition(scope, { sensitivity: 'p.sensitivity', patientId: 'p.id' });
    const row = this.sql(
      `SELECT v.*, p.birth_date AS patient_birth_date FROM visits v JOIN patients p ON p.id = v.patient_id
       WHERE v.id = ? AND v.deleted_at IS NULL AND p.deleted_at IS NULL AND ${visible.sql}`,
    ).get(id, ...visible.params) as (VisitRow & { patient_birth_date: string }) | undefined;
    return row === undefined ? null : { visit: toView(row), patientBirthDate: row.patient_birth_date };
  }

  forPatient(patientId: string): VisitView[] {
    return (
      this.sql(
        'SELECT * FROM visits WHERE patient_id = ? AND deleted_at IS NULL ORDER BY checked_in_at DESC LIMIT 200',
      ).all(patientId) as VisitRow[]
    ).map(toView);
  }

  moveStage(id: string, stage: VisitStage, ctx: WriteContext): void {
    this.writer.update(VISITS, id, { stage }, ctx);
  }

  close(id: string, outcome: NonNullable<VisitView['outcome']>, destination: string | null, ctx: WriteContext): void {
    this.writer.update(
      VISITS,
      id,
      { stage: 'done', outcome, referral_destination: destination, closed_at: ctx.now.toISOString() },
      ctx,
    );
  }

  /** Open visits at the given stages, oldest first, of patients the scope may see. */
  queue(stages: readonly VisitStage[], scope: SensitivityScope, now: Date): QueueEntry[] {
    const rows = this.sql(
      `SELECT * FROM visits WHERE closed_at IS NULL AND deleted_at IS NULL AND stage IN (${stages.map(() => '?').join(', ')})
         ORDER BY checked_in_at LIMIT 200`,
    ).all(...stages) as VisitRow[];
    return rows.flatMap((row) => {
      const patient = this.patients.summary(row.patient_id, scope, now);
      return patient === null ? [] : [{ ...toView(row), patient }];
    });
  }
}
