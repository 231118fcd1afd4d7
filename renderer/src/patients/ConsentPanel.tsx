import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { consentContract, type ConsentState, type ConsentView } from '../../../shared/api/consent';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { ConfirmAction } from '../ui/ConfirmAction';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';
import { useChartStore } from './chart-store';
import { RadioGroupField } from './fields';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { message } from '../i18n/validation';

type ConsentKind = ConsentView['kind'];

export function kindLabel(kind: ConsentKind): string {
  return i18n.t(`patients.consentPanel.kind.${kind}`);
}

/** "to be examined and treated here": completes "consent …" in a sentence. */
function kindDescription(kind: ConsentKind): string {
  return i18n.t(`patients.consentPanel.kindDescription.${kind}`);
}

/** The purpose the form starts with; what the person keeps (or edits) is recorded as written. */
function defaultPurpose(kind: ConsentKind): string {
  return i18n.t(`patients.consentPanel.defaultPurpose.${kind}`);
}

export function decisionLabel(decision: ConsentView['decision']): string {
  return i18n.t(`patients.consentPanel.decision.${decision}`);
}

const DECISION_TONE: Readonly<Record<ConsentView['decision'], string>> = {
  given: 'tag-ok',
  declined: 'tag-warning',
  withdrawn: 'tag-revoked',
};

const KINDS: readonly ConsentKind[] = ['care', 'data_processing'];

function current(state: ConsentState, kind: ConsentKind): ConsentView | null {
  return kind === 'care' ? state.care : state.dataProcessing;
}

/** Consent to care and to data processing: the current decision of each, its history, and recording a new one. */
export function ConsentPanel({ patientId, patientName }: { patientId: string; patientName: string }) {
  const { t } = useTranslation();
  const section = useChartStore((store) => store.consent);
  const canRecord = useCan('consent.record');
  const [editing, setEditing] = useState<ConsentKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = section.value;

  const withdraw = async (consent: ConsentView) => {
    setBusy(true);
    setNotice(null);
    setError(null);
    const result = await runCommand(() =>
      clinic().consent.record({
        patientId,
        kind: consent.kind,
        purpose: consent.purpose,
        noticeVersion: consent.noticeVersion,
        decision: 'withdrawn',
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    useChartStore.getState().setConsent(result.value);
    setNotice(t('patients.consentPanel.withdrawnNotice', { kind: kindLabel(consent.kind).toLowerCase() }));
  };

  return (
    <section className="panel chart-panel" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('patients.consentPanel.consent')}</h2>
      {section.error !== null && (
        <p role="alert" className="form-error">
          {section.error}
        </p>
      )}
      {state === null && section.error === null && <p aria-live="polite">{t('patients.consentPanel.loading')}</p>}
      <Notice message={notice} />
      <FormError message={error} />
      {state !== null && (
        <ul className="consent-list">
          {KINDS.map((kind) => {
            const consent = current(state, kind);
            return (
              <li
                key={kind}
                className="consent-item"
                aria-label={t('patients.consentPanel.consentTo', { value: kindLabel(kind).toLowerCase() })}
              >
                <div className="consent-head">
                  <strong>{kindLabel(kind)}</strong>
                  {consent === null ? (
                    <span className="tag tag-muted">{t('patients.consentPanel.notRecorded')}</span>
                  ) : (
                    <span className={`tag ${DECISION_TONE[consent.decision]}`} data-testid={`consent-${kind}`}>
                      {decisionLabel(consent.decision)}
                    </span>
                  )}
                </div>
                {consent === null ? (
                  <p className="muted consent-meta">
                    {t('patients.consentPanel.noDecisionRecorded', { value: kindDescription(kind) })}
                  </p>
                ) : (
                  <p className="consent-meta">
                    {formatDateTime(consent.decidedAt)}
                    {consent.recordedByName !== null &&
                      t('patients.consentPanel.by', { recordedByName: consent.recordedByName })}
                    {t('patients.consentPanel.notice', { noticeVersion: consent.noticeVersion })}
                    <span className="muted"> · {consent.purpose}</span>
                  </p>
                )}
                {canRecord && editing !== kind && (
                  <div className="row-actions-inline">
                    <button
                      type="button"
                      className="secondary btn-small"
                      disabled={busy}
                      onClick={() => {
                        setNotice(null);
                        setError(null);
                        setEditing(kind);
                      }}
                      aria-label={t('patients.consentPanel.recordConsentTo', {
                        value: kindLabel(kind).toLowerCase(),
                      })}
                    >
                      {t('patients.consentPanel.recordDecision')}
                    </button>
                    {consent?.decision === 'given' && (
                      <ConfirmAction
                        label={t('patients.consentPanel.withdrawConsentTo', {
                          value: kindLabel(kind).toLowerCase(),
                        })}
                        question={t('patients.consentPanel.withdrawQuestion', {
                          name: patientName,
                          description: kindDescription(kind),
                        })}
                        confirmLabel={t('patients.consentPanel.recordWithdrawal')}
                        danger
                        busy={busy}
                        onConfirm={() => void withdraw(consent)}
                      />
                    )}
                  </div>
                )}
                {canRecord && editing === kind && (
                  <ConsentForm
                    patientId={patientId}
                    kind={kind}
                    noticeVersion={state.history[0]?.noticeVersion ?? ''}
                    onDone={(message) => {
                      setEditing(null);
                      setNotice(message);
                    }}
                    onCancel={() => setEditing(null)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {state !== null && state.history.length > 0 && (
        <details className="history">
          <summary>{t('patients.consentPanel.history', { length: state.history.length })}</summary>
          <ol className="history-list">
            {state.history.map((entry) => (
              <li key={entry.id}>
                {formatDateTime(entry.decidedAt)}: {kindLabel(entry.kind)} —{' '}
                {decisionLabel(entry.decision).toLowerCase()}
                {entry.recordedByName !== null &&
                  t('patients.consentPanel.recordedBy', { recordedByName: entry.recordedByName })}
                {t('patients.consentPanel.notice2', { noticeVersion: entry.noticeVersion })}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

const consentForm = consentContract['consent.record'].input
  .pick({ purpose: true, noticeVersion: true, decision: true })
  .refine((values) => values.decision !== 'withdrawn', {
    path: ['decision'],
    ...message('patients.consentPanel.chooseDecision'),
  });
type ConsentFormValues = z.output<typeof consentForm>;

interface ConsentFormProps {
  patientId: string;
  kind: ConsentKind;
  noticeVersion: string;
  onDone(message: string): void;
  onCancel(): void;
}

function ConsentForm({ patientId, kind, noticeVersion, onDone, onCancel }: ConsentFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof consentForm>, unknown, ConsentFormValues>({
    resolver: translatedResolver(consentForm),
    defaultValues: { decision: 'given', purpose: defaultPurpose(kind), noticeVersion },
  });
  // The form opened in place: focus its first choice.
  useEffect(() => setFocus('decision'), [setFocus]);

  const submit = async (values: ConsentFormValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().consent.record({ patientId, kind, ...values }));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['purpose', 'noticeVersion', 'decision']));
      return;
    }
    useChartStore.getState().setConsent(result.value);
    onDone(
      values.decision === 'given'
        ? t('patients.consentPanel.recordedGiven', { kind: kindLabel(kind).toLowerCase() })
        : t('patients.consentPanel.recordedDeclined', { kind: kindLabel(kind).toLowerCase() }),
    );
  };

  return (
    <form
      className="stack inline-form"
      aria-label={t('patients.consentPanel.consentTo', { value: kindLabel(kind).toLowerCase() })}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <RadioGroupField
        legend={t('patients.consentPanel.thePatientSDecision')}
        registration={register('decision')}
        choices={[
          { value: 'given', label: decisionLabel('given') },
          { value: 'declined', label: decisionLabel('declined') },
        ]}
        error={errors.decision?.message}
      />
      <TextField
        label={t('patients.consentPanel.purposeExplained')}
        registration={register('purpose')}
        error={errors.purpose?.message}
        autoComplete="off"
      />
      <TextField
        label={t('patients.consentPanel.privacyNoticeVersion')}
        hint={t('patients.consentPanel.asPrintedOnTheNotice')}
        registration={register('noticeVersion')}
        error={errors.noticeVersion?.message}
        autoComplete="off"
        className="field-narrow"
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('patients.consentPanel.saving') : t('patients.consentPanel.saveDecision')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('patients.consentPanel.cancel')}
        </button>
      </div>
    </form>
  );
}
