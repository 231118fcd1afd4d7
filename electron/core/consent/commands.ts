import type { ConsentState, ConsentView } from '../../../shared/api/consent';
import { callerScope } from '../access/caller-scope';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { writeContext } from '../records/context';
import { CONSENTS } from './schema';

interface ConsentRow {
  id: string;
  patient_id: string;
  kind: ConsentView['kind'];
  purpose: string;
  notice_version: string;
  decision: ConsentView['decision'];
  decided_at: string;
  created_by: string;
  recorded_by_name: string | null;
}

/** The patient, if the caller may see them; consent of a hidden patient is hidden too. */
export function visiblePatientId(ctx: CommandContext, patientId: string): string {
  if (ctx.session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  const scope = callerScope(ctx);
  if (ctx.services.patients.get(patientId, scope, ctx.now) === null) {
    throw new CommandError('NOT_FOUND', 'No patient with that record, or it is not available to your role.');
  }
  ctx.setAuditPatient(patientId);
  return patientId;
}

function consentState(ctx: CommandContext, patientId: string): ConsentState {
  const rows = ctx.store.db
    .prepare(
      `SELECT c.*, u.display_name AS recorded_by_name FROM consents c LEFT JOIN users u ON u.id = c.created_by
       WHERE c.patient_id = ? ORDER BY c.decided_at DESC, c.hlc DESC`,
    )
    .all(patientId) as ConsentRow[];
  const history: ConsentView[] = rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    purpose: row.purpose,
    noticeVersion: row.notice_version,
    decision: row.decision,
    decidedAt: row.decided_at,
    recordedBy: row.created_by,
    recordedByName: row.recorded_by_name,
  }));
  return {
    care: history.find((entry) => entry.kind === 'care') ?? null,
    dataProcessing: history.find((entry) => entry.kind === 'data_processing') ?? null,
    history,
  };
}

export const recordConsent = defineCommand({
  name: 'consent.record',
  access: 'consent.record',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'consent' },
  handler(ctx, input) {
    const patientId = visiblePatientId(ctx, input.patientId);
    const current = consentState(ctx, patientId)[input.kind === 'care' ? 'care' : 'dataProcessing'];
    if (input.decision === 'withdrawn' && current?.decision !== 'given') {
      throw new CommandError('CONFLICT', 'Only consent that was given can be withdrawn.');
    }
    const id = ctx.services.records.insert(
      CONSENTS,
      {
        patient_id: patientId,
        kind: input.kind,
        purpose: input.purpose,
        notice_version: input.noticeVersion,
        decision: input.decision,
        decided_at: ctx.now.toISOString(),
      },
      writeContext(ctx),
    );
    ctx.setAuditResource(id);
    return consentState(ctx, patientId);
  },
});

export const consentForPatient = defineCommand({
  name: 'consent.forPatient',
  access: 'consent.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'patient' },
  handler(ctx, input) {
    ctx.setAuditResource(input.patientId);
    return consentState(ctx, visiblePatientId(ctx, input.patientId));
  },
});

export const consentCommands = [recordConsent, consentForPatient] as const;
