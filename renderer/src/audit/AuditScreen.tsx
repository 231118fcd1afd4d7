import { translatedResolver } from '../ui/translated-resolver';
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
  actionLabel,
  auditFilterForm,
  EMPTY_FILTER,
  FILTER_FIELDS,
  outcomeLabel,
  toAuditFilter,
  type AuditFilterValues,
} from './audit-filter';
import { AUDIT_PAGE_SIZE, useAuditStore } from './audit-store';
import { AuditRetentionPanel } from './AuditRetentionPanel';
import { ChainReportView, useChainVerification } from './VerifyChain';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

// Functions, not module constants: the labels follow the UI language at render time.
const actionOptions = (): SelectOption[] =>
  AUDIT_ACTIONS.map((action) => ({ value: action, label: `${actionLabel(action)} (${action})` }));
const outcomeOptions = (): SelectOption[] =>
  AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: outcomeLabel(outcome) }));

/**
 * The audit trail for admins and auditors: search by user, patient, action,
 * outcome and dates (audit.search, 50 a page), export the filtered view as CSV
 * (audit.export, step-up), verify the hash chains, and keep retention.
 */
export function AuditScreen() {
  const { t } = useTranslation();
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
    setExportNotice(t('audit.auditScreen.exported', { count: result.value.rowCount, filename: result.value.filename }));
  };

  const first = page * AUDIT_PAGE_SIZE + 1;
  const last = page * AUDIT_PAGE_SIZE + (entries?.length ?? 0);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

  return (
    <section aria-labelledby="audit-title" className="page page-wide">
      <div className="page-heading">
        <h1 id="audit-title">{t('audit.auditScreen.auditTrail')}</h1>
        <div className="heading-actions">
          {canVerify && (
            <button
              type="button"
              className="secondary"
              onClick={() => void verification.verify()}
              disabled={verification.checking}
            >
              {verification.checking ? t('audit.auditScreen.verifying') : t('audit.auditScreen.verifyChain')}
            </button>
          )}
          {canExport && (
            <button type="button" onClick={() => void exportCsv()} disabled={exporting || entries === null}>
              {exporting ? t('audit.auditScreen.exporting') : t('audit.auditScreen.exportCsv')}
            </button>
          )}
        </div>
      </div>
      <p className="muted">{t('audit.auditScreen.everySignInRecordRead')}</p>
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
      {entries === null && error === null && <p aria-live="polite">{t('audit.auditScreen.loading')}</p>}
      {entries !== null && (
        <>
          <div className="results-bar">
            <p aria-live="polite" data-testid="audit-count">
              {total === 0
                ? t('audit.auditScreen.noEntriesMatch')
                : t('audit.auditScreen.showingOf', { first, last, count: total })}
            </p>
            {total > AUDIT_PAGE_SIZE && (
              <div className="pager" role="group" aria-label={t('audit.auditScreen.pages')}>
                <button
                  type="button"
                  className="secondary"
                  disabled={page === 0 || loading}
                  onClick={() => void showPage(page - 1)}
                >
                  {t('audit.auditScreen.newer')}
                </button>
                <span>{t('audit.auditScreen.pageOf', { value: page + 1, pages })}</span>
                <button
                  type="button"
                  className="secondary"
                  disabled={page + 1 >= pages || loading}
                  onClick={() => void showPage(page + 1)}
                >
                  {t('audit.auditScreen.older')}
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
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<AuditFilterValues>({ resolver: translatedResolver(auditFilterForm), defaultValues: values });

  const submit = async (next: AuditFilterValues) => {
    setFormError(null);
    const failure = await onSearch(next);
    // Core's VALIDATION answer, should the contract refuse what the form let through, lands on the fields.
    if (failure?.code === 'VALIDATION') setFormError(applyFailure(failure, setError, FILTER_FIELDS));
  };

  return (
    <form
      className="panel filter-form"
      aria-label={t('audit.auditScreen.filterTheAuditTrail')}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <div className="filter-grid">
        {userOptions !== null && (
          <SelectField
            // Users arrive after the form is built; a new select then shows the chosen one.
            key={userOptions.length}
            label={t('audit.auditScreen.user')}
            registration={register('userId')}
            options={userOptions}
            placeholder={t('audit.auditScreen.anyUser')}
            error={errors.userId?.message}
          />
        )}
        <SelectField
          label={t('audit.auditScreen.action')}
          registration={register('action')}
          options={actionOptions()}
          placeholder={t('audit.auditScreen.anyAction')}
          error={errors.action?.message}
        />
        <SelectField
          label={t('audit.auditScreen.outcome')}
          registration={register('outcome')}
          options={outcomeOptions()}
          placeholder={t('audit.auditScreen.anyOutcome')}
          error={errors.outcome?.message}
        />
        <TextField
          label={t('audit.auditScreen.patientRecordIdOptional')}
          registration={register('patientId')}
          error={errors.patientId?.message}
          autoComplete="off"
          spellCheck={false}
          className="field-mono"
        />
        <TextField
          label={t('audit.auditScreen.from')}
          type="date"
          registration={register('from')}
          error={errors.from?.message}
        />
        <TextField
          label={t('audit.auditScreen.to')}
          type="date"
          registration={register('to')}
          error={errors.to?.message}
        />
      </div>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={searching}>
          {searching ? t('audit.auditScreen.searching') : t('audit.auditScreen.search')}
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
          {t('audit.auditScreen.clearFilters')}
        </button>
      </div>
    </form>
  );
}

function userText(entry: AuditEntryView): string {
  if (entry.userName !== null) return entry.userName;
  if (entry.userId !== null) return i18n.t('audit.auditScreen.removedUser');
  return entry.action === 'FAILED_LOGIN' ? i18n.t('audit.auditScreen.noSuchAccount') : '—';
}

function AuditTable({ entries }: { entries: readonly AuditEntryView[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table audit-table" aria-labelledby="audit-title">
        <thead>
          <tr>
            <th scope="col">{t('audit.auditScreen.time')}</th>
            <th scope="col">{t('audit.auditScreen.user')}</th>
            <th scope="col">{t('audit.auditScreen.action')}</th>
            <th scope="col">{t('audit.auditScreen.command')}</th>
            <th scope="col">{t('audit.auditScreen.resource')}</th>
            <th scope="col">{t('audit.auditScreen.outcome')}</th>
            <th scope="col">{t('audit.auditScreen.purpose')}</th>
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
      <span className={`tag ${tone}`}>{outcomeLabel(entry.outcome)}</span>
      {entry.errorCode !== null && <span className="mono error-code">{entry.errorCode}</span>}
    </>
  );
}
