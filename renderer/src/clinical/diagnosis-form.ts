import { z } from 'zod';
import { i18n } from '../i18n';
import { issueText, message } from '../i18n/validation';
import { diagnosesContract, diagnosisInput } from '../../../shared/api/diagnoses';
import type { CommandFailure } from '../../../shared/api/errors';
import { SENSITIVITY_CATEGORIES, type Sensitivity } from '../../../shared/security/sensitivity';

/** The diagnosis form as a person fills it in: from the list or free text, and the episode. */
export interface DiagnosisEntry {
  kind: 'coded' | 'free_text';
  code: string;
  text: string;
  sensitivity: Sensitivity;
  episode: 'new' | 'repeat';
}

export const DIAGNOSIS_FIELDS = ['kind', 'code', 'text', 'sensitivity', 'episode'] as const;

export const EMPTY_DIAGNOSIS: DiagnosisEntry = {
  kind: 'coded',
  code: '',
  text: '',
  sensitivity: 'none',
  episode: 'new',
};

/** The contract's diagnosis for what was entered. */
export function toDiagnosisInput(entry: DiagnosisEntry): z.input<typeof diagnosisInput> {
  return {
    diagnosis:
      entry.kind === 'coded'
        ? { kind: 'coded', code: entry.code }
        : { kind: 'free_text', text: entry.text, sensitivity: entry.sensitivity },
    episode: entry.episode,
  };
}

/** Where the contract's paths are on this form: `diagnosis.code` → `code`, `correction.episode` → `episode`. */
function formPath(path: readonly PropertyKey[]): string {
  const parts = path.map(String).filter((part) => part !== 'diagnosis' && part !== 'correction');
  return parts[0] ?? 'root';
}

function checkDiagnosis(entry: DiagnosisEntry, ctx: z.RefinementCtx): void {
  if (entry.kind === 'coded' && entry.code === '') {
    ctx.addIssue({ code: 'custom', path: ['code'], message: i18n.t('clinical.diagnosisForm.chooseDiagnosis') });
    return;
  }
  const parsed = diagnosisInput.safeParse(toDiagnosisInput(entry));
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', message: issueText(issue), path: [formPath(issue.path)] });
  }
}

const entryShape = {
  kind: z.enum(['coded', 'free_text']),
  code: z.string(),
  text: z.string(),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
  episode: z.enum(['new', 'repeat'], message('clinical.diagnosisForm.chooseEpisode')),
};

/** Recording a diagnosis: the shared contract's rules, each message on its field. */
export const diagnosisForm = z.object(entryShape).superRefine(checkDiagnosis);

const amendReason = diagnosesContract['diagnoses.amend'].input.shape.reason;

export type DiagnosisCorrectionEntry = DiagnosisEntry & { reason: string };

/** Correcting one: the corrected diagnosis and why. */
export const diagnosisCorrectionForm = z.object({ ...entryShape, reason: z.string() }).superRefine((entry, ctx) => {
  checkDiagnosis(entry, ctx);
  checkReason(entry.reason, ctx);
});

/** Retracting one (entered in error): only why. */
export const retractForm = z.object({ reason: z.string() }).superRefine((entry, ctx) => checkReason(entry.reason, ctx));

function checkReason(reason: string, ctx: z.RefinementCtx): void {
  const parsed = amendReason.safeParse(reason);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issueText(issue), path: ['reason'] });
  }
}

/** Core's VALIDATION paths (`diagnosis.code`, `correction.diagnosis.text`) moved onto this form's fields. */
export function onDiagnosisFields(failure: CommandFailure): CommandFailure {
  if (failure.issues === undefined) return failure;
  return {
    ...failure,
    issues: failure.issues.map((issue) => ({
      ...issue,
      path: issue.path === '' ? '' : formPath(issue.path.split('.')),
    })),
  };
}
