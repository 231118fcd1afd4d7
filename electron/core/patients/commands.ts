import { SENSITIVITY_PERMISSION, type Sensitivity } from '../../../shared/security/sensitivity';
import { callerScope } from '../access/caller-scope';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { writeContext } from '../records/context';
import { exportCsv } from '../records/csv';

/** Facility MFL code, this workstation's short code and its own counter: unique without coordination. */
function nextPatientNumber(ctx: CommandContext): string {
  const facility = ctx.services.identity.facility();
  const workstation = ctx.services.workstationId.replace(/-/g, '').slice(0, 6).toUpperCase();
  const sequence = ctx.services.records.nextCounter('patient_number');
  return `${facility?.mfl_code ?? '00000'}-${workstation}-${String(sequence).padStart(5, '0')}`;
}

/**
 * Putting a registration under a sensitive programme, or taking it out of
 * one, needs the permission for that programme: emergency access lets a user
 * see the record, not re-file it, so break-glass does not count here.
 */
function assertMayFileUnder(ctx: CommandContext, categories: readonly Sensitivity[]): void {
  const permissions = ctx.session?.permissions;
  const missing = categories.filter(
    (category) => category !== 'none' && permissions?.has(SENSITIVITY_PERMISSION[category]) !== true,
  );
  if (missing.length > 0) {
    throw new CommandError(
      'FORBIDDEN',
      'Your role does not allow filing a patient under or out of that sensitive programme. Ask a colleague with access to it.',
    );
  }
}

function viewOrNotFound(ctx: CommandContext, patientId: string) {
  ctx.setAuditPatient(patientId);
  const patient = ctx.services.patients.get(patientId, callerScope(ctx), ctx.now);
  if (patient === null)
    throw new CommandError('NOT_FOUND', 'No patient with that record, or it is not available to your role.');
  return patient;
}

export const registerPatient = defineCommand({
  name: 'patients.register',
  access: 'patients.create',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'patient' },
  handler(ctx, input) {
    const { patients } = ctx.services;
    assertMayFileUnder(ctx, [input.sensitivity]);
    if (!input.confirmedNotDuplicate) {
      const duplicates = patients.findDuplicates(input, callerScope(ctx), ctx.now);
      if (duplicates.length > 0) {
        throw new CommandError(
          'CONFLICT',
          `${duplicates.length === 1 ? 'A patient' : `${duplicates.length} patients`} with the same phone, identifier or a similar name and age ${
            duplicates.length === 1 ? 'is' : 'are'
          } already registered. Check them before registering a new record.`,
        );
      }
    }
    const id = patients.register(input, nextPatientNumber(ctx), writeContext(ctx));
    ctx.setAuditResource(id);
    return viewOrNotFound(ctx, id);
  },
});

export const findDuplicatePatients = defineCommand({
  name: 'patients.findDuplicates',
  access: 'patients.create',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'patient_search' },
  handler(ctx, input) {
    const duplicates = ctx.services.patients.findDuplicates(input, callerScope(ctx), ctx.now);
    ctx.setAuditRecordCount(duplicates.length);
    return duplicates;
  },
});

export const updatePatient = defineCommand({
  name: 'patients.update',
  access: 'patients.update',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'patient' },
  handler(ctx, input) {
    ctx.setAuditResource(input.patientId);
    const current = viewOrNotFound(ctx, input.patientId);
    if (current.sensitivity !== input.sensitivity) {
      assertMayFileUnder(ctx, [current.sensitivity, input.sensitivity]);
      ctx.setAuditPurpose(`sensitivity changed from ${current.sensitivity} to ${input.sensitivity}`);
    }
    const { patientId, ...details } = input;
    ctx.services.patients.update(patientId, details, writeContext(ctx));
    return viewOrNotFound(ctx, patientId);
  },
});

export const getPatient = defineCommand({
  name: 'patients.get',
  access: 'patients.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'patient' },
  handler(ctx, input) {
    ctx.setAuditResource(input.patientId);
    return viewOrNotFound(ctx, input.patientId);
  },
});

export const searchPatients = defineCommand({
  name: 'patients.search',
  access: 'patients.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'patient_search' },
  handler(ctx, input) {
    const results = ctx.services.patients.search(input.query, callerScope(ctx), input.limit, ctx.now);
    ctx.setAuditRecordCount(results.length);
    return results;
  },
});

export const exportPatients = defineCommand({
  name: 'patients.export',
  access: 'patients.export',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'EXPORT', resourceType: 'patient' },
  handler(ctx) {
    const patients = ctx.services.patients.listVisible(callerScope(ctx), ctx.now);
    const header = [
      'patientNumber',
      'familyName',
      'givenName',
      'middleName',
      'sex',
      'birthDate',
      'birthDateEstimated',
      'phone',
      'county',
      'registeredAt',
    ];
    const rows = patients.map((p) => [
      p.patientNumber,
      p.familyName,
      p.givenName,
      p.middleName,
      p.sex,
      p.birthDate,
      String(p.birthDateEstimated),
      p.phone,
      p.residence.county,
      p.registeredAt,
    ]);
    ctx.setAuditRecordCount(patients.length);
    ctx.setAuditPurpose(`export of ${patients.length} patients`);
    const stamp = ctx.now.toISOString().slice(0, 10);
    return { filename: `zahanati-patients-${stamp}.csv`, csv: exportCsv(header, rows), rowCount: patients.length };
  },
});

export const patientCommands = [
  registerPatient,
  findDuplicatePatients,
  updatePatient,
  getPatient,
  searchPatients,
  exportPatients,
] as const;
