import type { PrescriptionView } from '../../../shared/api/prescriptions';
import { callerScope } from '../access/caller-scope';
import { canSee, visibleRowsCondition } from '../access/sensitivity';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { writeContext } from '../records/context';
import { openVisit, visibleVisit } from '../visits/commands';
import { DISPENSINGS, PRESCRIPTIONS } from './schema';

type PrescriptionRow = {
  id: string;
  patient_id: string;
  visit_id: string;
  drug_code: string;
  drug_name: string;
  strength: string;
  form: string;
  unit: string;
  dose: string;
  route: PrescriptionView['route'];
  frequency: PrescriptionView['frequency'];
  duration_days: number;
  quantity: number;
  instructions: string | null;
  sensitivity: PrescriptionView['sensitivity'];
  status: PrescriptionView['status'];
  cancel_reason: string | null;
  created_at: string;
  created_by: string;
  prescribed_by_name: string | null;
};

type DispensingRow = {
  id: string;
  outcome: 'dispensed' | 'stock_out';
  quantity: number;
  note: string | null;
  created_at: string;
  created_by: string;
  by_name: string | null;
};

/** Prescriptions with the prescriber's name (null when the account is not known on this workstation). */
const SELECT = `SELECT r.*, u.display_name AS prescribed_by_name FROM prescriptions r LEFT JOIN users u ON u.id = r.created_by`;

function toView(ctx: CommandContext, row: PrescriptionRow): PrescriptionView {
  const dispensings = ctx.store.db
    .prepare(
      `SELECT d.id, d.outcome, d.quantity, d.note, d.created_at, d.created_by, u.display_name AS by_name
       FROM dispensings d LEFT JOIN users u ON u.id = d.created_by WHERE d.prescription_id = ? ORDER BY d.created_at, d.hlc`,
    )
    .all(row.id) as DispensingRow[];
  const dispensedQuantity = dispensings.reduce(
    (sum, entry) => sum + (entry.outcome === 'dispensed' ? entry.quantity : 0),
    0,
  );
  const last = dispensings.at(-1);
  const dispensingState =
    dispensedQuantity >= row.quantity
      ? 'complete'
      : last?.outcome === 'stock_out'
        ? 'stock_out'
        : dispensedQuantity > 0
          ? 'partial'
          : 'pending';
  return {
    id: row.id,
    patientId: row.patient_id,
    visitId: row.visit_id,
    drugCode: row.drug_code,
    drugName: row.drug_name,
    strength: row.strength,
    form: row.form,
    unit: row.unit,
    dose: row.dose,
    route: row.route,
    frequency: row.frequency,
    durationDays: row.duration_days,
    quantity: row.quantity,
    instructions: row.instructions,
    sensitivity: row.sensitivity,
    status: row.status,
    cancelReason: row.cancel_reason,
    prescribedAt: row.created_at,
    prescribedBy: row.created_by,
    prescribedByName: row.prescribed_by_name,
    dispensedQuantity,
    dispensingState,
    dispensings: dispensings.map((entry) => ({
      id: entry.id,
      outcome: entry.outcome,
      quantity: entry.quantity,
      note: entry.note,
      at: entry.created_at,
      by: entry.created_by,
      byName: entry.by_name,
    })),
  };
}

/** A prescription the caller may see, for acting on. */
function visiblePrescription(ctx: CommandContext, id: string): PrescriptionRow {
  const row = ctx.store.db.prepare(`${SELECT} WHERE r.id = ? AND r.deleted_at IS NULL`).get(id) as
    PrescriptionRow | undefined;
  if (row === undefined || !canSee(callerScope(ctx), { sensitivity: row.sensitivity, patientId: row.patient_id })) {
    throw new CommandError('NOT_FOUND', 'That prescription does not exist, or it is not available to your role.');
  }
  ctx.setAuditResource(row.id);
  ctx.setAuditPatient(row.patient_id);
  return row;
}

const reload = (ctx: CommandContext, id: string) => toView(ctx, visiblePrescription(ctx, id));

export const searchFormulary = defineCommand({
  name: 'reference.searchFormulary',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'reference' },
  handler(ctx, input) {
    const words = input.query.toLowerCase().split(/\s+/).filter(Boolean);
    return ctx.services.reference.drugs
      .filter((drug) => {
        const text = `${drug.name} ${drug.strength} ${drug.form} ${drug.category}`.toLowerCase();
        return words.every((word) => text.includes(word));
      })
      .slice(0, 20);
  },
});

export const prescribe = defineCommand({
  name: 'prescriptions.create',
  access: 'prescriptions.create',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'prescription' },
  handler(ctx, input) {
    const visit = openVisit(ctx, input.visitId);
    const drug = ctx.services.reference.drug(input.drugCode);
    if (drug === undefined) {
      throw new CommandError('VALIDATION', 'Choose a medicine from the formulary.', {
        issues: [{ path: 'drugCode', message: 'Not in the formulary' }],
      });
    }
    if (!drug.routes.includes(input.route)) {
      throw new CommandError('VALIDATION', `${drug.name} ${drug.form} is not given by that route.`, {
        issues: [{ path: 'route', message: `Use ${drug.routes.join(' or ')}` }],
      });
    }
    const id = ctx.services.records.insert(
      PRESCRIPTIONS,
      {
        patient_id: visit.patientId,
        visit_id: visit.id,
        drug_code: drug.code,
        drug_name: drug.name,
        strength: drug.strength,
        form: drug.form,
        unit: drug.unit,
        dose: input.dose,
        route: input.route,
        frequency: input.frequency,
        duration_days: input.durationDays,
        quantity: input.quantity,
        instructions: input.instructions ?? null,
        sensitivity: drug.sensitivity,
        status: 'active',
        cancel_reason: null,
      },
      writeContext(ctx),
    );
    return reload(ctx, id);
  },
});

export const cancelPrescription = defineCommand({
  name: 'prescriptions.cancel',
  access: 'prescriptions.cancel',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'prescription' },
  handler(ctx, input) {
    const row = visiblePrescription(ctx, input.prescriptionId);
    if (row.status === 'cancelled') throw new CommandError('CONFLICT', 'This prescription is already cancelled.');
    if (toView(ctx, row).dispensedQuantity > 0)
      throw new CommandError('CONFLICT', 'Medicine was already dispensed; it can no longer be cancelled.');
    ctx.services.records.update(
      PRESCRIPTIONS,
      row.id,
      { status: 'cancelled', cancel_reason: input.reason },
      writeContext(ctx),
    );
    return reload(ctx, row.id);
  },
});

/** The visit's prescriptions the caller may see, oldest first. */
function visiblePrescriptionsOf(ctx: CommandContext, visitId: string): PrescriptionRow[] {
  const visible = visibleRowsCondition(callerScope(ctx), { sensitivity: 'r.sensitivity', patientId: 'r.patient_id' });
  return ctx.store.db
    .prepare(`${SELECT} WHERE r.visit_id = ? AND r.deleted_at IS NULL AND ${visible.sql} ORDER BY r.created_at, r.hlc`)
    .all(visitId, ...visible.params) as PrescriptionRow[];
}

export const prescriptionsForVisit = defineCommand({
  name: 'prescriptions.forVisit',
  access: 'prescriptions.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'prescription' },
  handler(ctx, input) {
    const visit = visibleVisit(ctx, input.visitId);
    const rows = visiblePrescriptionsOf(ctx, visit.id);
    ctx.setAuditRecordCount(rows.length);
    return rows.map((row) => toView(ctx, row));
  },
});

function dispensable(ctx: CommandContext, id: string): PrescriptionRow {
  const row = visiblePrescription(ctx, id);
  if (row.status === 'cancelled') throw new CommandError('CONFLICT', 'This prescription was cancelled.');
  return row;
}

export const dispense = defineCommand({
  name: 'dispensing.dispense',
  access: 'dispensing.dispense',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'dispensing' },
  handler(ctx, input) {
    const row = dispensable(ctx, input.prescriptionId);
    const remaining = row.quantity - toView(ctx, row).dispensedQuantity;
    if (remaining <= 0) throw new CommandError('CONFLICT', 'Everything prescribed has already been dispensed.');
    if (input.quantity > remaining) {
      throw new CommandError('VALIDATION', `Only ${remaining} ${row.unit}(s) remain to dispense.`, {
        issues: [{ path: 'quantity', message: `At most ${remaining}` }],
      });
    }
    ctx.services.records.insert(
      DISPENSINGS,
      {
        prescription_id: row.id,
        patient_id: row.patient_id,
        outcome: 'dispensed',
        quantity: input.quantity,
        note: input.note ?? null,
      },
      writeContext(ctx),
    );
    return reload(ctx, row.id);
  },
});

export const recordStockOut = defineCommand({
  name: 'dispensing.stockOut',
  access: 'dispensing.dispense',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'dispensing' },
  handler(ctx, input) {
    const row = dispensable(ctx, input.prescriptionId);
    ctx.services.records.insert(
      DISPENSINGS,
      {
        prescription_id: row.id,
        patient_id: row.patient_id,
        outcome: 'stock_out',
        quantity: 0,
        note: input.note ?? null,
      },
      writeContext(ctx),
    );
    return reload(ctx, row.id);
  },
});

/** "2 of 24 tablets": what is left to hand out, for the refusal. */
function stillToDispense(view: PrescriptionView): string {
  return `${view.drugName} (${view.quantity - view.dispensedQuantity} of ${view.quantity} ${view.unit}s)`;
}

/**
 * The pharmacist's last step: with every prescription of the visit handed out
 * in full or recorded out of stock, the visit closes as discharged and leaves
 * the pharmacy queue. Other outcomes (referral, admission) stay with clinicians.
 */
export const completeDispensing = defineCommand({
  name: 'dispensing.complete',
  access: 'dispensing.dispense',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'encounter' },
  handler(ctx, input) {
    const visit = openVisit(ctx, input.visitId);
    if (visit.stage !== 'pharmacy') {
      throw new CommandError('CONFLICT', 'This patient is not waiting at the pharmacy; the visit stays open.');
    }
    const open = visiblePrescriptionsOf(ctx, visit.id)
      .map((row) => toView(ctx, row))
      .filter(
        (view) =>
          view.status === 'active' && (view.dispensingState === 'pending' || view.dispensingState === 'partial'),
      );
    if (open.length > 0) {
      throw new CommandError(
        'CONFLICT',
        `Still to dispense: ${open.map(stillToDispense).join(', ')}. Dispense it or record it out of stock first.`,
      );
    }
    ctx.services.visits.close(visit.id, 'discharged', null, writeContext(ctx));
    const closed = ctx.services.visits.get(visit.id);
    if (closed === null) throw new Error('A visit vanished after closing');
    return closed;
  },
});

export const prescriptionCommands = [
  searchFormulary,
  prescribe,
  cancelPrescription,
  prescriptionsForVisit,
  dispense,
  recordStockOut,
  completeDispensing,
] as const;
