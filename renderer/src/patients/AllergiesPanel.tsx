import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ALLERGY_SEVERITIES, allergiesContract, type AllergyView } from '../../../shared/api/allergies';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDate } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { ConfirmAction } from '../ui/ConfirmAction';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, SelectField, TextField } from '../ui/form';
import { useChartStore } from './chart-store';
import { severityWord } from './patient-text';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { message } from '../i18n/validation';

export function severityLabel(severity: AllergyView['severity']): string {
  return i18n.t(`patients.allergiesPanel.severityLabel.${severity}`);
}

const SEVERITY_TONE: Readonly<Record<AllergyView['severity'], string>> = {
  mild: 'tag-warning',
  moderate: 'tag-warning',
  severe: 'tag-alert',
  unknown: 'tag-muted',
};

/** "Penicillin (severe)". */
export function allergyText(allergy: AllergyView): string {
  const severity = severityWord(allergy.severity);
  return severity === null ? allergy.allergen : `${allergy.allergen} (${severity})`;
}

/**
 * The line under the patient's name that nobody should miss: active allergies,
 * or that none are recorded (which is not the same as "no known allergies").
 */
export function AllergyStrip() {
  const { t } = useTranslation();
  const allergies = useChartStore((store) => store.allergies.value);
  if (allergies === null) return null;
  const active = allergies.filter((allergy) => allergy.active);
  if (active.length === 0) {
    return (
      <p className="allergy-strip allergy-strip-none" data-testid="allergy-strip">
        {t('patients.allergiesPanel.noAllergiesRecorded')}
      </p>
    );
  }
  return (
    <p className="allergy-strip" data-testid="allergy-strip">
      <strong>{t('patients.allergiesPanel.allergies')}</strong> {active.map(allergyText).join(' · ')}
    </p>
  );
}

/** Allergies: active ones first and prominent, inactive ones kept below; recording and marking inactive. */
export function AllergiesPanel({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const section = useChartStore((store) => store.allergies);
  const canRecord = useCan('allergies.record');
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allergies = section.value;
  const active = allergies?.filter((allergy) => allergy.active) ?? [];
  const inactive = allergies?.filter((allergy) => !allergy.active) ?? [];

  const deactivate = async (allergy: AllergyView) => {
    setBusy(true);
    setNotice(null);
    setError(null);
    const result = await runCommand(() => clinic().allergies.deactivate({ allergyId: allergy.id }));
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    useChartStore.getState().setAllergies(result.value);
    setNotice(t('patients.allergiesPanel.inactive', { allergen: allergy.allergen }));
  };

  return (
    <section className="panel chart-panel" aria-labelledby="allergies-title">
      <div className="panel-heading">
        <h2 id="allergies-title">{t('patients.allergiesPanel.allergies2')}</h2>
        {canRecord && !adding && allergies !== null && (
          <button
            type="button"
            className="secondary btn-small"
            onClick={() => {
              setNotice(null);
              setError(null);
              setAdding(true);
            }}
          >
            {t('patients.allergiesPanel.recordAllergy')}
          </button>
        )}
      </div>
      {section.error !== null && (
        <p role="alert" className="form-error">
          {section.error}
        </p>
      )}
      {allergies === null && section.error === null && <p aria-live="polite">{t('patients.allergiesPanel.loading')}</p>}
      <Notice message={notice} />
      <FormError message={error} />
      {adding && (
        <AllergyForm
          patientId={patientId}
          onDone={(message) => {
            setAdding(false);
            setNotice(message);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {allergies !== null && active.length === 0 && (
        <p className="muted">{t('patients.allergiesPanel.noActiveAllergiesRecorded')}</p>
      )}
      {active.length > 0 && (
        <ul className="allergy-list" aria-label={t('patients.allergiesPanel.activeAllergies')}>
          {active.map((allergy) => (
            <li key={allergy.id} className="allergy-item allergy-active">
              <div className="allergy-head">
                <strong>{allergy.allergen}</strong>
                <span className={`tag ${SEVERITY_TONE[allergy.severity]}`}>{severityLabel(allergy.severity)}</span>
              </div>
              <p className="allergy-meta">
                {allergy.reaction !== null && <>{allergy.reaction} · </>}
                <span className="muted">
                  {t('patients.allergiesPanel.recorded', { recordedAt: formatDate(allergy.recordedAt) })}
                </span>
              </p>
              {canRecord && (
                <ConfirmAction
                  label={t('patients.allergiesPanel.markInactive2', { allergen: allergy.allergen })}
                  question={t('patients.allergiesPanel.removeQuestion', { allergen: allergy.allergen })}
                  confirmLabel={t('patients.allergiesPanel.markInactive')}
                  busy={busy}
                  onConfirm={() => void deactivate(allergy)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {inactive.length > 0 && (
        <details className="history">
          <summary>{t('patients.allergiesPanel.inactiveOrEnteredInError', { length: inactive.length })}</summary>
          <ul className="history-list">
            {inactive.map((allergy) => (
              <li key={allergy.id}>
                <s>{allergyText(allergy)}</s>
                {allergy.reaction !== null && ` — ${allergy.reaction}`}
                {t('patients.allergiesPanel.recorded2', { recordedAt: formatDate(allergy.recordedAt) })}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

// The contract's bounds, with messages for people.
const { allergen, reaction } = allergiesContract['allergies.record'].input.shape;
const allergyForm = z.object({
  allergen: z
    .string()
    .trim()
    .min(allergen.minLength ?? 2, message('patients.allergiesPanel.nameAllergen'))
    .max(allergen.maxLength ?? 120, message('validation.textAtMost', { max: allergen.maxLength ?? 120 })),
  reaction: z
    .string()
    .trim()
    .max(
      reaction.unwrap().maxLength ?? 200,
      message('validation.textAtMost', { max: reaction.unwrap().maxLength ?? 200 }),
    ),
  severity: z
    .enum(['', ...ALLERGY_SEVERITIES])
    .refine((value) => value !== '', message('patients.allergiesPanel.chooseSeverity')),
});
type AllergyFormValues = z.input<typeof allergyForm>;

const severityOptions = () =>
  ALLERGY_SEVERITIES.map((severity) => ({ value: severity, label: severityLabel(severity) }));

function AllergyForm({
  patientId,
  onDone,
  onCancel,
}: {
  patientId: string;
  onDone(message: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AllergyFormValues, unknown, z.output<typeof allergyForm>>({
    resolver: translatedResolver(allergyForm),
    defaultValues: { allergen: '', reaction: '', severity: '' },
  });

  const submit = async (values: z.output<typeof allergyForm>) => {
    setFormError(null);
    const { severity } = values;
    const result = await runCommand(() =>
      clinic().allergies.record({
        patientId,
        allergen: values.allergen,
        severity,
        ...(values.reaction === '' ? {} : { reaction: values.reaction }),
      }),
    );
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['allergen', 'reaction', 'severity']));
      return;
    }
    useChartStore.getState().setAllergies(result.value);
    onDone(t('patients.allergiesPanel.recordedNotice', { allergen: values.allergen }));
  };

  return (
    <form
      className="stack inline-form"
      aria-label={t('patients.allergiesPanel.recordAllergy')}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <TextField
        label={t('patients.allergiesPanel.allergicTo')}
        hint={t('patients.allergiesPanel.aMedicineFoodOrOther')}
        registration={register('allergen')}
        error={errors.allergen?.message}
        autoComplete="off"
        autoFocus
      />
      <TextField
        label={t('patients.allergiesPanel.reactionOptional')}
        registration={register('reaction')}
        error={errors.reaction?.message}
        autoComplete="off"
      />
      <SelectField
        label={t('patients.allergiesPanel.severity')}
        registration={register('severity')}
        options={severityOptions()}
        placeholder={t('patients.allergiesPanel.choose')}
        error={errors.severity?.message}
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('patients.allergiesPanel.saving') : t('patients.allergiesPanel.saveAllergy')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('patients.allergiesPanel.cancel')}
        </button>
      </div>
    </form>
  );
}
