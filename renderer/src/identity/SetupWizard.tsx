import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { z } from 'zod';
import { facilitySchema, setupInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure, firstIssuePath } from '../ui/failure';
import { FormError, PasswordField, SelectField, TextField } from '../ui/form';
import { KENYA_COUNTIES } from '../../../shared/reference/counties';
import { useIdentityStore } from './identity-store';
import { confirmed, newPasswordHint } from './passwords';
import { useTranslation } from 'react-i18next';

const ownerForm = confirmed(
  setupInput.shape.owner.extend({ passwordConfirmation: z.string() }),
  'password',
  'passwordConfirmation',
);
const setupForm = z.object({
  organizationName: setupInput.shape.organizationName,
  facility: facilitySchema,
  owner: ownerForm,
});
type SetupFormInput = z.input<typeof setupForm>;
type SetupFormValues = z.output<typeof setupForm>;
type SetupField = Path<SetupFormInput>;

// Titles are keys under identity.setupWizard.step, read at render time in the UI language.
const STEPS: readonly { title: 'organisation' | 'owner'; fields: readonly SetupField[] }[] = [
  {
    title: 'organisation',
    fields: ['organizationName', 'facility.name', 'facility.mflCode', 'facility.county'],
  },
  {
    title: 'owner',
    fields: ['owner.username', 'owner.displayName', 'owner.password', 'owner.passwordConfirmation'],
  },
];
const ALL_FIELDS = STEPS.flatMap((step) => step.fields);
const COUNTIES_BY_NAME = [...KENYA_COUNTIES].sort((a, b) => a.localeCompare(b));

/**
 * First run on a new workstation: the organisation, its facility and the owner account, in two steps.
 * `alternatives` (joining an existing facility instead) shows under the first step.
 */
export function SetupWizard({ alternatives }: { alternatives?: ReactNode }) {
  const { t } = useTranslation();
  const refreshSetup = useIdentityStore((store) => store.refreshSetup);
  const markSetUp = useIdentityStore((store) => store.markSetUp);
  const [step, setStep] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  // A field to focus once its step is on screen (after a refusal from core about an earlier step).
  const focusAfterRender = useRef<SetupField | null>(null);
  const {
    register,
    handleSubmit,
    trigger,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<SetupFormInput, unknown, SetupFormValues>({
    resolver: translatedResolver(setupForm),
    defaultValues: {
      organizationName: '',
      // No county until the user picks one; the schema then names the field.
      facility: { name: '', mflCode: '' },
      owner: { username: '', displayName: '', password: '', passwordConfirmation: '' },
    },
  });

  useEffect(() => {
    if (focusAfterRender.current === null) return;
    setFocus(focusAfterRender.current);
    focusAfterRender.current = null;
  }, [setFocus, step]);

  const next = async () => {
    const firstStep = STEPS[0];
    if (firstStep !== undefined && (await trigger([...firstStep.fields], { shouldFocus: true }))) setStep(1);
  };

  const submit = async (values: SetupFormValues) => {
    setFormError(null);
    const result = await runCommand(() =>
      clinic().setup.complete({
        organizationName: values.organizationName,
        facility: values.facility,
        owner: {
          username: values.owner.username,
          displayName: values.owner.displayName,
          password: values.owner.password,
        },
      }),
    );
    if (result.ok) {
      markSetUp();
      await refreshSetup();
      return;
    }
    const issuePath = firstIssuePath(result);
    const issueStep = STEPS.findIndex((candidate) => candidate.fields.some((field) => field === issuePath));
    if (issueStep >= 0 && issueStep !== step) {
      focusAfterRender.current = issuePath as SetupField;
      setStep(issueStep);
    }
    setFormError(applyFailure(result, setError, ALL_FIELDS));
  };

  const current = STEPS[step];
  return (
    <main className="gate">
      <form
        className="card card-wide"
        aria-labelledby="setup-title"
        noValidate
        onSubmit={(event) => {
          // Enter on step 1 moves on rather than submitting a half-filled form.
          if (step === 0) {
            event.preventDefault();
            void next();
          } else {
            void handleSubmit(submit)(event);
          }
        }}
      >
        <h1 id="setup-title">{t('identity.setupWizard.setUpZahanati')}</h1>
        <p>{t('identity.setupWizard.thisWorkstationHasNotBeen')}</p>
        <ol className="steps" aria-label={t('identity.setupWizard.setupSteps')}>
          {STEPS.map((candidate, index) => (
            <li key={candidate.title} aria-current={index === step ? 'step' : undefined}>
              <span className="step-number">{index + 1}</span> {t(`identity.setupWizard.step.${candidate.title}`)}
            </li>
          ))}
        </ol>
        <h2>
          {t('identity.setupWizard.stepOf', { value: step + 1, length: STEPS.length })}
          {current !== undefined && t(`identity.setupWizard.step.${current.title}`)}
        </h2>

        {step === 0 ? (
          <>
            <TextField
              label={t('identity.setupWizard.organisationName')}
              hint={t('identity.setupWizard.theCountyHealthDepartmentMission')}
              registration={register('organizationName')}
              error={errors.organizationName?.message}
              autoComplete="organization"
              autoFocus
            />
            <TextField
              label={t('identity.setupWizard.facilityName')}
              registration={register('facility.name')}
              error={errors.facility?.name?.message}
            />
            <div className="field-row">
              <TextField
                label={t('identity.setupWizard.mflCode')}
                hint={t('identity.setupWizard.theFacilityS5Digit')}
                registration={register('facility.mflCode')}
                error={errors.facility?.mflCode?.message}
                inputMode="numeric"
                maxLength={5}
                className="field-narrow"
              />
              <SelectField
                label={t('identity.setupWizard.county')}
                registration={register('facility.county')}
                options={COUNTIES_BY_NAME}
                placeholder={t('identity.setupWizard.chooseTheCounty')}
                error={errors.facility?.county?.message}
              />
            </div>
          </>
        ) : (
          <>
            <TextField
              label={t('identity.setupWizard.ownerSUsername')}
              hint={t('identity.setupWizard.usedToSignInLetters')}
              registration={register('owner.username')}
              error={errors.owner?.username?.message}
              autoComplete="username"
              spellCheck={false}
              autoFocus
            />
            <TextField
              label={t('identity.setupWizard.ownerSFullName')}
              registration={register('owner.displayName')}
              error={errors.owner?.displayName?.message}
              autoComplete="name"
            />
            <PasswordField
              label={t('identity.setupWizard.password')}
              hint={newPasswordHint()}
              registration={register('owner.password')}
              error={errors.owner?.password?.message}
              autoComplete="new-password"
            />
            <PasswordField
              label={t('identity.setupWizard.typeThePasswordAgain')}
              registration={register('owner.passwordConfirmation')}
              error={errors.owner?.passwordConfirmation?.message}
              autoComplete="new-password"
            />
          </>
        )}

        <FormError message={formError} />
        <div className="actions">
          {step > 0 && (
            <button type="button" className="secondary" onClick={() => setStep(step - 1)} disabled={isSubmitting}>
              {t('identity.setupWizard.back')}
            </button>
          )}
          {step === 0 ? (
            <button type="submit">{t('identity.setupWizard.next')}</button>
          ) : (
            <button type="submit" disabled={isSubmitting}>
              {isSubmitting ? t('identity.setupWizard.settingUp') : t('identity.setupWizard.finishSetup')}
            </button>
          )}
        </div>
        {step === 0 && alternatives}
      </form>
    </main>
  );
}
