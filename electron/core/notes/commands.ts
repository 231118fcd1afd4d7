import type { z } from 'zod';
import type { NoteView, noteContent } from '../../../shared/api/notes';
import { defineCommand, type CommandContext } from '../commands/types';
import { CLINICAL_NOTES } from '../consent/schema';
import { writeContext } from '../records/context';
import { currentVersionToAmend, readRow, visibleRowsOfVisit, type AmendableTable } from '../visits/amendable';
import { openVisit } from '../visits/commands';

type NoteRow = {
  id: string;
  patient_id: string;
  visit_id: string;
  complaint: string | null;
  history: string | null;
  examination: string | null;
  plan: string | null;
  sensitivity: NoteView['sensitivity'];
  created_at: string;
  created_by: string;
  written_by_name: string | null;
  supersedes_id: string | null;
  amendment_reason: string | null;
  superseded_by: string | null;
};

const TABLE: AmendableTable = {
  select: `SELECT n.*, u.display_name AS written_by_name,
  (SELECT s.id FROM clinical_notes s WHERE s.supersedes_id = n.id ORDER BY s.hlc DESC LIMIT 1) AS superseded_by
  FROM clinical_notes n LEFT JOIN users u ON u.id = n.created_by`,
  alias: 'n',
};

const toView = (row: NoteRow): NoteView => ({
  id: row.id,
  patientId: row.patient_id,
  visitId: row.visit_id,
  complaint: row.complaint,
  history: row.history,
  examination: row.examination,
  plan: row.plan,
  sensitivity: row.sensitivity,
  writtenAt: row.created_at,
  writtenBy: row.created_by,
  writtenByName: row.written_by_name,
  supersedesId: row.supersedes_id,
  amendmentReason: row.amendment_reason,
  supersededBy: row.superseded_by,
});

function insertNote(
  ctx: CommandContext,
  visit: { id: string; patientId: string },
  note: z.output<typeof noteContent>,
  amends?: { id: string; reason: string },
): NoteView {
  const id = ctx.services.records.insert(
    CLINICAL_NOTES,
    {
      patient_id: visit.patientId,
      visit_id: visit.id,
      complaint: note.complaint || null,
      history: note.history || null,
      examination: note.examination || null,
      plan: note.plan || null,
      sensitivity: note.sensitivity,
      supersedes_id: amends?.id ?? null,
      amendment_reason: amends?.reason ?? null,
    },
    writeContext(ctx),
  );
  ctx.setAuditResource(id);
  return toView(readRow<NoteRow>(ctx, TABLE, id));
}

export const writeNote = defineCommand({
  name: 'notes.write',
  access: 'notes.write',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'note' },
  handler: (ctx, input) => insertNote(ctx, openVisit(ctx, input.visitId), input.note),
});

export const amendNote = defineCommand({
  name: 'notes.amend',
  access: 'notes.amend',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'note' },
  handler(ctx, input) {
    const { row, visit } = currentVersionToAmend<NoteRow>(ctx, TABLE, input.noteId, {
      missing: 'That note does not exist, or it is not available to your role.',
      superseded: 'That note was already amended; amend the latest version.',
    });
    return insertNote(ctx, visit, input.note, { id: row.id, reason: input.reason });
  },
});

export const notesForVisit = defineCommand({
  name: 'notes.forVisit',
  access: 'notes.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'note' },
  handler: (ctx, input) => visibleRowsOfVisit<NoteRow>(ctx, TABLE, input.visitId).map(toView),
});

export const noteCommands = [writeNote, amendNote, notesForVisit] as const;
