import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { connectInput, type SyncStatus } from '../../../shared/api/sync';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, PasswordField, TextField } from '../ui/form';
import { DevicesPanel } from './DevicesPanel';
import { SyncProgressBar } from './SyncProgress';
import { describeSyncStatus, skewText, timeAgo } from './sync-text';
import { useSyncStore } from './sync-store';
import { useSyncNow, useSyncPolling } from './SyncIndicator';
import './sync.css';

/**
 * The sync screen: where this workstation stands (online, waiting changes,
 * last sync, clock), "Sync now" with its progress, connecting to a server,
 * the facility's workstations and enrollment, the recovery kit and the
 * conflicts left to review. Each part shows only to those core lets use it.
 */
export function SyncScreen() {
  const { status, problem } = useSyncStore();
  useSyncPolling(true);
  useEffect(() => () => useSyncStore.getState().forgetEnrollment(), []);

  return (
    <section aria-labelledby="sync-title" className="page page-wide sync-page">
      <h1 id="sync-title">Sync</h1>
      <p className="muted">
        Every workstation of the facility keeps its own encrypted copy of the records. When the link is up, changes
        travel through the sync server, encrypted so that the server cannot read them.
      </p>
      {problem !== null && status === null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {status === null && problem === null && <p aria-live="polite">Loading…</p>}
      {status !== null && !status.configured && <ConnectPanel facilityId={status.facilityId} />}
      {status !== null && status.configured && (
        <>
          <StatusPanel status={status} />
          <ConflictsSummary status={status} />
          <DevicesPanel />
          <RecoveryKitPanel />
        </>
      )}
    </section>
  );
}

function StatusPanel({ status }: { status: SyncStatus }) {
  const canRun = useCan('sync.run');
  const syncNow = useSyncStore((store) => store.syncNow);
  const [refusal, setRefusal] = useState<string | null>(null);
  const now = useSyncNow();
  const text = describeSyncStatus(status, now);
  const skew = skewText(status);

  const start = async () => {
    setRefusal(null);
    const failure = await syncNow();
    if (failure !== null) setRefusal(failure.message);
  };

  return (
    <section className={`panel sync-status sync-status-${text.tone}`} aria-labelledby="sync-status-title">
      <div className="panel-heading">
        <h2 id="sync-status-title">This workstation</h2>
        {canRun && (
          <button type="button" onClick={() => void start()} disabled={status.running}>
            {status.running ? 'Syncing…' : 'Sync now'}
          </button>
        )}
      </div>
      <p className="sync-sentence" data-testid="sync-sentence">
        {text.sentence}
      </p>
      {status.running && (
        <SyncProgressBar
          progress={status.progress}
          label={status.initialSyncDone ? 'Sync progress' : 'First sync of this workstation'}
        />
      )}
      {skew !== null && (
        <p className="warning" role="alert" data-testid="clock-skew-warning">
          {skew}
        </p>
      )}
      {status.lastError !== null && !status.running && (
        <p className="form-error" role="alert">
          The last attempt did not finish: {status.lastError}
        </p>
      )}
      <FormError message={refusal} />
      <dl className="facts sync-facts">
        <dt>Connection</dt>
        <dd>{status.online === null ? 'Not tried yet' : status.online ? 'Online' : 'Offline'}</dd>
        <dt>Last sync</dt>
        <dd>
          {status.lastSyncAt === null ? (
            'Never'
          ) : (
            <time dateTime={status.lastSyncAt}>
              {formatDateTime(status.lastSyncAt)} ({timeAgo(status.lastSyncAt, now)})
            </time>
          )}
        </dd>
        <dt>Changes waiting to be sent</dt>
        <dd data-testid="sync-pending">{status.pendingChanges.toLocaleString('en-KE')}</dd>
        <dt>Next automatic sync</dt>
        <dd>{status.nextAttemptAt === null ? '—' : formatDateTime(status.nextAttemptAt)}</dd>
        <dt>Sync server</dt>
        <dd className="mono">{status.serverUrl}</dd>
        <dt>This workstation’s id</dt>
        <dd className="mono">{status.deviceId}</dd>
      </dl>
    </section>
  );
}

function ConflictsSummary({ status }: { status: SyncStatus }) {
  const canReview = useCan('sync.resolve_conflicts');
  if (!canReview) return null;
  const count = status.conflictsToReview;
  return (
    <section className="panel" aria-labelledby="sync-conflicts-title">
      <div className="panel-heading">
        <h2 id="sync-conflicts-title">
          Conflicting edits
          {count > 0 && <span className="count-badge">{count} to review</span>}
        </h2>
        <Link to="/sync/conflicts">Review conflicting edits</Link>
      </div>
      <p className="muted">
        When two workstations changed the same detail while apart, the later change is kept and the other is listed
        here, so nothing is lost without someone seeing it.
      </p>
    </section>
  );
}

function RecoveryKitPanel() {
  const canCreate = useCan('devices.rotate_keys');
  const createRecoveryKit = useSyncStore((store) => store.createRecoveryKit);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canCreate) return null;

  const create = async () => {
    setBusy(true);
    setError(null);
    const failure = await createRecoveryKit();
    setBusy(false);
    if (failure === null) void navigate('/sync/recovery-kit');
    else setError(failure.message);
  };

  return (
    <section className="panel" aria-labelledby="recovery-kit-title">
      <h2 id="recovery-kit-title">Recovery kit</h2>
      <p>
        A printed page that can rebuild a workstation of this facility from the sync server alone, if every workstation
        is lost or stolen. Making a new kit stops the previous one from working.
      </p>
      <FormError message={error} />
      <button type="button" className="secondary" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating…' : 'Create a recovery kit'}
      </button>
    </section>
  );
}

type ConnectValues = z.output<typeof connectInput>;

/** Connects the facility's first workstation to a server with the token the server was started with. */
function ConnectPanel({ facilityId }: { facilityId: string | null }) {
  const canConnect = useCan('devices.enroll');
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof connectInput>, unknown, ConnectValues>({
    resolver: zodResolver(connectInput),
    defaultValues: { serverUrl: '', bootstrapToken: '' },
  });

  if (!canConnect) {
    return (
      <section className="panel" aria-labelledby="connect-title">
        <h2 id="connect-title">Not connected</h2>
        <p>
          This workstation is not connected to a sync server, so its records stay on this computer only. Ask a facility
          admin or IT support to connect it.
        </p>
      </section>
    );
  }

  const submit = async (values: ConnectValues) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => clinic().sync.connect(values));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['serverUrl', 'bootstrapToken']));
      return;
    }
    useSyncStore.setState({ status: result.value, problem: null });
    setNotice('Connected. The first sync starts now.');
    void useSyncStore.getState().syncNow();
  };

  return (
    <form
      className="panel form-narrow"
      aria-labelledby="connect-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="connect-title">Connect to a sync server</h2>
      <p>
        This workstation is not connected yet: its records stay on this computer only. Enter the server’s address and
        the facility token from whoever runs the server. This workstation then creates the facility’s encryption key;
        other workstations join later with an enrollment code.
      </p>
      {facilityId !== null && (
        <p>
          Whoever runs the server issues the token for this facility’s id:{' '}
          <span className="mono" data-testid="facility-id">
            {facilityId}
          </span>
        </p>
      )}
      <TextField
        label="Server address"
        hint="For example https://sync.example.org or http://192.168.1.10:8787"
        registration={register('serverUrl')}
        error={errors.serverUrl?.message}
        autoComplete="url"
        spellCheck={false}
        className="field-mono"
      />
      <PasswordField
        label="Facility token"
        registration={register('bootstrapToken')}
        error={errors.bootstrapToken?.message}
        autoComplete="off"
      />
      <FormError message={formError} />
      <Notice message={notice} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
