import type { PatientSummary } from '../../../shared/api/patients';
import type { VisitStage, VisitView } from '../../../shared/api/visits';
import type { Sensitivity } from '../../../shared/security/sensitivity';
import { i18n } from '../i18n';
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

/** "Triage", "Consultation", "Laboratory", "Pharmacy" in the UI language. */
export function workspaceLabel(workspace: Workspace): string {
  return i18n.t(`clinical.text.workspace.${workspace}`);
}

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

/** "F, 36 years": what a queue row and the visit banner say about age and sex. */
export function ageSexText(patient: Pick<PatientSummary, 'sex' | 'ageYears'>): string {
  return i18n.t('clinical.text.ageSex', {
    sex: i18n.t(`clinical.text.sexShort.${patient.sex}`),
    age: ageText(patient.ageYears),
  });
}

/** "New attendance" / "Re-attendance" (MOH 705: first visit this calendar year or not). */
export function attendanceLabel(attendance: VisitView['attendance']): string {
  return i18n.t(`clinical.text.attendance.${attendance}`);
}

export function outcomeLabel(outcome: NonNullable<VisitView['outcome']>): string {
  return i18n.t(`clinical.text.outcome.${outcome}`);
}

/** "Referred out to Kilifi County Hospital". */
export function outcomeText(visit: Pick<VisitView, 'outcome' | 'referralDestination'>): string {
  if (visit.outcome === null) return i18n.t('clinical.text.outcomeOpen');
  const label = outcomeLabel(visit.outcome);
  return visit.outcome === 'referred_out' && visit.referralDestination !== null
    ? i18n.t('clinical.text.outcomeTo', { outcome: label, destination: visit.referralDestination })
    : label;
}

export function stageLabel(stage: VisitStage): string {
  return i18n.t(`clinical.text.stage.${stage}`);
}

/**
 * How long someone has waited: "just now", "12 min", "1 h 05 min", "2 days".
 * Clocks differ between workstations; a check-in "in the future" reads as just now.
 */
export function waitingText(since: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(since)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return i18n.t('clinical.text.justNow');
  if (minutes < 60) return i18n.t('clinical.text.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return i18n.t('clinical.text.hoursMinutes', { hours, minutes: String(minutes % 60).padStart(2, '0') });
  }
  return i18n.t('clinical.text.days', { count: Math.floor(hours / 24) });
}

/** Waits worth a second look: an hour or more. */
export function isLongWait(since: string, now: number): boolean {
  return now - Date.parse(since) >= 60 * 60_000;
}

/** "HIV — restricted": the tag beside a sensitive diagnosis or note; null for ordinary records. */
export function sensitivityTag(sensitivity: Sensitivity): string | null {
  return sensitivity === 'none'
    ? null
    : i18n.t('clinical.text.restricted', { category: sensitivityLabel(sensitivity) });
}

/** The sensitivity category's name in the UI language (shared/ holds the English one). */
export function sensitivityLabel(sensitivity: Sensitivity): string {
  return i18n.t(`clinical.text.sensitivity.${sensitivity}`);
}

/** " by you", " by Jane Wanjiru", or nothing when the recorder's account is not known on this workstation. */
export function byText(recordedBy: string, name: string | null, me: string | undefined): string {
  if (recordedBy === me) return i18n.t('clinical.text.byYou');
  return name === null ? '' : i18n.t('clinical.text.byName', { name });
}
