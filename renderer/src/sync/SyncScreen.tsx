import { translatedResolver } from '../ui/translated-resolver';
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
import { useTranslation } from 'react-i18next';

/**
 * The sync screen: where this workstation stands (online, waiting changes,
 * last sync, clock), "Sync now" with its progress, connecting to a server,
 * the facility's workstations and enrollment, the recovery kit and the
 * conflicts left to review. Each part shows only to those core lets use it.
 */
export function SyncScreen() {
  const { t } = useTranslation();
  const { status, problem } = useSyncStore();
  useSyncPolling(true);
  useEffect(() => () => useSyncStore.getState().forgetEnrollment(), []);

  return (
    <section aria-labelledby="sync-title" className="page page-wide sync-page">
      <h1 id="sync-title">{t('sync.syncScreen.sync')}</h1>
      <p className="muted">{t('sync.syncScreen.everyWorkstationOfTheFacility')}</p>
      {problem !== null && status === null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {status === null && problem === null && <p aria-live="polite">{t('sync.syncScreen.loading')}</p>}
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
  const { t } = useTranslation();
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
        <h2 id="sync-status-title">{t('sync.syncScreen.thisWorkstation')}</h2>
        {canRun && (
          <button type="button" onClick={() => void start()} disabled={status.running}>
            {status.running ? t('sync.syncScreen.syncing') : t('sync.syncScreen.syncNow')}
          </button>
        )}
      </div>
      <p className="sync-sentence" data-testid="sync-sentence">
        {text.sentence}
      </p>
      {status.running && (
        <SyncProgressBar
          progress={status.progress}
          label={
            status.initialSyncDone ? t('sync.syncScreen.syncProgress') : t('sync.syncScreen.firstSyncOfThisWorkstation')
          }
        />
      )}
      {skew !== null && (
        <p className="warning" role="alert" data-testid="clock-skew-warning">
          {skew}
        </p>
      )}
      {status.lastError !== null && !status.running && (
        <p className="form-error" role="alert">
          {t('sync.syncScreen.theLastAttemptDidNot', { lastError: status.lastError })}
        </p>
      )}
      <FormError message={refusal} />
      <dl className="facts sync-facts">
        <dt>{t('sync.syncScreen.connection')}</dt>
        <dd>
          {status.online === null
            ? t('sync.syncScreen.notTriedYet')
            : status.online
              ? t('sync.syncScreen.online')
              : t('sync.syncScreen.offline')}
        </dd>
        <dt>{t('sync.syncScreen.lastSync')}</dt>
        <dd>
          {status.lastSyncAt === null ? (
            t('sync.syncScreen.never')
          ) : (
            <time dateTime={status.lastSyncAt}>
              {formatDateTime(status.lastSyncAt)} ({timeAgo(status.lastSyncAt, now)})
            </time>
          )}
        </dd>
        <dt>{t('sync.syncScreen.changesWaitingToBeSent')}</dt>
        <dd data-testid="sync-pending">{status.pendingChanges.toLocaleString('en-KE')}</dd>
        <dt>{t('sync.syncScreen.nextAutomaticSync')}</dt>
        <dd>{status.nextAttemptAt === null ? '—' : formatDateTime(status.nextAttemptAt)}</dd>
        <dt>{t('sync.syncScreen.syncServer')}</dt>
        <dd className="mono">{status.serverUrl}</dd>
        <dt>{t('sync.syncScreen.thisWorkstationSId')}</dt>
        <dd className="mono">{status.deviceId}</dd>
      </dl>
    </section>
  );
}

function ConflictsSummary({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const canReview = useCan('sync.resolve_conflicts');
  if (!canReview) return null;
  const count = status.conflictsToReview;
  return (
    <section className="panel" aria-labelledby="sync-conflicts-title">
      <div className="panel-heading">
        <h2 id="sync-conflicts-title">
          {t('sync.syncScreen.conflictingEdits')}
          {count > 0 && <span className="count-badge">{t('sync.syncScreen.toReview', { countValue: count })}</span>}
        </h2>
        <Link to="/sync/conflicts">{t('sync.syncScreen.reviewConflictingEdits')}</Link>
      </div>
      <p className="muted">{t('sync.syncScreen.whenTwoWorkstationsChangedThe')}</p>
    </section>
  );
}

function RecoveryKitPanel() {
  const { t } = useTranslation();
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
      <h2 id="recovery-kit-title">{t('sync.syncScreen.recoveryKit')}</h2>
      <p>{t('sync.syncScreen.aPrintedPageThatCan')}</p>
      <FormError message={error} />
      <button type="button" className="secondary" onClick={() => void create()} disabled={busy}>
        {busy ? t('sync.syncScreen.creating') : t('sync.syncScreen.createARecoveryKit')}
      </button>
    </section>
  );
}

type ConnectValues = z.output<typeof connectInput>;

/** Connects the facility's first workstation to a server with the token the server was started with. */
function ConnectPanel({ facilityId }: { facilityId: string | null }) {
  const { t } = useTranslation();
  const canConnect = useCan('devices.enroll');
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof connectInput>, unknown, ConnectValues>({
    resolver: translatedResolver(connectInput),
    defaultValues: { serverUrl: '', bootstrapToken: '' },
  });

  if (!canConnect) {
    return (
      <section className="panel" aria-labelledby="connect-title">
        <h2 id="connect-title">{t('sync.syncScreen.notConnected')}</h2>
        <p>{t('sync.syncScreen.thisWorkstationIsNotConnected')}</p>
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
    setNotice(t('sync.syncScreen.connected'));
    void useSyncStore.getState().syncNow();
  };

  return (
    <form
      className="panel form-narrow"
      aria-labelledby="connect-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="connect-title">{t('sync.syncScreen.connectToASyncServer')}</h2>
      <p>{t('sync.syncScreen.thisWorkstationIsNotConnected2')}</p>
      {facilityId !== null && (
        <p>
          {t('sync.syncScreen.whoeverRunsTheServerIssues')}
          <span className="mono" data-testid="facility-id">
            {facilityId}
          </span>
        </p>
      )}
      <TextField
        label={t('sync.syncScreen.serverAddress')}
        hint={t('sync.syncScreen.forExampleHttpsSyncExample')}
        registration={register('serverUrl')}
        error={errors.serverUrl?.message}
        autoComplete="url"
        spellCheck={false}
        className="field-mono"
      />
      <PasswordField
        label={t('sync.syncScreen.facilityToken')}
        registration={register('bootstrapToken')}
        error={errors.bootstrapToken?.message}
        autoComplete="off"
      />
      <FormError message={formError} />
      <Notice message={notice} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('sync.syncScreen.connecting') : t('sync.syncScreen.connect')}
        </button>
      </div>
    </form>
  );
}
