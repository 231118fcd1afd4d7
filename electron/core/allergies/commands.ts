import type { AllergyView } from '../../../shared/api/allergies';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { visiblePatientId } from '../consent/commands';
import { writeContext } from '../records/context';
import { ALLERGIES } from './schema';

interface AllergyRow {
  id: string;
  patient_id: string;
  allergen: string;
  reaction: string | null;
  severity: AllergyView['severity'];
  active: 0 | 1;
  created_at: string;
}

export function allergiesOf(ctx: CommandContext, patientId: string): AllergyView[] {
  const rows = ctx.store.db
    .prepare(
      'SELECT * FROM patient_allergies WHERE patient_id = ? AND deleted_at IS NULL ORDER BY active DESC, created_at',
    )
    .all(patientId) as AllergyRow[];
  return rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    allergen: row.allergen,
    reaction: row.reaction,
    severity: row.severity,
    active: row.active === 1,
    recordedAt: row.created_at,
  }));
}

/** Allergies are clinical facts, recorded by the staff who find them (nurse, clinician, pharmacist), on shift. */
export const recordAllergy = defineCommand({
  name: 'allergies.record',
  access: 'allergies.record',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'allergy' },
  handler(ctx, input) {
    const patientId = visiblePatientId(ctx, input.patientId);
    const id = ctx.services.records.insert(
      ALLERGIES,
      {
        patient_id: patientId,
        allergen: input.allergen,
        reaction: input.reaction ?? null,
        severity: input.severity,
        active: 1,
      },
      writeContext(ctx),
    );
    ctx.setAuditResource(id);
    return allergiesOf(ctx, patientId);
  },
});

export const deactivateAllergy = defineCommand({
  name: 'allergies.deactivate',
  access: 'allergies.record',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'allergy' },
  handler(ctx, input) {
    ctx.setAuditResource(input.allergyId);
    const patientId = ctx.store.db
      .prepare('SELECT patient_id FROM patient_allergies WHERE id = ? AND active = 1 AND deleted_at IS NULL')
      .pluck()
      .get(input.allergyId) as string | undefined;
    if (patientId === undefined) throw new CommandError('NOT_FOUND', 'No active allergy with that record.');
    visiblePatientId(ctx, patientId);
    ctx.services.records.update(ALLERGIES, input.allergyId, { active: 0 }, writeContext(ctx));
    return allergiesOf(ctx, patientId);
  },
});

export const allergiesForPatient = defineCommand({
  name: 'allergies.forPatient',
  access: 'patients.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'patient' },
  handler(ctx, input) {
    ctx.setAuditResource(input.patientId);
    return allergiesOf(ctx, visiblePatientId(ctx, input.patientId));
  },
});

export const allergyCommands = [recordAllergy, deactivateAllergy, allergiesForPatient] as const;
