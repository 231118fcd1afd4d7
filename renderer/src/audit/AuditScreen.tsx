import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntryView } from '../../../shared/api/audit';
import type { CommandFailure } from '../../../shared/api/errors';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { downloadText } from '../ui/download';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, SelectField, TextField, type SelectOption } from '../ui/form';
import { formatDateTimeSeconds } from '../ui/local-time';
import { useUsersStore } from '../users/users-store';
import {
  ACTION_LABELS,
  auditFilterForm,
  EMPTY_FILTER,
  FILTER_FIELDS,
  OUTCOME_LABELS,
  toAuditFilter,
  type AuditFilterValues,
} from './audit-filter';
import { AUDIT_PAGE_SIZE, useAuditStore } from './audit-store';
import { AuditRetentionPanel } from './AuditRetentionPanel';
import { ChainReportView, useChainVerification } from './VerifyChain';

const ACTION_OPTIONS: SelectOption[] = AUDIT_ACTIONS.map((action) => ({
  value: action,
  label: `${ACTION_LABELS[action]} (${action})`,
}));
const OUTCOME_OPTIONS: SelectOption[] = AUDIT_OUTCOMES.map((outcome) => ({
  value: outcome,
  label: OUTCOME_LABELS[outcome],
}));

/**
 * The audit trail for admins and auditors: search by user, patient, action,
 * outcome and dates (audit.search, 50 a page), export the filtered view as CSV
 * (audit.export, step-up), verify the hash chains, and keep retention.
 */
export function AuditScreen() {
  const canExport = useCan('audit.export');
  const canVerify = useCan('audit.verify');
  const canReadUsers = useCan('users.read');
  const users = useUsersStore((store) => store.users);
  const { values, filter, page, entries, total, loading, error, search, showPage } = useAuditStore();
  const [exporting, setExporting] = useState(false);
  const [exportNotice, setExportNotice] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const verification = useChainVerification();

  useEffect(() => {
    if (canReadUsers) void useUsersStore.getState().load();
    // The first visit shows the latest entries; a later one the search the user left, read afresh.
    const store = useAuditStore.getState();
    void store.search(store.values, store.filter, store.page);
  }, [canReadUsers]);

  const userOptions: SelectOption[] = useMemo(
    () =>
      [...(users ?? [])]
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .map((user) => ({
          value: user.id,
          label: `${user.displayName} (${user.username})${user.active ? '' : ', deactivated'}`,
        })),
    [users],
  );

  const exportCsv = async () => {
    setExporting(true);
    setExportNotice(null);
    setExportError(null);
    const result = await runCommand(() => clinic().audit.export({ filter }));
    setExporting(false);
    if (!result.ok) {
      setExportError(result.message);
      return;
    }
    downloadText(result.value.filename, result.value.csv);
    setExportNotice(
      `Exported ${result.value.rowCount} ${result.value.rowCount === 1 ? 'entry' : 'entries'} to ${result.value.filename}. The export itself is recorded in the audit trail.`,
    );
  };

  const first = page * AUDIT_PAGE_SIZE + 1;
  const last = page * AUDIT_PAGE_SIZE + (entries?.length ?? 0);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

  return (
    <section aria-labelledby="audit-title" className="page page-wide">
      <div className="page-heading">
        <h1 id="audit-title">Audit trail</h1>
        <div className="heading-actions">
          {canVerify && (
            <button
              type="button"
              className="secondary"
              onClick={() => void verification.verify()}
              disabled={verification.checking}
            >
              {verification.checking ? 'Verifying…' : 'Verify chain'}
            </button>
          )}
          {canExport && (
            <button type="button" onClick={() => void exportCsv()} disabled={exporting || entries === null}>
              {exporting ? 'Exporting…' : 'Export CSV'}
            </button>
          )}
        </div>
      </div>
      <p className="muted">
        Every sign-in, record read and change on this workstation, newest first. Entries cannot be changed or removed
        before their retention period ends.
      </p>
      {canVerify && <ChainReportView verification={verification} />}
      <Notice message={exportNotice} />
      <FormError message={exportError} />

      <FilterForm
        values={values}
        userOptions={canReadUsers ? userOptions : null}
        searching={loading}
        onSearch={(next) => search(next, toAuditFilter(next))}
      />

      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {entries === null && error === null && <p aria-live="polite">Loading…</p>}
      {entries !== null && (
        <>
          <div className="results-bar">
            <p aria-live="polite" data-testid="audit-count">
              {total === 0
                ? 'No entries match.'
                : `Showing ${first}–${last} of ${total} ${total === 1 ? 'entry' : 'entries'}.`}
            </p>
            {total > AUDIT_PAGE_SIZE && (
              <div className="pager" role="group" aria-label="Pages">
                <button
                  type="button"
                  className="secondary"
                  disabled={page === 0 || loading}
                  onClick={() => void showPage(page - 1)}
                >
                  ‹ Newer
                </button>
                <span>
                  Page {page + 1} of {pages}
                </span>
                <button
                  type="button"
                  className="secondary"
                  disabled={page + 1 >= pages || loading}
                  onClick={() => void showPage(page + 1)}
                >
                  Older ›
                </button>
              </div>
            )}
          </div>
          {entries.length > 0 && <AuditTable entries={entries} />}
        </>
      )}
      <AuditRetentionPanel />
    </section>
  );
}

interface FilterFormProps {
  values: AuditFilterValues;
  /** Users to choose from; null when this user may not list them. */
  userOptions: readonly SelectOption[] | null;
  searching: boolean;
  onSearch(values: AuditFilterValues): Promise<CommandFailure | null>;
}

function FilterForm({ values, userOptions, searching, onSearch }: FilterFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<AuditFilterValues>({ resolver: zodResolver(auditFilterForm), defaultValues: values });

  const submit = async (next: AuditFilterValues) => {
    setFormError(null);
    const failure = await onSearch(next);
    // Core's VALIDATION answer, should the contract refuse what the form let through, lands on the fields.
    if (failure?.code === 'VALIDATION') setFormError(applyFailure(failure, setError, FILTER_FIELDS));
  };

  return (
    <form
      className="panel filter-form"
      aria-label="Filter the audit trail"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <div className="filter-grid">
        {userOptions !== null && (
          <SelectField
            // Users arrive after the form is built; a new select then shows the chosen one.
            key={userOptions.length}
            label="User"
            registration={register('userId')}
            options={userOptions}
            placeholder="Any user"
            error={errors.userId?.message}
          />
        )}
        <SelectField
          label="Action"
          registration={register('action')}
          options={ACTION_OPTIONS}
          placeholder="Any action"
          error={errors.action?.message}
        />
        <SelectField
          label="Outcome"
          registration={register('outcome')}
          options={OUTCOME_OPTIONS}
          placeholder="Any outcome"
          error={errors.outcome?.message}
        />
        <TextField
          label="Patient record id (optional)"
          registration={register('patientId')}
          error={errors.patientId?.message}
          autoComplete="off"
          spellCheck={false}
          className="field-mono"
        />
        <TextField label="From" type="date" registration={register('from')} error={errors.from?.message} />
        <TextField label="To" type="date" registration={register('to')} error={errors.to?.message} />
      </div>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={searching}>
          {searching ? 'Searching…' : 'Search'}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setFormError(null);
            reset(EMPTY_FILTER);
            void onSearch(EMPTY_FILTER);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

function userText(entry: AuditEntryView): string {
  if (entry.userName !== null) return entry.userName;
  if (entry.userId !== null) return 'Removed user';
  return entry.action === 'FAILED_LOGIN' ? 'No such account' : '—';
}

function AuditTable({ entries }: { entries: readonly AuditEntryView[] }) {
  return (
    <div className="table-scroll">
      <table className="table audit-table" aria-labelledby="audit-title">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Command</th>
            <th scope="col">Resource</th>
            <th scope="col">Outcome</th>
            <th scope="col">Purpose</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="nowrap">
                <time dateTime={entry.occurredAt}>{formatDateTimeSeconds(entry.occurredAt)}</time>
              </td>
              <td>{userText(entry)}</td>
              <td>
                <span className="mono">{entry.action}</span>
              </td>
              <td className="mono">{entry.command}</td>
              <td>
                {entry.resourceType}
                {entry.resourceId !== null && <span className="mono resource-id">{entry.resourceId}</span>}
              </td>
              <td>
                <OutcomeTag entry={entry} />
              </td>
              <td className="purpose">{entry.purpose ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutcomeTag({ entry }: { entry: AuditEntryView }) {
  const tone = entry.outcome === 'allowed' ? 'tag-ok' : entry.outcome === 'denied' ? 'tag-revoked' : 'tag-warning';
  return (
    <>
      <span className={`tag ${tone}`}>{OUTCOME_LABELS[entry.outcome]}</span>
      {entry.errorCode !== null && <span className="mono error-code">{entry.errorCode}</span>}
    </>
  );
}
