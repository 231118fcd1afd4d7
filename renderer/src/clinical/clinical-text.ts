import type { PatientSummary } from '../../../shared/api/patients';
import { STAGE_LABEL, type VisitStage, type VisitView } from '../../../shared/api/visits';
import { SENSITIVITY_LABEL, type Sensitivity } from '../../../shared/security/sensitivity';
import { ageText } from '../patients/patient-text';

/** The stages a visit waits at, in the order a patient goes through them. */
export const QUEUE_STAGES = ['triage', 'clinician', 'lab', 'pharmacy'] as const satisfies readonly VisitStage[];
export type QueueStage = (typeof QUEUE_STAGES)[number];

/** The screen that does a stage's work; also the last part of the visit's address. */
export const WORKSPACES = ['triage', 'consultation', 'lab', 'pharmacy'] as const;
export type Workspace = (typeof WORKSPACES)[number];

export const STAGE_WORKSPACE: Readonly<Record<QueueStage, Workspace>> = {
  triage: 'triage',
  clinician: 'consultation',
  lab: 'lab',
  pharmacy: 'pharmacy',
};

export const WORKSPACE_LABEL: Readonly<Record<Workspace, string>> = {
  triage: 'Triage',
  consultation: 'Consultation',
  lab: 'Laboratory',
  pharmacy: 'Pharmacy',
};

export function isWorkspace(value: string | undefined): value is Workspace {
  return value !== undefined && (WORKSPACES as readonly string[]).includes(value);
}

/** Where a visit is worked on at a stage: `/visits/<visit>/<workspace>` (core finds the patient from the visit). */
export function visitPath(visit: Pick<VisitView, 'id'>, workspace: Workspace): string {
  return `/visits/${visit.id}/${workspace}`;
}

/** The patient's chart (the patients screens' route). */
export function chartPath(patientId: string): string {
  return `/patients/${patientId}`;
}

/** The workspace a visit at this stage opens in; a closed visit opens where clinicians review it. */
export function workspaceFor(stage: VisitStage): Workspace {
  return stage === 'done' ? 'consultation' : STAGE_WORKSPACE[stage];
}

const SEX_SHORT: Readonly<Record<PatientSummary['sex'], string>> = { female: 'F', male: 'M', intersex: 'I' };

/** "F, 36 years": what a queue row and the visit banner say about age and sex. */
export function ageSexText(patient: Pick<PatientSummary, 'sex' | 'ageYears'>): string {
  return `${SEX_SHORT[patient.sex]}, ${ageText(patient.ageYears)}`;
}

/** "New attendance" / "Re-attendance" (MOH 705: first visit this calendar year or not). */
export const ATTENDANCE_LABEL: Readonly<Record<VisitView['attendance'], string>> = {
  new: 'New attendance',
  revisit: 'Re-attendance',
};

export const OUTCOME_LABEL: Readonly<Record<NonNullable<VisitView['outcome']>, string>> = {
  discharged: 'Discharged',
  referred_out: 'Referred out',
  admitted: 'Admitted',
  died: 'Died',
};

/** "Referred out to Kilifi County Hospital". */
export function outcomeText(visit: Pick<VisitView, 'outcome' | 'referralDestination'>): string {
  if (visit.outcome === null) return 'Open';
  const label = OUTCOME_LABEL[visit.outcome];
  return visit.outcome === 'referred_out' && visit.referralDestination !== null
    ? `${label} to ${visit.referralDestination}`
    : label;
}

export function stageLabel(stage: VisitStage): string {
  return STAGE_LABEL[stage];
}

/**
 * How long someone has waited: "just now", "12 min", "1 h 05 min", "2 days".
 * Clocks differ between workstations; a check-in "in the future" reads as just now.
 */
export function waitingText(since: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(since)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** Waits worth a second look: an hour or more. */
export function isLongWait(since: string, now: number): boolean {
  return now - Date.parse(since) >= 60 * 60_000;
}

/** "HIV — restricted": the tag beside a sensitive diagnosis or note; null for ordinary records. */
export function sensitivityTag(sensitivity: Sensitivity): string | null {
  return sensitivity === 'none' ? null : `${SENSITIVITY_LABEL[sensitivity]} — restricted`;
}

/** " by you", " by Jane Wanjiru", or nothing when the recorder's account is not known on this workstation. */
export function byText(recordedBy: string, name: string | null, me: string | undefined): string {
  if (recordedBy === me) return ' by you';
  return name === null ? '' : ` by ${name}`;
}
