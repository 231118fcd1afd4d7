import { isShiftExempt } from '../../../shared/security/roles';
import type { AuditEntry, AuditSink } from '../audit/trail';
import type { IdentityRepository } from '../identity/repository';
import type { ShiftRepository } from '../shifts/repository';
import type { AlertRepository } from './repository';

/** Resource types whose reads are reads of a patient's record. */
export const PATIENT_RECORD_TYPES: ReadonlySet<string> = new Set([
  'patient',
  'encounter',
  'vitals',
  'diagnosis',
  'note',
  'prescription',
  'lab_order',
  'lab_result',
]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Writes each audit entry, then runs the alert rules over it in the same
 * transaction: an alert exists exactly when the entry that triggered it does.
 */
export class AlertingAuditSink implements AuditSink {
  constructor(
    private readonly trail: AuditSink,
    private readonly alerts: AlertRepository,
    private readonly identity: IdentityRepository,
    private readonly shifts: ShiftRepository,
  ) {}

  record(entry: AuditEntry): string {
    const auditId = this.trail.record(entry);
    this.evaluate(entry, auditId);
    return auditId;
  }

  private evaluate(entry: AuditEntry, auditId: string): void {
    const raise = (rule: Parameters<AlertRepository['raise']>[0]['rule'], summary: string) =>
      this.alerts.raise({ rule, userId: entry.userId, summary, sourceAuditId: auditId }, entry.occurredAt);
    // Read only by the rules that need them: most entries (every clinical write) match none.
    const thresholds = () => this.alerts.thresholds();
    const since = (ms: number) => new Date(entry.occurredAt.getTime() - ms);

    if (entry.action === 'FAILED_LOGIN') {
      const failures = this.alerts.countRecent(
        "action = 'FAILED_LOGIN' AND user_id IS @user AND occurred_at >= @since",
        {
          user: entry.userId,
          since: since(15 * MINUTE).toISOString(),
        },
      );
      if (
        failures >= thresholds().failedLoginsIn15Minutes &&
        !this.alerts.hasOpen('failed_logins', entry.userId, since(15 * MINUTE))
      ) {
        raise('failed_logins', `${failures} failed sign-in attempts within 15 minutes`);
      }
    }
    if (entry.outcome !== 'allowed') return;
    if (entry.action === 'BREAK_GLASS') raise('break_glass', 'Emergency access to sensitive records was used');
    if (entry.action === 'EXPORT' && (entry.recordCount ?? 0) > thresholds().exportRows) {
      raise('large_export', `Export of ${entry.recordCount} records (${entry.resourceType})`);
    }
    if (entry.action === 'READ' && entry.userId !== null && PATIENT_RECORD_TYPES.has(entry.resourceType)) {
      this.evaluatePatientRead(entry, raise, thresholds().recordViewsPerHour, since(HOUR));
    }
  }

  private evaluatePatientRead(
    entry: AuditEntry,
    raise: (rule: 'outside_shift' | 'many_record_views', summary: string) => void,
    viewsPerHour: number,
    hourAgo: Date,
  ): void {
    const userId = entry.userId ?? '';
    const exempt = isShiftExempt(this.identity.access(userId).roles);
    if (
      !exempt &&
      this.shifts.openClockIn(userId, entry.occurredAt) === null &&
      !this.alerts.hasOpen('outside_shift', userId, hourAgo)
    ) {
      raise('outside_shift', 'Patient records opened outside the user’s shift');
    }
    const types = [...PATIENT_RECORD_TYPES].map((type) => `'${type}'`).join(', ');
    const views = this.alerts.countRecent(
      `action = 'READ' AND outcome = 'allowed' AND user_id = @user AND occurred_at >= @since AND resource_type IN (${types})`,
      { user: userId, since: hourAgo.toISOString() },
    );
    if (views > viewsPerHour && !this.alerts.hasOpen('many_record_views', userId, hourAgo)) {
      raise('many_record_views', `${views} patient records opened within an hour (threshold ${viewsPerHour})`);
    }
  }
}
