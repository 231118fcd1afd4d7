import { z } from 'zod';
import { SENSITIVITY_CATEGORIES } from '../security/sensitivity';

const section = z.string().trim().max(4000).optional();

export const noteContent = z
  .object({
    complaint: section,
    history: section,
    examination: section,
    plan: section,
    sensitivity: z.enum(SENSITIVITY_CATEGORIES).default('none'),
  })
  .strict()
  .refine(
    (note) =>
      [note.complaint, note.history, note.examination, note.plan].some((text) => text !== undefined && text.length > 0),
    {
      message: 'Write at least one section',
    },
  );

export const noteView = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: z.string(),
  complaint: z.string().nullable(),
  history: z.string().nullable(),
  examination: z.string().nullable(),
  plan: z.string().nullable(),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
  writtenAt: z.string(),
  writtenBy: z.string(),
  writtenByName: z.string().nullable(),
  supersedesId: z.string().nullable(),
  amendmentReason: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export type NoteView = z.infer<typeof noteView>;

export const notesContract = {
  'notes.write': { input: z.object({ visitId: z.uuid(), note: noteContent }).strict(), output: noteView },
  'notes.amend': {
    input: z
      .object({
        noteId: z.uuid(),
        note: noteContent,
        reason: z.string().trim().min(5, 'Say why the note is amended').max(300),
      })
      .strict(),
    output: noteView,
  },
  'notes.forVisit': { input: z.object({ visitId: z.uuid() }).strict(), output: z.array(noteView) },
} as const;
