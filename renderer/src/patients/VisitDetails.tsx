import { useEffect, useState, type ReactNode } from 'react';
import type { DiagnosisView } from '../../../shared/api/diagnoses';
import type { CommandResult } from '../../../shared/api/errors';
import type { LabOrderView, LabResultView } from '../../../shared/api/labs';
import type { NoteView } from '../../../shared/api/notes';
import type { PrescriptionView } from '../../../shared/api/prescriptions';
import type { VitalsView } from '../../../shared/api/vitals';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { formatClock } from '../ui/local-time';
import { useChartStore } from './chart-store';
import { vitalReadings } from './visit-text';
import { sensitivityLabel } from '../clinical/clinical-text';
import { dispensingLabel, frequencyLabel, routeLabel } from '../clinical/prescription-form';
import { labFlagLabel } from '../clinical/LabOrders';
import { vitalFlagText } from '../clinical/vital-text';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

interface Loaded<T> {
  value: readonly T[] | null;
  error: string | null;
}

const NOT_LOADED = { value: null, error: null } as const;

/**
 * Reads one list of a visit while the visit is shown, and again after the
 * chart is re-read (e.g. emergency access made hidden records visible); the
 * last answer stays on screen until the next arrives.
 */
function useVisitList<T>(
  enabled: boolean,
  visitId: string,
  read: (visitId: string) => Promise<CommandResult<readonly T[]>>,
): Loaded<T> {
  const revision = useChartStore((store) => store.revision);
  const [list, setList] = useState<Loaded<T>>(NOT_LOADED);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void read(visitId).then((result) => {
      if (current) setList(result.ok ? { value: result.value, error: null } : { value: null, error: result.message });
    });
    return () => {
      current = false;
    };
  }, [enabled, visitId, revision, read]);
  return list;
}

const readVitals = (visitId: string) => runCommand(() => clinic().vitals.forVisit({ visitId }));
const readDiagnoses = (visitId: string) => runCommand(() => clinic().diagnoses.forVisit({ visitId }));
const readNotes = (visitId: string) => runCommand(() => clinic().notes.forVisit({ visitId }));
const readPrescriptions = (visitId: string) => runCommand(() => clinic().prescriptions.forVisit({ visitId }));
const readLabs = (visitId: string) => runCommand(() => clinic().labs.forVisit({ visitId }));

/** What was recorded in one visit: vital signs, diagnoses and notes, with every correction visible. */
export function VisitDetails({ visitId }: { visitId: string }) {
  const { t } = useTranslation();
  const can = {
    vitals: useCan('vitals.read'),
    diagnoses: useCan('diagnoses.read'),
    notes: useCan('notes.read'),
    prescriptions: useCan('prescriptions.read'),
    labs: useCan('labs.read'),
  };
  const vitals = useVisitList(can.vitals, visitId, readVitals);
  const diagnoses = useVisitList(can.diagnoses, visitId, readDiagnoses);
  const notes = useVisitList(can.notes, visitId, readNotes);
  const prescriptions = useVisitList(can.prescriptions, visitId, readPrescriptions);
  const labs = useVisitList(can.labs, visitId, readLabs);
  if (!Object.values(can).some(Boolean)) {
    return <p className="muted visit-part">{t('patients.visitDetails.theClinicalDetailsOfVisits')}</p>;
  }
  return (
    <div className="visit-details">
      {can.vitals && (
        <VisitPart
          title={t('patients.visitDetails.vitalSigns')}
          loaded={vitals}
          empty={t('patients.visitDetails.noVitalSignsRecorded')}
        >
          {(list) => <VitalsList vitals={list} />}
        </VisitPart>
      )}
      {can.diagnoses && (
        <VisitPart
          title={t('patients.visitDetails.diagnoses')}
          loaded={diagnoses}
          empty={t('patients.visitDetails.noDiagnosesRecorded')}
        >
          {(list) => <DiagnosesList diagnoses={list} />}
        </VisitPart>
      )}
      {can.notes && (
        <VisitPart
          title={t('patients.visitDetails.notes')}
          loaded={notes}
          empty={t('patients.visitDetails.noNotesWritten')}
        >
          {(list) => <NotesList notes={list} />}
        </VisitPart>
      )}
      {can.labs && (
        <VisitPart
          title={t('patients.visitDetails.labTests')}
          loaded={labs}
          empty={t('patients.visitDetails.noLabTestsOrdered')}
        >
          {(list) => <LabList orders={list} />}
        </VisitPart>
      )}
      {can.prescriptions && (
        <VisitPart
          title={t('patients.visitDetails.prescriptions')}
          loaded={prescriptions}
          empty={t('patients.visitDetails.nothingPrescribed')}
        >
          {(list) => <PrescriptionList prescriptions={list} />}
        </VisitPart>
      )}
    </div>
  );
}

function VisitPart<T>({
  title,
  loaded,
  empty,
  children,
}: {
  title: string;
  loaded: Loaded<T>;
  empty: string;
  children(list: readonly T[]): ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="visit-part">
      <h3>{title}</h3>
      {loaded.error !== null && (
        <p role="alert" className="form-error">
          {loaded.error}
        </p>
      )}
      {loaded.value === null && loaded.error === null && <p className="muted">{t('patients.visitDetails.loading')}</p>}
      {loaded.value !== null && loaded.value.length === 0 && <p className="muted">{empty}</p>}
      {loaded.value !== null && loaded.value.length > 0 && children(loaded.value)}
    </section>
  );
}

function VitalsList({ vitals }: { vitals: readonly VitalsView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="chart-entries">
      {vitals.map((reading) => {
        const superseded = reading.supersededBy !== null;
        return (
          <li key={reading.id} className={superseded ? 'chart-entry chart-entry-struck' : 'chart-entry'}>
            <p className="chart-entry-head">
              <time dateTime={reading.recordedAt}>{formatClock(reading.recordedAt)}</time>
              {reading.recordedByName !== null && <span className="muted">{reading.recordedByName}</span>}
              {superseded && (
                <span className="tag tag-muted">{t('patients.visitDetails.correctedLaterKeptForThe')}</span>
              )}
              {reading.supersedesId !== null && reading.amendmentReason !== null && (
                <span className="chart-amendment">
                  {t('patients.visitDetails.correction', { amendmentReason: reading.amendmentReason })}
                </span>
              )}
            </p>
            <ul
              className="chart-vitals"
              aria-label={
                superseded ? t('patients.visitDetails.supersededReading') : t('patients.visitDetails.reading')
              }
            >
              {vitalReadings(reading).map((vital) => {
                const flagged = vital.flags.length > 0;
                const text = (
                  <>
                    {vital.label} <strong>{vital.value}</strong> {vital.unit}
                  </>
                );
                return (
                  <li key={vital.key} className={flagged ? 'chart-vital chart-vital-flagged' : 'chart-vital'}>
                    {superseded ? <s>{text}</s> : text}
                    {vital.flags.map((flag) => (
                      <span key={flag.message} className="chart-vital-flag">
                        {flag.level === 'high' ? '▲' : '▼'} {vitalFlagText(flag)}
                      </span>
                    ))}
                  </li>
                );
              })}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

function DiagnosesList({ diagnoses }: { diagnoses: readonly DiagnosisView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="chart-entries">
      {diagnoses.map((diagnosis) => {
        const struck = diagnosis.supersededBy !== null || diagnosis.status === 'retracted';
        const label = (
          <>
            {diagnosis.label}
            {diagnosis.icd10.length > 0 && <span className="mono chart-icd"> {diagnosis.icd10.join(', ')}</span>}
          </>
        );
        return (
          <li key={diagnosis.id} className={struck ? 'chart-entry chart-entry-struck' : 'chart-entry'}>
            <p className="chart-entry-head">
              {struck ? <s>{label}</s> : <strong>{label}</strong>}
              <span className="tag tag-muted">
                {diagnosis.episode === 'new' ? t('patients.visitDetails.new') : t('patients.visitDetails.repeat')}
              </span>
              {diagnosis.sensitivity !== 'none' && (
                <span className="tag tag-granted">{sensitivityLabel(diagnosis.sensitivity)}</span>
              )}
              {diagnosis.status === 'retracted' && (
                <span className="tag tag-revoked">{t('patients.visitDetails.retracted')}</span>
              )}
              {diagnosis.supersededBy !== null && diagnosis.status !== 'retracted' && (
                <span className="tag tag-muted">{t('patients.visitDetails.correctedLater')}</span>
              )}
            </p>
            <p className="chart-entry-meta">
              {formatDateTime(diagnosis.recordedAt)}
              {diagnosis.recordedByName !== null && ` · ${diagnosis.recordedByName}`}
              {diagnosis.amendmentReason !== null && (
                <span className="chart-amendment">
                  {' '}
                  ·{' '}
                  {diagnosis.status === 'retracted'
                    ? t('patients.visitDetails.retracted')
                    : t('patients.visitDetails.correction2')}
                  : {diagnosis.amendmentReason}
                </span>
              )}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

const NOTE_SECTIONS = [
  ['complaint', 'Complaint'],
  ['history', 'History'],
  ['examination', 'Examination'],
  ['plan', 'Plan'],
] as const;

function NotesList({ notes }: { notes: readonly NoteView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="chart-entries">
      {notes.map((note) => {
        const superseded = note.supersededBy !== null;
        return (
          <li key={note.id} className={superseded ? 'chart-note chart-note-struck' : 'chart-note'}>
            <p className="chart-entry-head">
              <span>
                {formatDateTime(note.writtenAt)}
                {note.writtenByName !== null && ` · ${note.writtenByName}`}
              </span>
              {note.sensitivity !== 'none' && (
                <span className="tag tag-granted">{sensitivityLabel(note.sensitivity)}</span>
              )}
              {superseded && <span className="tag tag-muted">{t('patients.visitDetails.originalAmendedLater')}</span>}
              {note.supersedesId !== null && (
                <span className="tag tag-warning">{t('patients.visitDetails.amendment')}</span>
              )}
            </p>
            {note.supersedesId !== null && note.amendmentReason !== null && (
              <p className="chart-amendment">
                {t('patients.visitDetails.whyAmended', { amendmentReason: note.amendmentReason })}
              </p>
            )}
            <dl className="chart-note-sections">
              {NOTE_SECTIONS.map(([key, label]) => {
                const text = note[key];
                if (text === null || text === '') return null;
                return (
                  <div key={key}>
                    <dt>{label}</dt>
                    <dd>{text}</dd>
                  </div>
                );
              })}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

function labStatusLabel(status: LabOrderView['status']): string {
  return i18n.t(`patients.visitDetails.labStatus.${status}`);
}

/** "▼ Low", "▲ High", "Abnormal"; nothing for normal or unknown. */
function resultFlagText(flag: LabResultView['flag']): string | null {
  if (flag === 'low') return `▼ ${labFlagLabel(flag)}`;
  if (flag === 'high') return `▲ ${labFlagLabel(flag)}`;
  return flag === 'abnormal' ? labFlagLabel(flag) : null;
}

function resultText(result: LabResultView): string {
  return result.unit === null ? String(result.value) : `${result.value} ${result.unit}`;
}

function LabList({ orders }: { orders: readonly LabOrderView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="chart-entries">
      {orders.map((order) => {
        const result = order.result;
        const flag = result === null ? null : resultFlagText(result.flag);
        const earlier = order.history.filter((version) => version.id !== result?.id);
        return (
          <li
            key={order.id}
            className={order.status === 'cancelled' ? 'chart-entry chart-entry-struck' : 'chart-entry'}
          >
            <p className="chart-entry-head">
              {order.status === 'cancelled' ? <s>{order.testName}</s> : <strong>{order.testName}</strong>}
              {result === null ? (
                <span className="tag tag-muted">{labStatusLabel(order.status)}</span>
              ) : (
                <span className={flag === null ? 'chart-vital' : 'chart-vital chart-vital-flagged'}>
                  <strong>{resultText(result)}</strong>
                  {flag !== null && <span className="chart-vital-flag">{flag}</span>}
                </span>
              )}
              {order.sensitivity !== 'none' && (
                <span className="tag tag-granted">{sensitivityLabel(order.sensitivity)}</span>
              )}
            </p>
            <p className="chart-entry-meta">
              {t('patients.visitDetails.ordered', { orderedAt: formatDateTime(order.orderedAt) })}
              {order.orderedByName !== null && t('patients.visitDetails.by', { orderedByName: order.orderedByName })}
              {result !== null &&
                t('patients.visitDetails.resulted', { resultedAt: formatDateTime(result.resultedAt) })}
              {result !== null &&
                result.resultedByName !== null &&
                t('patients.visitDetails.by2', { resultedByName: result.resultedByName })}
              {result?.referenceText !== null &&
                result?.referenceText !== undefined &&
                t('patients.visitDetails.reference', { referenceText: result.referenceText })}
            </p>
            {order.status === 'cancelled' && order.cancelReason !== null && (
              <p className="chart-amendment">
                {t('patients.visitDetails.cancelled', { cancelReason: order.cancelReason })}
              </p>
            )}
            {result?.amendmentReason !== null && result?.amendmentReason !== undefined && (
              <p className="chart-amendment">
                {t('patients.visitDetails.correction', { amendmentReason: result.amendmentReason })}
              </p>
            )}
            {earlier.length > 0 && (
              <p className="chart-entry-meta">
                {t('patients.visitDetails.earlier')}
                {earlier.map((version, index) => (
                  <span key={version.id}>
                    {index > 0 && ', '}
                    <s>{resultText(version)}</s> ({formatDateTime(version.resultedAt)})
                  </span>
                ))}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const DISPENSING_TONE: Readonly<Record<PrescriptionView['dispensingState'], string>> = {
  pending: 'tag-muted',
  partial: 'tag-warning',
  complete: 'tag-ok',
  stock_out: 'tag-alert',
};

function PrescriptionList({ prescriptions }: { prescriptions: readonly PrescriptionView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="chart-entries">
      {prescriptions.map((prescription) => {
        const cancelled = prescription.status === 'cancelled';
        const name = `${prescription.drugName} ${prescription.strength}`;
        return (
          <li key={prescription.id} className={cancelled ? 'chart-entry chart-entry-struck' : 'chart-entry'}>
            <p className="chart-entry-head">
              {cancelled ? <s>{name}</s> : <strong>{name}</strong>}
              {cancelled ? (
                <span className="tag tag-revoked">{t('patients.visitDetails.cancelled2')}</span>
              ) : (
                <span className={`tag ${DISPENSING_TONE[prescription.dispensingState]}`}>
                  {dispensingLabel(prescription.dispensingState)}
                  {prescription.dispensingState === 'partial' &&
                    t('patients.visitDetails.of', {
                      dispensedQuantity: prescription.dispensedQuantity,
                      quantity: prescription.quantity,
                    })}
                </span>
              )}
              {prescription.sensitivity !== 'none' && (
                <span className="tag tag-granted">{sensitivityLabel(prescription.sensitivity)}</span>
              )}
            </p>
            <p className="chart-entry-meta">
              {t('patients.visitDetails.forToDispense', {
                dose: prescription.dose,
                route: routeLabel(prescription.route),
                value: frequencyLabel(prescription.frequency).toLowerCase(),
                days: t('clinical.text.days', { count: prescription.durationDays }),
                quantity: prescription.quantity,
                unit: prescription.unit,
              })}
              {prescription.instructions !== null && ` · ${prescription.instructions}`}
              {prescription.prescribedByName !== null &&
                t('patients.visitDetails.prescribedBy', { prescribedByName: prescription.prescribedByName })}
            </p>
            {prescription.dispensings.length > 0 && (
              <p className="chart-entry-meta">
                {prescription.dispensings
                  .map(
                    (dispensing) =>
                      (dispensing.outcome === 'dispensed'
                        ? t('clinical.prescriptionForm.dispensedAt', {
                            quantity: dispensing.quantity,
                            at: formatDateTime(dispensing.at),
                          })
                        : t('clinical.prescriptionForm.stockOutAt', { at: formatDateTime(dispensing.at) })) +
                      (dispensing.byName === null
                        ? ''
                        : t('clinical.prescriptionForm.byName', { name: dispensing.byName })),
                  )
                  .join(' · ')}
              </p>
            )}
            {cancelled && prescription.cancelReason !== null && (
              <p className="chart-amendment">
                {t('patients.visitDetails.cancelled', { cancelReason: prescription.cancelReason })}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
