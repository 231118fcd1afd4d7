import type { z } from 'zod';
import type { DiagnosisView, diagnosisInput } from '../../../shared/api/diagnoses';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { writeContext } from '../records/context';
import { currentVersionToAmend, readRow, visibleRowsOfVisit, type AmendableTable } from '../visits/amendable';
import { openVisit } from '../visits/commands';
import { DIAGNOSES } from './schema';

type DiagnosisRow = {
  id: string;
  patient_id: string;
  visit_id: string;
  code: string | null;
  label: string;
  icd10: string;
  episode: DiagnosisView['episode'];
  sensitivity: DiagnosisView['sensitivity'];
  status: DiagnosisView['status'];
  created_at: string;
  created_by: string;
  recorded_by_name: string | null;
  supersedes_id: string | null;
  amendment_reason: string | null;
  superseded_by: string | null;
};

const TABLE: AmendableTable = {
  select: `SELECT d.*, u.display_name AS recorded_by_name,
  (SELECT s.id FROM diagnoses s WHERE s.supersedes_id = d.id ORDER BY s.hlc DESC LIMIT 1) AS superseded_by
  FROM diagnoses d LEFT JOIN users u ON u.id = d.created_by`,
  alias: 'd',
};

const toView = (row: DiagnosisRow): DiagnosisView => ({
  id: row.id,
  patientId: row.patient_id,
  visitId: row.visit_id,
  code: row.code,
  label: row.label,
  icd10: JSON.parse(row.icd10) as string[],
  episode: row.episode,
  sensitivity: row.sensitivity,
  status: row.status,
  recordedAt: row.created_at,
  recordedBy: row.created_by,
  recordedByName: row.recorded_by_name,
  supersedesId: row.supersedes_id,
  amendmentReason: row.amendment_reason,
  supersededBy: row.superseded_by,
});

/** Coded diagnoses take label, ICD-10 and sensitivity from the shipped list, so they count in MOH 705. */
function columnsFor(ctx: CommandContext, input: z.output<typeof diagnosisInput>) {
  const { diagnosis } = input;
  if (diagnosis.kind === 'free_text') {
    return {
      code: null,
      label: diagnosis.text,
      icd10: '[]',
      sensitivity: diagnosis.sensitivity,
      episode: input.episode,
    };
  }
  const entry = ctx.services.reference.diagnosis(diagnosis.code);
  if (entry === undefined) {
    throw new CommandError('VALIDATION', 'Choose a diagnosis from the list.', {
      issues: [{ path: 'diagnosis.code', message: 'Not in the diagnosis list' }],
    });
  }
  return {
    code: entry.code,
    label: entry.label,
    icd10: JSON.stringify(entry.icd10),
    sensitivity: entry.sensitivity,
    episode: input.episode,
  };
}

function insertDiagnosis(
  ctx: CommandContext,
  visit: { id: string; patientId: string },
  columns: ReturnType<typeof columnsFor>,
  status: DiagnosisView['status'],
  amends?: { id: string; reason: string },
): DiagnosisView {
  const id = ctx.services.records.insert(
    DIAGNOSES,
    {
      ...columns,
      patient_id: visit.patientId,
      visit_id: visit.id,
      status,
      supersedes_id: amends?.id ?? null,
      amendment_reason: amends?.reason ?? null,
    },
    writeContext(ctx),
  );
  ctx.setAuditResource(id);
  return toView(readRow<DiagnosisRow>(ctx, TABLE, id));
}

export const searchDiagnosisList = defineCommand({
  name: 'reference.searchDiagnoses',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'reference' },
  handler: (ctx, input) => ctx.services.reference.searchDiagnoses(input.query, 20),
});

export const recordDiagnosis = defineCommand({
  name: 'diagnoses.record',
  access: 'diagnoses.record',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'diagnosis' },
  handler(ctx, input) {
    const visit = openVisit(ctx, input.visitId);
    return insertDiagnosis(ctx, visit, columnsFor(ctx, input), 'active');
  },
});

export const amendDiagnosis = defineCommand({
  name: 'diagnoses.amend',
  access: 'diagnoses.amend',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'diagnosis' },
  handler(ctx, input) {
    const { row, visit } = currentVersionToAmend<DiagnosisRow>(ctx, TABLE, input.diagnosisId, {
      missing: 'That diagnosis does not exist, or it is not available to your role.',
      superseded: 'That diagnosis was already corrected; correct the latest one.',
    });
    const amends = { id: row.id, reason: input.reason };
    if (input.correction === null) {
      const { code, label, icd10, sensitivity, episode } = row;
      return insertDiagnosis(ctx, visit, { code, label, icd10, sensitivity, episode }, 'retracted', amends);
    }
    return insertDiagnosis(ctx, visit, columnsFor(ctx, input.correction), 'active', amends);
  },
});

export const diagnosesForVisit = defineCommand({
  name: 'diagnoses.forVisit',
  access: 'diagnoses.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'diagnosis' },
  handler: (ctx, input) => visibleRowsOfVisit<DiagnosisRow>(ctx, TABLE, input.visitId).map(toView),
});

export const diagnosisCommands = [searchDiagnosisList, recordDiagnosis, amendDiagnosis, diagnosesForVisit] as const;
