import { zodResolver } from '@hookform/resolvers/zod';
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
            <p>Is this facility already using Zahanati on another computer?</p>
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setMode('join')}>
                Join an existing facility
              </button>
              <button type="button" className="quiet" onClick={() => setMode('recover')}>
                Rebuild from a recovery kit
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
  const [formError, setFormError] = useState<string | null>(null);
  const title = mode === 'join' ? 'Join an existing facility' : 'Rebuild from a recovery kit';
  return (
    <main className="gate">
      <section className="card card-wide" aria-labelledby="join-title">
        <h1 id="join-title">{title}</h1>
        {mode === 'join' ? (
          <p>
            An admin creates an enrollment code on a workstation already in the facility (Sync → Enroll another
            workstation). Enter it with the sync server’s address. This workstation then copies the facility’s records,
            and staff sign in with their usual accounts.
          </p>
        ) : (
          <p>
            Use the printed recovery kit when no other workstation of the facility is left. Type the three lines exactly
            as printed. This workstation then copies the facility’s records from the sync server.
          </p>
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
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof joinInput>, unknown, JoinValues>({
    resolver: zodResolver(joinInput),
    defaultValues: { serverUrl: '', code: '' },
  });
  const submit = async (values: JoinValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().sync.join(values));
    if (result.ok) onStarted(result.value);
    else setFormError(applyFailure(result, setError, ['serverUrl', 'code']));
  };
  return (
    <form noValidate aria-label="Join an existing facility" onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextField
        label="Sync server address"
        hint="Shown with the code, e.g. https://sync.example.org"
        registration={register('serverUrl')}
        error={errors.serverUrl?.message}
        autoComplete="url"
        spellCheck={false}
        className="field-mono"
        autoFocus
      />
      <TextField
        label="Enrollment code"
        hint="Letters and digits in groups; dashes and spaces do not matter."
        registration={register('code')}
        error={errors.code?.message}
        autoComplete="off"
        spellCheck={false}
        className="field-code"
      />
      <FormActions busy={isSubmitting} onBack={onBack} label="Join" />
    </form>
  );
}

function RecoverFields({ onBack, onStarted, setFormError }: FieldsProps) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof recoverInput>, unknown, RecoverValues>({
    resolver: zodResolver(recoverInput),
    defaultValues: { serverUrl: '', facilityId: '', secret: '' },
  });
  const submit = async (values: RecoverValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().sync.recover(values));
    if (result.ok) onStarted(result.value);
    else setFormError(applyFailure(result, setError, ['serverUrl', 'facilityId', 'secret']));
  };
  return (
    <form noValidate aria-label="Rebuild from a recovery kit" onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextField
        label="Sync server"
        registration={register('serverUrl')}
        error={errors.serverUrl?.message}
        autoComplete="url"
        spellCheck={false}
        className="field-mono"
        autoFocus
      />
      <TextField
        label="Facility id"
        registration={register('facilityId')}
        error={errors.facilityId?.message}
        autoComplete="off"
        spellCheck={false}
        className="field-mono"
      />
      <PasswordField
        label="Secret"
        hint="Spaces and line breaks do not matter."
        registration={register('secret')}
        error={errors.secret?.message}
        autoComplete="off"
      />
      <FormActions busy={isSubmitting} onBack={onBack} label="Rebuild this workstation" />
    </form>
  );
}

function FormActions({ busy, onBack, label }: { busy: boolean; onBack(): void; label: string }) {
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={onBack} disabled={busy}>
        Back
      </button>
      <button type="submit" disabled={busy}>
        {busy ? 'Starting…' : label}
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
          {status.state === 'failed' ? 'Joining did not finish' : 'Copying the facility’s records'}
        </h1>
        {status.state === 'failed' ? (
          <>
            <p role="alert" className="form-error">
              {status.error ?? 'Joining did not finish. Try again.'}
            </p>
            <div className="actions">
              <button type="button" onClick={onFailed}>
                Back
              </button>
            </div>
          </>
        ) : (
          <>
            <p>
              This workstation is receiving the facility’s records from the sync server. Keep Zahanati open and the
              network connected; if it is interrupted, it carries on where it stopped.
            </p>
            <SyncProgressBar
              progress={status.phase === null ? null : { phase: status.phase, done: status.done, total: status.total }}
              label="First sync of this workstation"
            />
            {status.state === 'waiting' && (
              <p role="status" className="warning">
                This workstation has joined, but the facility’s records have not reached the sync server yet. On the
                workstation that made the code, open Sync and press “Sync now”; they arrive here shortly after.
              </p>
            )}
            {status.state === 'done' && <p role="status">Done. Opening the sign-in screen…</p>}
            {readProblem !== null && <p className="muted">{readProblem}</p>}
          </>
        )}
      </section>
    </main>
  );
}
