import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { AllergyView } from '../../../shared/api/allergies';
import type { PatientView } from '../../../shared/api/patients';
import type { VisitView } from '../../../shared/api/visits';
import { useCan } from '../identity/identity-store';
import { fullName, severityWord } from '../patients/patient-text';
import { Notice } from '../ui/form';
import { formatClock } from '../ui/local-time';
import {
  attendanceLabel,
  WORKSPACES,
  workspaceLabel,
  ageSexText,
  chartPath,
  isWorkspace,
  outcomeText,
  stageLabel,
  visitPath,
  waitingText,
  workspaceFor,
  type Workspace,
} from './clinical-text';
import { ConsultationScreen } from './ConsultationScreen';
import { LabScreen } from './LabScreen';
import { PharmacyScreen } from './PharmacyScreen';
import { TriageScreen } from './TriageScreen';
import { useVisitStore, type VisitSections } from './visit-store';
import { CloseVisitForm, MoveStageButtons } from './VisitActions';
import { Trans, useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which screens of a visit the user can use: each needs the permission to read what it is about. */
function useWorkspaceAccess(): Readonly<Record<Workspace, boolean>> {
  const vitals = useCan('vitals.read');
  const diagnoses = useCan('diagnoses.read');
  const notes = useCan('notes.read');
  const labs = useCan('labs.read');
  const prescriptions = useCan('prescriptions.read');
  const dispensing = useCan('dispensing.read');
  return { triage: vitals, consultation: diagnoses || notes, lab: labs, pharmacy: prescriptions || dispensing };
}

/**
 * One visit at one stage's screen: `/visits/<visit>/<triage|consultation|lab|pharmacy>`.
 * The patient banner and the stage actions are the same on every screen.
 */
export function VisitScreen() {
  const { t } = useTranslation();
  const params = useParams();
  const visitId = params['visitId'] ?? '';
  const workspace: Workspace = isWorkspace(params['workspace']) ? params['workspace'] : 'triage';
  const canReadVitals = useCan('vitals.read');
  const canReadDiagnoses = useCan('diagnoses.read');
  const canReadNotes = useCan('notes.read');
  const canReadPrescriptions = useCan('prescriptions.read');
  const canReadLabs = useCan('labs.read');
  const canReadPatients = useCan('patients.read');
  const sections: VisitSections = {
    vitals: canReadVitals && (workspace === 'triage' || workspace === 'consultation'),
    diagnoses: canReadDiagnoses && workspace !== 'triage',
    notes: canReadNotes && workspace === 'consultation',
    prescriptions: canReadPrescriptions && (workspace === 'consultation' || workspace === 'pharmacy'),
    labs: canReadLabs && (workspace === 'consultation' || workspace === 'lab'),
    allergies: canReadPatients && (workspace === 'consultation' || workspace === 'pharmacy'),
  };
  const valid = UUID.test(visitId);
  const store = useVisitStore();

  // One key for what is read, so the effect runs when (and only when) that changes.
  const wanted = JSON.stringify(sections);
  useEffect(() => {
    if (valid) void useVisitStore.getState().open(visitId, JSON.parse(wanted) as VisitSections);
  }, [valid, visitId, wanted]);

  if (!valid) {
    return (
      <section className="page" aria-labelledby="visit-title">
        <h1 id="visit-title">{t('clinical.visitScreen.visitNotFound')}</h1>
        <p>
          <Trans i18nKey="clinical.visitScreen.notAVisit" components={{ link: <Link to="/queue" /> }} />
        </p>
      </section>
    );
  }
  const ready = store.visitId === visitId && store.patient !== null && store.visit !== null;
  if (!ready || store.patient === null || store.visit === null) {
    return (
      <section className="page" aria-labelledby="visit-title">
        <p className="breadcrumb">
          <Link to="/queue">{t('clinical.visitScreen.queue2')}</Link> ›
        </p>
        <h1 id="visit-title">
          {store.problem === null
            ? t('clinical.visitScreen.openingTheVisit')
            : t('clinical.visitScreen.theVisitCannotBeShown')}
        </h1>
        {store.problem !== null && (
          <p role="alert" className="form-error">
            {store.problem}
          </p>
        )}
      </section>
    );
  }
  return (
    <VisitWorkspace
      key={`${visitId}-${workspace}`}
      workspace={workspace}
      patient={store.patient}
      visit={store.visit}
      problem={store.problem}
    />
  );
}

function VisitWorkspace({
  workspace,
  patient,
  visit,
  problem,
}: {
  workspace: Workspace;
  patient: PatientView;
  visit: VisitView;
  problem: string | null;
}) {
  const { t } = useTranslation();
  const { vitals, diagnoses, notes, prescriptions, labOrders, allergies } = useVisitStore();
  const canMove = useCan('encounters.update');
  const canClose = useCan('encounters.close');
  const [closing, setClosing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const name = fullName(patient);
  const open = visit.closedAt === null;

  const actions: ReactNode = open && (
    <>
      {canMove && workspace === 'triage' && (
        <MoveStageButtons visit={visit} patientName={name} targets={['clinician']} primary="clinician" />
      )}
      {canMove && workspace === 'consultation' && (
        <MoveStageButtons visit={visit} patientName={name} targets={['lab', 'pharmacy']} />
      )}
      {canMove && workspace === 'lab' && (
        <MoveStageButtons visit={visit} patientName={name} targets={['clinician', 'pharmacy']} primary="clinician" />
      )}
      {canMove && workspace === 'pharmacy' && (
        <MoveStageButtons visit={visit} patientName={name} targets={['clinician']} />
      )}
      {canClose && workspace !== 'triage' && !closing && (
        <button type="button" className="secondary" onClick={() => setClosing(true)}>
          {t('clinical.visitScreen.closeVisit')}
        </button>
      )}
    </>
  );

  return (
    <section aria-labelledby="visit-title" className="page page-wide visit-page">
      <p className="breadcrumb">
        <Link to="/queue">{t('clinical.visitScreen.queue2')}</Link> › {workspaceLabel(workspace)}
      </p>
      <VisitBanner patient={patient} visit={visit} actions={actions} allergies={allergies} />
      <WorkspaceNav visit={visit} current={workspace} />
      {closing && open && (
        <CloseVisitForm
          visit={visit}
          onCancel={() => setClosing(false)}
          onClosed={(closed) => {
            setClosing(false);
            setNotice(t('clinical.visitScreen.closedNotice', { outcome: outcomeText(closed) }));
          }}
        />
      )}
      <Notice message={notice} />
      {problem !== null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {workspace === 'triage' && <TriageScreen visit={visit} vitals={vitals} />}
      {workspace === 'consultation' && (
        <ConsultationScreen
          visit={visit}
          vitals={vitals}
          diagnoses={diagnoses}
          notes={notes}
          prescriptions={prescriptions}
          labOrders={labOrders}
        />
      )}
      {workspace === 'lab' && <LabScreen visit={visit} orders={labOrders} />}
      {workspace === 'pharmacy' && <PharmacyScreen visit={visit} patientName={name} prescriptions={prescriptions} />}
    </section>
  );
}

/** "just now" or "25 min ago". */
function sinceText(iso: string, now: number): string {
  // Under a minute waitingText says "just now", which takes no "ago".
  return now - Date.parse(iso) < 60_000
    ? waitingText(iso, now)
    : i18n.t('clinical.visitScreen.ago', { wait: waitingText(iso, now) });
}

/** The patient and the visit at a glance, with what can be done next. */
function VisitBanner({
  patient,
  visit,
  actions,
  allergies,
}: {
  patient: PatientView;
  visit: VisitView;
  actions: ReactNode;
  /** Shown where medicines are decided or handed out; null elsewhere. */
  allergies: readonly AllergyView[] | null;
}) {
  const { t } = useTranslation();
  const canReadCharts = useCan('patients.read');
  const [now] = useState(() => Date.now());
  const open = visit.closedAt === null;
  return (
    <header className="visit-banner">
      <div className="visit-who">
        <h1 id="visit-title">{fullName(patient)}</h1>
        <p className="visit-facts">
          <span>{ageSexText(patient)}</span>
          <span className="mono">{patient.patientNumber}</span>
          <span className={visit.attendance === 'new' ? 'tag tag-granted' : 'tag tag-muted'}>
            {attendanceLabel(visit.attendance)}
          </span>
          {open ? (
            <span>
              <Trans
                i18nKey="clinical.visitScreen.checkedInAt"
                values={{
                  checkedInAt: formatClock(visit.checkedInAt),
                  checkedInAt2: sinceText(visit.checkedInAt, now),
                  stage: stageLabel(visit.stage),
                }}
                components={{ strong: <strong /> }}
              />
            </span>
          ) : (
            <span className="tag tag-muted" data-testid="visit-closed">
              {t('clinical.visitScreen.closed', { visit: outcomeText(visit) })}
            </span>
          )}
          {visit.referredFrom !== null && (
            <span>{t('clinical.visitScreen.referredFrom', { referredFrom: visit.referredFrom })}</span>
          )}
          {canReadCharts && <Link to={chartPath(patient.id)}>{t('clinical.visitScreen.openChart')}</Link>}
        </p>
        {allergies !== null && <AllergyLine allergies={allergies} />}
      </div>
      <div className="visit-actions">{actions}</div>
    </header>
  );
}

/** "Allergies: Penicillin (severe, rash)" in the banner, or that none is recorded. */
function AllergyLine({ allergies }: { allergies: readonly AllergyView[] }) {
  const { t } = useTranslation();
  const active = allergies.filter((allergy) => allergy.active);
  if (active.length === 0)
    return <p className="visit-allergies muted">{t('clinical.visitScreen.noAllergiesRecorded')}</p>;
  return (
    <p className="visit-allergies visit-allergies-known" data-testid="allergies">
      <strong>{t('clinical.visitScreen.allergies')}</strong>{' '}
      {active
        .map((allergy) =>
          [allergy.allergen, [severityWord(allergy.severity), allergy.reaction].filter(Boolean).join(', ')]
            .filter((part) => part !== '')
            .join(' — '),
        )
        .join('; ')}
    </p>
  );
}

/** Links to the visit's other screens the user can use (a clinician checking triage, say). */
function WorkspaceNav({ visit, current }: { visit: VisitView; current: Workspace }) {
  const { t } = useTranslation();
  const access = useWorkspaceAccess();
  const usable = WORKSPACES.filter((workspace) => access[workspace]);
  if (usable.length < 2) return null;
  const atStage = visit.closedAt === null ? workspaceFor(visit.stage) : null;
  return (
    <nav className="workspace-nav" aria-label={t('clinical.visitScreen.visitScreens')}>
      {usable.map((workspace) => (
        <Link
          key={workspace}
          to={visitPath(visit, workspace)}
          className={workspace === current ? 'active' : undefined}
          aria-current={workspace === current ? 'page' : undefined}
        >
          {workspaceLabel(workspace)}
          {workspace === atStage && (
            <span className="visually-hidden">{t('clinical.visitScreen.whereThePatientIsNow')}</span>
          )}
          {workspace === atStage && <span className="stage-dot" aria-hidden="true" />}
        </Link>
      ))}
    </nav>
  );
}
