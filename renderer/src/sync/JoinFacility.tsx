import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { CommandResult } from '../../../shared/api/errors';
import { joinInput, recoverInput, type JoinStatus } from '../../../shared/api/sync';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { runCommand } from '../commands/run-command';
import { useIdentityStore } from '../identity/identity-store';
import { SetupWizard } from '../identity/SetupWizard';
import { applyFailure } from '../ui/failure';
import { FormError, PasswordField, TextField } from '../ui/form';
import { SyncProgressBar } from './SyncProgress';
import './sync.css';
import { useTranslation } from 'react-i18next';

type Mode = 'setup' | 'join' | 'recover';

/** How often the join's progress is read (each read is audited); less often while waiting for another workstation. */
export const JOIN_POLL_MS = 1_000;
export const JOIN_WAITING_POLL_MS = 5_000;

/**
 * First run: set up a new facility (the setup wizard), join an existing one
 * with an enrollment code, or rebuild from a recovery kit. A join already
 * under way (the window was reloaded) goes straight to its progress.
 */
export function FirstRun() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('setup');
  const [joining, setJoining] = useState<JoinStatus | null>(null);

  useEffect(() => {
    void callSafely(() => clinic().sync.joinStatus({})).then((result) => {
      if (result.ok && (result.value.state === 'joining' || result.value.state === 'waiting')) setJoining(result.value);
    });
  }, []);

  if (joining !== null) return <JoinProgress initial={joining} onFailed={() => setJoining(null)} />;
  if (mode === 'setup') {
    return (
      <SetupWizard
        alternatives={
          <div className="setup-alternatives">
            <p>{t('sync.joinFacility.isThisFacilityAlreadyUsing')}</p>
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setMode('join')}>
                {t('sync.joinFacility.joinAnExistingFacility')}
              </button>
              <button type="button" className="quiet" onClick={() => setMode('recover')}>
                {t('sync.joinFacility.rebuildFromARecoveryKit')}
              </button>
            </div>
          </div>
        }
      />
    );
  }
  return <JoinForm mode={mode} onBack={() => setMode('setup')} onStarted={setJoining} />;
}

type JoinValues = z.output<typeof joinInput>;
type RecoverValues = z.output<typeof recoverInput>;

interface JoinFormProps {
  mode: 'join' | 'recover';
  onBack(): void;
  onStarted(status: JoinStatus): void;
}

function JoinForm({ mode, onBack, onStarted }: JoinFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const title = mode === 'join' ? t('sync.joinFacility.joinTitle') : t('sync.joinFacility.rebuildTitle');
  return (
    <main className="gate">
      <section className="card card-wide" aria-labelledby="join-title">
        <h1 id="join-title">{title}</h1>
        {mode === 'join' ? (
          <p>{t('sync.joinFacility.anAdminCreatesAnEnrollment')}</p>
        ) : (
          <p>{t('sync.joinFacility.useThePrintedRecoveryKit')}</p>
        )}
        {mode === 'join' ? (
          <JoinFields onBack={onBack} onStarted={onStarted} setFormError={setFormError} />
        ) : (
          <RecoverFields onBack={onBack} onStarted={onStarted} setFormError={setFormError} />
        )}
        <FormError message={formError} />
      </section>
    </main>
  );
}

interface FieldsProps {
  onBack(): void;
  onStarted(status: JoinStatus): void;
  setFormError(message: string | null): void;
}

function JoinFields({ onBack, onStarted, setFormError }: FieldsProps) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof joinInput>, unknown, JoinValues>({
    resolver: translatedResolver(joinInput),
    defaultValues: { serverUrl: '', code: '' },
  });
  const submit = async (values: JoinValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().sync.join(values));
    if (result.ok) onStarted(result.value);
    else setFormError(applyFailure(result, setError, ['serverUrl', 'code']));
  };
  return (
    <form
      noValidate
      aria-label={t('sync.joinFacility.joinAnExistingFacility')}
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <TextField
        label={t('sync.joinFacility.syncServerAddress')}
        hint={t('sync.joinFacility.shownWithTheCodeE')}
        registration={register('serverUrl')}
        error={errors.serverUrl?.message}
        autoComplete="url"
        spellCheck={false}
        className="field-mono"
        autoFocus
      />
      <TextField
        label={t('sync.joinFacility.enrollmentCode')}
        hint={t('sync.joinFacility.lettersAndDigitsInGroups')}
        registration={register('code')}
        error={errors.code?.message}
        autoComplete="off"
        spellCheck={false}
        className="field-code"
      />
      <FormActions busy={isSubmitting} onBack={onBack} label={t('sync.joinFacility.join')} />
    </form>
  );
}

function RecoverFields({ onBack, onStarted, setFormError }: FieldsProps) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof recoverInput>, unknown, RecoverValues>({
    resolver: translatedResolver(recoverInput),
    defaultValues: { serverUrl: '', facilityId: '', secret: '' },
  });
  const submit = async (values: RecoverValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().sync.recover(values));
    if (result.ok) onStarted(result.value);
    else setFormError(applyFailure(result, setError, ['serverUrl', 'facilityId', 'secret']));
  };
  return (
    <form
      noValidate
      aria-label={t('sync.joinFacility.rebuildFromARecoveryKit')}
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <TextField
        label={t('sync.joinFacility.syncServer')}
        registration={register('serverUrl')}
        error={errors.serverUrl?.message}
        autoComplete="url"
        spellCheck={false}
        className="field-mono"
        autoFocus
      />
      <TextField
        label={t('sync.joinFacility.facilityId')}
        registration={register('facilityId')}
        error={errors.facilityId?.message}
        autoComplete="off"
        spellCheck={false}
        className="field-mono"
      />
      <PasswordField
        label={t('sync.joinFacility.secret')}
        hint={t('sync.joinFacility.spacesAndLineBreaksDo')}
        registration={register('secret')}
        error={errors.secret?.message}
        autoComplete="off"
      />
      <FormActions busy={isSubmitting} onBack={onBack} label={t('sync.joinFacility.rebuildThisWorkstation')} />
    </form>
  );
}

function FormActions({ busy, onBack, label }: { busy: boolean; onBack(): void; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={onBack} disabled={busy}>
        {t('sync.joinFacility.back')}
      </button>
      <button type="submit" disabled={busy}>
        {busy ? t('sync.joinFacility.starting') : label}
      </button>
    </div>
  );
}

/**
 * The initial sync's progress bar. When the join is done, setup.status is
 * read again and the gate moves on to the normal sign-in screen; when it
 * fails, the error shows with the way back to the form.
 */
function JoinProgress({ initial, onFailed }: { initial: JoinStatus; onFailed(): void }) {
  const { t } = useTranslation();
  const refreshSetup = useIdentityStore((store) => store.refreshSetup);
  const [status, setStatus] = useState<JoinStatus>(initial);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    if (status.state !== 'joining' && status.state !== 'waiting') return;
    const timer = window.setTimeout(
      () => {
        void callSafely(() => clinic().sync.joinStatus({})).then((result: CommandResult<JoinStatus>) => {
          if (result.ok) {
            setReadProblem(null);
            setStatus(result.value);
          } else {
            setReadProblem(result.message);
            setStatus((current) => ({ ...current }));
          }
        });
      },
      status.state === 'waiting' ? JOIN_WAITING_POLL_MS : JOIN_POLL_MS,
    );
    return () => window.clearTimeout(timer);
  }, [status]);

  useEffect(() => {
    if (status.state === 'done') void refreshSetup();
  }, [status.state, refreshSetup]);

  return (
    <main className="gate">
      <section className="card card-wide" aria-labelledby="join-progress-title">
        <h1 id="join-progress-title" ref={heading} tabIndex={-1}>
          {status.state === 'failed'
            ? t('sync.joinFacility.joiningDidNotFinish')
            : t('sync.joinFacility.copyingTheFacilitySRecords')}
        </h1>
        {status.state === 'failed' ? (
          <>
            <p role="alert" className="form-error">
              {status.error ?? t('sync.joinFacility.joiningDidNotFinishTry')}
            </p>
            <div className="actions">
              <button type="button" onClick={onFailed}>
                {t('sync.joinFacility.back')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{t('sync.joinFacility.thisWorkstationIsReceivingThe')}</p>
            <SyncProgressBar
              progress={status.phase === null ? null : { phase: status.phase, done: status.done, total: status.total }}
              label={t('sync.joinFacility.firstSyncOfThisWorkstation')}
            />
            {status.state === 'joining' && status.error !== null && (
              <p role="status" className="warning">
                {t('sync.joinFacility.stillTrying', { error: status.error })}
              </p>
            )}
            {status.state === 'waiting' && (
              <p role="status" className="warning">
                {t('sync.joinFacility.thisWorkstationHasJoinedBut')}
              </p>
            )}
            {status.state === 'done' && <p role="status">{t('sync.joinFacility.doneOpeningTheSignIn')}</p>}
            {readProblem !== null && <p className="muted">{readProblem}</p>}
          </>
        )}
      </section>
    </main>
  );
}
