import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { demoContract, type DemoProgress } from '../../../shared/api/demo';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import './patients.css';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { formatNumber } from '../i18n/locale';
import { countsText } from './demo-text';

/** How often the screen asks how far the fill is; each answer is one audited read. */
export const DEMO_POLL_MS = 1000;

const sizeRule = demoContract['demo.start'].input.shape.patients;
const startForm = z.object({
  patients: z.string().superRefine((value, ctx) => {
    const parsed = sizeRule.safeParse(/^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);
    if (!parsed.success) ctx.addIssue({ code: 'custom', message: i18n.t('patients.demoDataScreen.wholeNumber') });
  }),
});
type StartEntry = z.infer<typeof startForm>;

/**
 * Fills an empty workstation with a synthetic facility so new staff can try
 * every screen (demo.start), with a progress bar read from demo.progress while
 * core writes it in the background. Only for admins (settings.manage).
 */
export function DemoDataScreen() {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Bumped when a fill starts, to follow it from then on.
  const [followed, setFollowed] = useState(0);

  // Reads the state when the screen opens (or a fill starts), then about once a second while it runs.
  useEffect(() => {
    let current = true;
    let timer: number | undefined;
    const read = async () => {
      const result = await runCommand(() => clinic().demo.progress({}));
      if (!current) return;
      if (!result.ok) {
        setProblem(result.message);
        return;
      }
      setProblem(null);
      setProgress(result.value);
      if (result.value.state === 'running') timer = window.setTimeout(() => void read(), DEMO_POLL_MS);
    };
    void read();
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [followed]);

  const onStarted = (started: DemoProgress) => {
    setProgress(started);
    setFollowed((count) => count + 1);
  };

  return (
    <section aria-labelledby="demo-title" className="page">
      <h1 id="demo-title">{t('patients.demoDataScreen.demoData')}</h1>
      <p>{t('patients.demoDataScreen.aSyntheticFacilityPatientsWith')}</p>
      {problem !== null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {progress === null && problem === null && <p aria-live="polite">{t('patients.demoDataScreen.loading')}</p>}
      {progress !== null && <DemoState progress={progress} onStarted={onStarted} />}
    </section>
  );
}

function DemoState({ progress, onStarted }: { progress: DemoProgress; onStarted(progress: DemoProgress): void }) {
  const { t } = useTranslation();
  if (progress.state === 'running') return <DemoProgressBar progress={progress} />;
  if (progress.state === 'done') {
    return (
      <div className="panel" role="status">
        <h2>{t('patients.demoDataScreen.demoDataIsReady')}</h2>
        <p data-testid="demo-counts">{t('patients.demoDataScreen.added', { counts: countsText(progress.counts) })}</p>
        <p>
          <Link to="/patients">{t('patients.demoDataScreen.findAPatient')}</Link> ·{' '}
          <Link to="/queue">{t('patients.demoDataScreen.openTheQueue')}</Link>
        </p>
      </div>
    );
  }
  return (
    <>
      {progress.state === 'failed' && (
        <div className="panel" role="alert" data-testid="demo-failed">
          <h2>{t('patients.demoDataScreen.demoDataStopped')}</h2>
          <p>{progress.message}</p>
          <p>{t('patients.demoDataScreen.addedSoFar', { counts: countsText(progress.counts) })}</p>
        </div>
      )}
      {progress.workstationEmpty ? (
        <StartDemoForm onStarted={onStarted} />
      ) : (
        progress.state !== 'failed' && (
          <p className="panel muted" data-testid="demo-not-empty">
            {t('patients.demoDataScreen.thisWorkstationAlreadyHasPatients')}
          </p>
        )
      )}
    </>
  );
}

function DemoProgressBar({ progress }: { progress: DemoProgress }) {
  const { t } = useTranslation();
  const percent = progress.patientsTotal === 0 ? 0 : Math.floor((progress.patientsDone / progress.patientsTotal) * 100);
  return (
    <div className="panel demo-progress">
      <h2 id="demo-progress-label">{t('patients.demoDataScreen.addingDemoData')}</h2>
      <progress
        aria-labelledby="demo-progress-label"
        aria-describedby="demo-progress-text"
        value={progress.patientsDone}
        max={progress.patientsTotal}
      />
      <p id="demo-progress-text" data-testid="demo-progress-text" aria-live="polite">
        {t('patients.demoDataScreen.ofPatientsTheWorkstationStays', {
          patientsDone: formatNumber(progress.patientsDone),
          patientsTotal: formatNumber(progress.patientsTotal),
          percent,
        })}
      </p>
    </div>
  );
}

function StartDemoForm({ onStarted }: { onStarted(progress: DemoProgress): void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<StartEntry>({ resolver: translatedResolver(startForm), defaultValues: { patients: '2000' } });

  const start = async (entry: StartEntry) => {
    setFormError(null);
    const result = await runCommand(() => clinic().demo.start({ patients: Number(entry.patients.trim()) }));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['patients']));
      return;
    }
    onStarted(result.value);
  };

  return (
    <form
      className="panel"
      aria-label={t('patients.demoDataScreen.addDemoData')}
      noValidate
      onSubmit={(event) => void handleSubmit(start)(event)}
    >
      <TextField
        label={t('patients.demoDataScreen.howManyPatients')}
        hint={t('patients.demoDataScreen.n2000TakesAFew')}
        registration={register('patients')}
        error={errors.patients?.message}
        inputMode="numeric"
        maxLength={6}
        autoComplete="off"
        className="field-narrow"
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('patients.demoDataScreen.starting') : t('patients.demoDataScreen.addDemoData')}
        </button>
      </div>
    </form>
  );
}
