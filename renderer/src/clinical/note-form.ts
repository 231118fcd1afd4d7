import { z } from 'zod';
import { i18n } from '../i18n';
import { issueText } from '../i18n/validation';
import type { CommandFailure } from '../../../shared/api/errors';
import { noteContent, notesContract, type NoteView } from '../../../shared/api/notes';
import { SENSITIVITY_CATEGORIES, type Sensitivity } from '../../../shared/security/sensitivity';

export const NOTE_SECTIONS = ['complaint', 'history', 'examination', 'plan'] as const;
export type NoteSection = (typeof NOTE_SECTIONS)[number];

/** "Presenting complaint", "History", …: a note section's heading in the UI language. */
export function sectionLabel(section: NoteSection): string {
  return i18n.t(`clinical.noteForm.section.${section}`);
}

export interface NoteEntry {
  complaint: string;
  history: string;
  examination: string;
  plan: string;
  sensitivity: Sensitivity;
}

export const NOTE_FIELDS = [...NOTE_SECTIONS, 'sensitivity'] as const;

export const EMPTY_NOTE: NoteEntry = { complaint: '', history: '', examination: '', plan: '', sensitivity: 'none' };

/** A note's sections back as text, for amending it. */
export function toNoteEntry(note: NoteView): NoteEntry {
  return {
    complaint: note.complaint ?? '',
    history: note.history ?? '',
    examination: note.examination ?? '',
    plan: note.plan ?? '',
    sensitivity: note.sensitivity,
  };
}

function checkNote(entry: NoteEntry, ctx: z.RefinementCtx): void {
  const parsed = noteContent.safeParse(entry);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    ctx.addIssue({
      code: 'custom',
      message: issueText(issue),
      path: typeof field === 'string' && field !== '' ? [field] : ['root'],
    });
  }
}

const entryShape = {
  complaint: z.string(),
  history: z.string(),
  examination: z.string(),
  plan: z.string(),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
};

/** Writing a note: the shared contract's rules (at least one section), each message on its field. */
export const noteForm = z.object(entryShape).superRefine(checkNote);

export type NoteAmendmentEntry = NoteEntry & { reason: string };

const amendReason = notesContract['notes.amend'].input.shape.reason;

export const noteAmendmentForm = z.object({ ...entryShape, reason: z.string() }).superRefine((entry, ctx) => {
  checkNote(entry, ctx);
  const reason = amendReason.safeParse(entry.reason);
  if (!reason.success) {
    for (const issue of reason.error.issues)
      ctx.addIssue({ code: 'custom', message: issueText(issue), path: ['reason'] });
  }
});

/** Core's VALIDATION paths (`note.plan`) moved onto this form's fields; a path of the whole note goes to the form. */
export function onNoteFields(failure: CommandFailure): CommandFailure {
  if (failure.issues === undefined) return failure;
  return {
    ...failure,
    issues: failure.issues.map((issue) => ({
      ...issue,
      path: issue.path.startsWith('note.') ? issue.path.slice('note.'.length) : issue.path === 'note' ? '' : issue.path,
    })),
  };
}
