import { useEffect, useRef } from 'react';
import type { DiagnosisView } from '../../../shared/api/diagnoses';
import type { LabOrderView } from '../../../shared/api/labs';
import type { NoteView } from '../../../shared/api/notes';
import type { PrescriptionView } from '../../../shared/api/prescriptions';
import type { VisitView } from '../../../shared/api/visits';
import type { VitalsView } from '../../../shared/api/vitals';
import { DiagnosesPanel } from './DiagnosesPanel';
import { LabOrdersPanel } from './LabOrders';
import { NotesPanel } from './NotesPanel';
import { PrescriptionsPanel } from './PrescriptionsPanel';
import { currentReading } from './vitals-form';
import { LatestReading } from './VitalsReadings';
import { useTranslation } from 'react-i18next';

interface ConsultationScreenProps {
  visit: VisitView;
  /** Each list as core returned it; null when the user may not read it. */
  vitals: readonly VitalsView[] | null;
  diagnoses: readonly DiagnosisView[] | null;
  notes: readonly NoteView[] | null;
  prescriptions: readonly PrescriptionView[] | null;
  labOrders: readonly LabOrderView[] | null;
}

/**
 * Alt+D: the diagnosis search; Alt+N: the note's first section. Two shortcuts
 * only, shown beside what they reach, for the two things typed on every visit.
 */
function useConsultationShortcuts(
  diagnosis: { current: HTMLInputElement | null },
  note: { current: HTMLTextAreaElement | null },
) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.code === 'KeyD' ? diagnosis.current : event.code === 'KeyN' ? note.current : null;
      if (target === null) return;
      event.preventDefault();
      target.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [diagnosis, note]);
}

/**
 * The clinician's screen for a visit: the latest vitals with their flags,
 * then diagnoses and prescriptions beside the clinical note and lab tests.
 * Each part shows only when the user may read it. Stage moves and closing
 * are in the visit banner above.
 */
export function ConsultationScreen({
  visit,
  vitals,
  diagnoses,
  notes,
  prescriptions,
  labOrders,
}: ConsultationScreenProps) {
  const { t } = useTranslation();
  const diagnosisSearch = useRef<HTMLInputElement | null>(null);
  const noteStart = useRef<HTMLTextAreaElement | null>(null);
  useConsultationShortcuts(diagnosisSearch, noteStart);
  const open = visit.closedAt === null;

  return (
    <div className="consultation">
      {vitals !== null && (
        <LatestReading reading={currentReading(vitals)} title={t('clinical.consultationScreen.vitals')} />
      )}
      <div className="workspace-columns">
        <div>
          {diagnoses !== null && (
            <DiagnosesPanel visitId={visit.id} diagnoses={diagnoses} visitOpen={open} pickerRef={diagnosisSearch} />
          )}
          {prescriptions !== null && (
            <PrescriptionsPanel visitId={visit.id} prescriptions={prescriptions} visitOpen={open} />
          )}
        </div>
        <div>
          {notes !== null && <NotesPanel visitId={visit.id} notes={notes} visitOpen={open} firstFieldRef={noteStart} />}
          {labOrders !== null && <LabOrdersPanel visitId={visit.id} orders={labOrders} visitOpen={open} />}
        </div>
      </div>
    </div>
  );
}
