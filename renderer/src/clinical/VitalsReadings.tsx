import { translatedResolver } from '../ui/translated-resolver';
import { useState, type Ref } from 'react';
import type { z } from 'zod';
import { useForm } from 'react-hook-form';
import type { VitalFlag, VitalsView } from '../../../shared/api/vitals';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan, useSignedIn } from '../identity/identity-store';
import { TextField } from '../ui/form';
import { formatClock, formatDay, sameLocalDay } from '../ui/local-time';
import { RefusalMessage, refusalOf, useByText, type Refusal } from './clinical-ui';
import { byText } from './clinical-text';
import { useVisitStore } from './visit-store';
import { VitalsFields } from './VitalsFields';
import {
  VITAL_FIELDS,
  onVitalsFields,
  readingLines,
  toVitalsEntry,
  vitalsCorrectionForm,
  type VitalsCorrectionEntry,
} from './vitals-form';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { vitalFlagText } from './vital-text';

/** "14:05", or "Thu 12 Mar, 14:05" for another day. */
export function whenText(iso: string): string {
  return sameLocalDay(new Date(iso), new Date()) ? formatClock(iso) : `${formatDay(iso)}, ${formatClock(iso)}`;
}

/** A flag in words, with an arrow so it does not rest on colour alone. */
export function FlagTag({ flag }: { flag: VitalFlag }) {
  return (
    <span className={`flag flag-${flag.level}`}>
      <span aria-hidden="true">{flag.level === 'high' ? '▲' : '▼'}</span> {vitalFlagText(flag)}
    </span>
  );
}

/** A reading laid out measurement by measurement, each with its flags beside it. */
export function ReadingTable({ reading }: { reading: VitalsView }) {
  const lines = readingLines(reading);
  return (
    <dl className="reading">
      {lines.map((line) => (
        <div key={line.key} className={line.flags.length > 0 ? 'reading-line reading-flagged' : 'reading-line'}>
          <dt>{line.label}</dt>
          <dd>
            <span className="reading-value">{line.value}</span>
            {line.flags.map((flag) => (
              <FlagTag key={`${flag.vital}-${flag.message}`} flag={flag} />
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** "2 flags: Fever, High blood pressure" / "Nothing flagged". */
export function flagSummary(flags: readonly VitalFlag[]): string {
  if (flags.length === 0) return i18n.t('clinical.vitalsReadings.nothingFlagged');
  return i18n.t('clinical.vitalsReadings.flags', { count: flags.length, list: flags.map(vitalFlagText).join(', ') });
}

/** The reading in force, as the triage screen shows it after saving and the consultation at its top. */
export function LatestReading({
  reading,
  title,
  headingRef,
}: {
  reading: VitalsView | null;
  title?: string;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const { t } = useTranslation();
  const by = useByText();
  return (
    <section className="panel latest-reading" aria-labelledby="latest-reading-title" data-testid="latest-reading">
      <div className="panel-heading">
        <h2 id="latest-reading-title" ref={headingRef} tabIndex={-1}>
          {title ?? t('clinical.vitalsReadings.latestReading')}
        </h2>
        {reading !== null && (
          <span className="muted">
            {t('clinical.vitalsReadings.recorded', {
              recordedAt: whenText(reading.recordedAt),
              recordedBy: by(reading.recordedBy, reading.recordedByName),
            })}
          </span>
        )}
      </div>
      {reading === null ? (
        <p className="muted">{t('clinical.vitalsReadings.noVitalsRecordedForThis')}</p>
      ) : (
        <>
          <p className={reading.flags.length > 0 ? 'flag-summary flag-summary-raised' : 'flag-summary'}>
            {flagSummary(reading.flags)}
          </p>
          <ReadingTable reading={reading} />
          {reading.amendmentReason !== null && (
            <p className="hint">
              {t('clinical.vitalsReadings.corrected', { amendmentReason: reading.amendmentReason })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** One line of values, for the list of readings: "Temperature 38.6 °C · Pulse 96 beats/min · …". */
function readingSentence(reading: VitalsView): string {
  return readingLines(reading)
    .map((line) => `${line.label} ${line.value}`)
    .join(' · ');
}

/**
 * Every reading of the visit, oldest first. A corrected one stays, struck
 * through, above the correction that replaced it; current ones can be
 * corrected (vitals.amend) while the visit is open.
 */
export function ReadingsHistory({ readings, visitOpen }: { readings: readonly VitalsView[]; visitOpen: boolean }) {
  const { t } = useTranslation();
  const canAmend = useCan('vitals.amend');
  const session = useSignedIn();
  const [correcting, setCorrecting] = useState<string | null>(null);
  const byId = new Map(readings.map((reading) => [reading.id, reading]));
  if (readings.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="readings-title">
      <h2 id="readings-title">{t('clinical.vitalsReadings.readingsThisVisit')}</h2>
      <ol className="record-list">
        {readings.map((reading) => {
          const superseded = reading.supersededBy !== null;
          const replaced = reading.supersedesId === null ? null : (byId.get(reading.supersedesId) ?? null);
          const by = byText(reading.recordedBy, reading.recordedByName, session?.user.id);
          return (
            <li
              key={reading.id}
              className={superseded ? 'record record-superseded' : 'record'}
              data-testid="vitals-reading"
              aria-label={t('clinical.vitalsReadings.readingAt', {
                recordedAt: whenText(reading.recordedAt),
                value: superseded ? t('clinical.vitalsReadings.corrected3') : '',
              })}
            >
              <p className="record-meta">
                {whenText(reading.recordedAt)}
                {by}
                {superseded && <span className="tag tag-muted">{t('clinical.vitalsReadings.corrected2')}</span>}
                {replaced !== null && (
                  <span className="record-reason">
                    {t('clinical.vitalsReadings.correctionOfTheReading', {
                      recordedAt: formatClock(replaced.recordedAt),
                    })}
                    {reading.amendmentReason !== null && <>: “{reading.amendmentReason}”</>}
                  </span>
                )}
              </p>
              {superseded ? (
                <del className="record-body">{readingSentence(reading)}</del>
              ) : (
                <p className="record-body">{readingSentence(reading)}</p>
              )}
              {!superseded && reading.flags.length > 0 && (
                <p className="record-flags">
                  {reading.flags.map((flag) => (
                    <FlagTag key={`${flag.vital}-${flag.message}`} flag={flag} />
                  ))}
                </p>
              )}
              {!superseded && canAmend && visitOpen && correcting !== reading.id && (
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => setCorrecting(reading.id)}
                  aria-label={t('clinical.vitalsReadings.correctTheReading', {
                    recordedAt: formatClock(reading.recordedAt),
                  })}
                >
                  {t('clinical.vitalsReadings.correct')}
                </button>
              )}
              {correcting === reading.id && <CorrectReadingForm reading={reading} onDone={() => setCorrecting(null)} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const CORRECTION_FIELDS = [...VITAL_FIELDS, 'reason'] as const;
type Correction = z.output<typeof vitalsCorrectionForm>;

function CorrectReadingForm({ reading, onDone }: { reading: VitalsView; onDone(): void }) {
  const { t } = useTranslation();
  const putVitals = useVisitStore((store) => store.putVitals);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<VitalsCorrectionEntry, unknown, Correction>({
    resolver: translatedResolver(vitalsCorrectionForm),
    mode: 'onTouched',
    defaultValues: { ...toVitalsEntry(reading.values), reason: '' },
  });

  const submit = async ({ values, reason }: Correction) => {
    setRefusal(null);
    const result = await runCommand(() => clinic().vitals.amend({ vitalsId: reading.id, values, reason }));
    if (!result.ok) {
      setRefusal(refusalOf(onVitalsFields(result), setError, CORRECTION_FIELDS));
      return;
    }
    putVitals(result.value);
    onDone();
  };

  return (
    <form
      className="correction-form"
      aria-label={t('clinical.vitalsReadings.correctTheReading', { recordedAt: formatClock(reading.recordedAt) })}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <p className="hint">{t('clinical.vitalsReadings.theOriginalReadingStaysIn')}</p>
      <VitalsFields register={register} control={control} errors={errors} autoFocus />
      <TextField
        label={t('clinical.vitalsReadings.whyIsItCorrected')}
        registration={register('reason')}
        error={errors.reason?.message}
        maxLength={300}
        autoComplete="off"
      />
      {errors.root?.message !== undefined && <p className="field-error">{errors.root.message}</p>}
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.vitalsReadings.saving') : t('clinical.vitalsReadings.saveCorrection')}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={isSubmitting}>
          {t('clinical.vitalsReadings.cancel')}
        </button>
      </div>
    </form>
  );
}
