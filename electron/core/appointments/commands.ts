import type { AppointmentView } from '../../../shared/api/appointments';
import { callerScope } from '../access/caller-scope';
import { visibleRowsCondition } from '../access/sensitivity';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { visiblePatientId } from '../consent/commands';
import { APPOINTMENTS } from '../consent/schema';
import { ageInYears } from '../patients/repository';
import { writeContext } from '../records/context';

type AppointmentRow = {
  id: string;
  patient_id: string;
  date: string;
  reason: string;
  status: AppointmentView['status'];
  patient_number: string;
  family_name: string;
  given_name: string;
  middle_name: string | null;
  sex: AppointmentView['patient']['sex'];
  birth_date: string;
  phone: string | null;
};

/** Local calendar date: appointments are for days at this facility, not UTC instants. */
export function localDate(at: Date): string {
  const month = String(at.getMonth() + 1).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${month}-${day}`;
}

function list(ctx: CommandContext, where: string, params: string[]): AppointmentView[] {
  if (ctx.session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  const visible = visibleRowsCondition(callerScope(ctx), {
    sensitivity: 'p.sensitivity',
    patientId: 'p.id',
  });
  const rows = ctx.store.db
    .prepare(
      `SELECT a.id, a.patient_id, a.date, a.reason, a.status, p.patient_number, p.family_name, p.given_name, p.middle_name,
         p.sex, p.birth_date, p.phone
       FROM appointments a JOIN patients p ON p.id = a.patient_id
       WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND ${visible.sql} AND ${where}
       ORDER BY a.date, p.family_name LIMIT 500`,
    )
    .all(...visible.params, ...params) as AppointmentRow[];
  ctx.setAuditRecordCount(rows.length);
  const today = localDate(ctx.now);
  return rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    date: row.date,
    reason: row.reason,
    status: row.status,
    missed: row.status === 'scheduled' && row.date < today,
    patient: {
      id: row.patient_id,
      patientNumber: row.patient_number,
      familyName: row.family_name,
      givenName: row.given_name,
      middleName: row.middle_name,
      sex: row.sex,
      ageYears: ageInYears(row.birth_date, ctx.now),
      phone: row.phone,
    },
  }));
}

/** A patient who checks in on the day of an appointment has attended it. */
export function markTodaysAppointmentAttended(ctx: CommandContext, patientId: string, visitId: string): void {
  const due = ctx.store.db
    .prepare(
      "SELECT id FROM appointments WHERE patient_id = ? AND date = ? AND status = 'scheduled' AND deleted_at IS NULL",
    )
    .pluck()
    .all(patientId, localDate(ctx.now)) as string[];
  for (const id of due)
    ctx.services.records.update(APPOINTMENTS, id, { status: 'attended', visit_id: visitId }, writeContext(ctx));
}

function one(ctx: CommandContext, id: string): AppointmentView {
  const [appointment] = list(ctx, 'a.id = ?', [id]);
  if (appointment === undefined)
    throw new CommandError('NOT_FOUND', 'That appointment does not exist, or it is not available to your role.');
  return appointment;
}

export const scheduleAppointment = defineCommand({
  name: 'appointments.schedule',
  access: 'appointments.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'appointment' },
  handler(ctx, input) {
    const patientId = visiblePatientId(ctx, input.patientId);
    if (input.date < localDate(ctx.now)) {
      throw new CommandError('VALIDATION', 'Choose today or a later date.', {
        issues: [{ path: 'date', message: 'The date has passed' }],
      });
    }
    const id = ctx.services.records.insert(
      APPOINTMENTS,
      { patient_id: patientId, date: input.date, reason: input.reason, status: 'scheduled', visit_id: null },
      writeContext(ctx),
    );
    ctx.setAuditResource(id);
    return one(ctx, id);
  },
});

export const cancelAppointment = defineCommand({
  name: 'appointments.cancel',
  access: 'appointments.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'appointment' },
  handler(ctx, input) {
    ctx.setAuditResource(input.appointmentId);
    const appointment = one(ctx, input.appointmentId);
    if (appointment.status !== 'scheduled')
      throw new CommandError('CONFLICT', 'Only a scheduled appointment can be cancelled.');
    ctx.services.records.update(APPOINTMENTS, appointment.id, { status: 'cancelled' }, writeContext(ctx));
    return one(ctx, appointment.id);
  },
});

export const dayList = defineCommand({
  name: 'appointments.dayList',
  access: 'appointments.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'appointment' },
  handler: (ctx, input) => list(ctx, "a.date = ? AND a.status != 'cancelled'", [input.date]),
});

export const missedAppointments = defineCommand({
  name: 'appointments.missed',
  access: 'appointments.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'appointment' },
  handler: (ctx) => list(ctx, "a.status = 'scheduled' AND a.date < ?", [localDate(ctx.now)]),
});

export const appointmentsForPatient = defineCommand({
  name: 'appointments.forPatient',
  access: 'appointments.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'appointment' },
  handler: (ctx, input) => list(ctx, 'a.patient_id = ?', [visiblePatientId(ctx, input.patientId)]),
});

export const appointmentCommands = [
  scheduleAppointment,
  cancelAppointment,
  dayList,
  missedAppointments,
  appointmentsForPatient,
] as const;
