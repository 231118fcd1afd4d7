import { translatedResolver } from '../ui/translated-resolver';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { VisitView } from '../../../shared/api/visits';
import type { VitalsView } from '../../../shared/api/vitals';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { Notice } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { RefusalMessage, refusalOf, type Refusal } from './clinical-ui';
import { dropDraft, useDraftStart, useKeepDraft } from './drafts';
import { useVisitStore } from './visit-store';
import { VitalsFields } from './VitalsFields';
import { LatestReading, ReadingsHistory } from './VitalsReadings';
import {
  EMPTY_VITALS,
  VITAL_FIELDS,
  currentReading,
  onVitalsFields,
  vitalsForm,
  type VitalsEntry,
} from './vitals-form';
import { useTranslation } from 'react-i18next';

interface TriageScreenProps {
  visit: VisitView;
  /** The visit's readings; null when the user may not read vitals. */
  vitals: readonly VitalsView[] | null;
}

/** Triage for one visit: record vitals (vitals.record), see what core flagged, correct a reading. */
export function TriageScreen({ visit, vitals }: TriageScreenProps) {
  const { t } = useTranslation();
  const canRecord = useCan('vitals.record');
  const latestHeading = useRef<HTMLHeadingElement>(null);
  const open = visit.closedAt === null;
  const readings = vitals ?? [];
  const latest = currentReading(readings);

  return (
    <div className="workspace-columns">
      <div>
        {canRecord && open && (
          <RecordVitalsForm
            visitId={visit.id}
            hasReadings={readings.length > 0}
            onRecorded={() => latestHeading.current?.focus()}
          />
        )}
        {!open && <p className="panel muted">{t('clinical.triageScreen.thisVisitIsClosedVitals')}</p>}
      </div>
      <div>
        {vitals !== null && (
          <>
            <LatestReading reading={latest} headingRef={latestHeading} />
            <ReadingsHistory readings={readings} visitOpen={open} />
          </>
        )}
      </div>
    </div>
  );
}

type Recorded = z.output<typeof vitalsForm>;

function RecordVitalsForm({
  visitId,
  hasReadings,
  onRecorded,
}: {
  visitId: string;
  hasReadings: boolean;
  onRecorded(): void;
}) {
  const { t } = useTranslation();
  const draftKey = `vitals:${visitId}`;
  const { initial, restored } = useDraftStart<VitalsEntry>(draftKey, EMPTY_VITALS);
  const putVitals = useVisitStore((store) => store.putVitals);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(restored ? t('clinical.triageScreen.restored') : null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<VitalsEntry, unknown, Recorded>({
    resolver: translatedResolver(vitalsForm),
    mode: 'onTouched',
    defaultValues: initial,
  });
  useKeepDraft(draftKey, getValues, EMPTY_VITALS);

  const submit = async (values: Recorded) => {
    setRefusal(null);
    setNotice(null);
    const result = await runCommand(() => clinic().vitals.record({ visitId, values }));
    if (!result.ok) {
      // Whatever core says, what was typed stays in the form.
      setRefusal(refusalOf(onVitalsFields(result), setError, VITAL_FIELDS));
      return;
    }
    putVitals(result.value);
    dropDraft(draftKey);
    reset(EMPTY_VITALS);
    setNotice(t('clinical.triageScreen.saved', { at: formatClock(result.value.recordedAt) }));
    onRecorded();
  };

  return (
    <form
      className="panel vitals-form"
      aria-labelledby="record-vitals-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="record-vitals-title">
        {hasReadings ? t('clinical.triageScreen.recordAnotherReading') : t('clinical.triageScreen.recordVitals')}
      </h2>
      <p className="hint">{t('clinical.triageScreen.fillInWhatYouMeasured')}</p>
      <VitalsFields register={register} control={control} errors={errors} autoFocus={!hasReadings} />
      {errors.root?.message !== undefined && (
        <p className="field-error" role="alert">
          {errors.root.message}
        </p>
      )}
      <Notice message={notice} />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.triageScreen.saving') : t('clinical.triageScreen.saveVitals')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={isSubmitting}
          onClick={() => {
            setRefusal(null);
            setNotice(null);
            dropDraft(draftKey);
            reset(EMPTY_VITALS);
          }}
        >
          {t('clinical.triageScreen.clear')}
        </button>
      </div>
    </form>
  );
}
