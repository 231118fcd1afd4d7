import type { z } from 'zod';
import type { NoteView, noteContent } from '../../../shared/api/notes';
import { callerScope } from '../access/caller-scope';
import { canSee, visibleRowsCondition } from '../access/sensitivity';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { CLINICAL_NOTES } from '../consent/schema';
import { writeContext } from '../records/context';
import { openVisit, visibleVisit } from '../visits/commands';

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

const SELECT = `SELECT n.*, u.display_name AS written_by_name,
  (SELECT s.id FROM clinical_notes s WHERE s.supersedes_id = n.id ORDER BY s.hlc DESC LIMIT 1) AS superseded_by
  FROM clinical_notes n LEFT JOIN users u ON u.id = n.created_by`;

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
  return toView(ctx.store.db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as NoteRow);
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
    const row = ctx.store.db.prepare(`${SELECT} WHERE n.id = ?`).get(input.noteId) as NoteRow | undefined;
    if (row === undefined || !canSee(callerScope(ctx), { sensitivity: row.sensitivity, patientId: row.patient_id })) {
      throw new CommandError('NOT_FOUND', 'That note does not exist, or it is not available to your role.');
    }
    if (row.superseded_by !== null)
      throw new CommandError('CONFLICT', 'That note was already amended; amend the latest version.');
    const visit = visibleVisit(ctx, row.visit_id);
    ctx.setAuditPurpose(`amends ${row.id}`);
    return insertNote(ctx, visit, input.note, { id: row.id, reason: input.reason });
  },
});

export const notesForVisit = defineCommand({
  name: 'notes.forVisit',
  access: 'notes.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'note' },
  handler(ctx, input) {
    const visit = visibleVisit(ctx, input.visitId);
    const visible = visibleRowsCondition(callerScope(ctx), { sensitivity: 'n.sensitivity', patientId: 'n.patient_id' });
    const rows = ctx.store.db
      .prepare(`${SELECT} WHERE n.visit_id = ? AND ${visible.sql} ORDER BY n.created_at, n.hlc`)
      .all(visit.id, ...visible.params) as NoteRow[];
    ctx.setAuditRecordCount(rows.length);
    return rows.map(toView);
  },
});

export const noteCommands = [writeNote, amendNote, notesForVisit] as const;
