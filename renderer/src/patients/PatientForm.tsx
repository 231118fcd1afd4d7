import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import type { CommandFailure } from '../../../shared/api/errors';
import { IDENTIFIER_TYPES, SEXES, type PatientDetailsInput } from '../../../shared/api/patients';
import { KENYA_COUNTIES } from '../../../shared/reference/counties';
import type { Sensitivity } from '../../../shared/security/sensitivity';
import { applyFailure } from '../ui/failure';
import { FormError, SelectField, TextField } from '../ui/form';
import { RadioGroupField } from './fields';
import {
  nextIdentifierType,
  patientFormFields,
  patientFormSchema,
  toPatientDetails,
  type PatientFormValues,
} from './patient-form';
import { sexLabel } from './patient-text';
import './patients.css';
import { sensitivityLabel } from '../clinical/clinical-text';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { identifierLabel } from './patient-text';

const sexOptions = () => SEXES.map((sex) => ({ value: sex, label: sexLabel(sex) }));
const identifierOptions = () => IDENTIFIER_TYPES.map((type) => ({ value: type, label: identifierLabel(type) }));
const birthChoices = () =>
  [
    { value: 'date', label: i18n.t('patients.patientForm.birthChoice.date') },
    { value: 'estimated_age', label: i18n.t('patients.patientForm.birthChoice.estimated_age') },
  ] as const;

interface PatientFormProps {
  /** The form's accessible name, e.g. "Register a patient". */
  name: string;
  defaultValues: PatientFormValues;
  /** Categories this user may register under, besides "not sensitive"; the field is hidden when there are none. */
  sensitivities: readonly Sensitivity[];
  submitLabel: string;
  submittingLabel: string;
  cancelTo: string;
  /** Runs the command for valid details; a refusal comes back for the form to show on its fields. */
  onValid(details: PatientDetailsInput): Promise<CommandFailure | null>;
  /** Called when the user changes anything, e.g. to drop a duplicate warning about what they typed before. */
  onEdit?(): void;
  /** Shown between the fields and the buttons (e.g. the possible duplicates). */
  children?: ReactNode;
}

/**
 * Registration and editing share this form: names, sex, date of birth or an
 * estimated age, phone, residence, next of kin, identifiers with their type,
 * and the registration's sensitivity for users allowed to set one. The shared
 * contract validates it, and core's own answer lands on the same fields.
 */
export function PatientForm({
  name,
  defaultValues,
  sensitivities,
  submitLabel,
  submittingLabel,
  cancelTo,
  onValid,
  onEdit,
  children,
}: PatientFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => patientFormSchema(), []);
  const {
    register,
    control,
    handleSubmit,
    setError,
    subscribe,
    getValues,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<PatientFormValues>({ resolver: translatedResolver(schema), defaultValues });
  const identifiers = useFieldArray({ control, name: 'identifiers' });
  const addButton = useRef<HTMLButtonElement>(null);
  const birthKind = useWatch({ control, name: 'birth.kind' });
  const rows = useWatch({ control, name: 'identifiers' });

  const onEditRef = useRef(onEdit);
  useEffect(() => {
    onEditRef.current = onEdit;
  }, [onEdit]);
  useEffect(() => subscribe({ formState: { values: true }, callback: () => onEditRef.current?.() }), [subscribe]);

  const submit = async (values: PatientFormValues) => {
    setFormError(null);
    const failure = await onValid(toPatientDetails(values));
    if (failure !== null) setFormError(applyFailure(failure, setError, patientFormFields(getValues())));
  };

  const identifierError = errors.identifiers?.root?.message ?? errors.identifiers?.message;
  const showSensitivity = sensitivities.length > 0;
  const nextType = nextIdentifierType(rows);

  return (
    <form
      aria-label={name}
      className="panel patient-form"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <fieldset className="form-section">
        <legend>{t('patients.patientForm.person')}</legend>
        <TextField
          label={t('patients.patientForm.firstName')}
          registration={register('givenName')}
          error={errors.givenName?.message}
          autoComplete="off"
          autoFocus
        />
        <TextField
          label={t('patients.patientForm.middleNameOptional')}
          registration={register('middleName')}
          error={errors.middleName?.message}
          autoComplete="off"
        />
        <TextField
          label={t('patients.patientForm.surname')}
          registration={register('familyName')}
          error={errors.familyName?.message}
          autoComplete="off"
        />
        <SelectField
          label={t('patients.patientForm.sex')}
          registration={register('sex')}
          options={sexOptions()}
          placeholder={t('patients.patientForm.choose')}
          error={errors.sex?.message}
          className="field-sex"
        />
        <RadioGroupField
          legend={t('patients.patientForm.birth')}
          registration={register('birth.kind')}
          choices={birthChoices()}
        />
        {birthKind === 'date' ? (
          <TextField
            key="birth-date"
            type="date"
            label={t('patients.patientForm.dateOfBirth')}
            registration={register('birth.date')}
            error={errors.birth?.date?.message}
            className="field-narrow"
          />
        ) : (
          <TextField
            key="birth-years"
            type="number"
            label={t('patients.patientForm.ageInYears')}
            hint={t('patients.patientForm.asThePatientOrTheir')}
            registration={register('birth.years')}
            error={errors.birth?.years?.message}
            inputMode="numeric"
            className="field-narrow"
          />
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('patients.patientForm.contactAndHome')}</legend>
        <TextField
          label={t('patients.patientForm.phoneOptional')}
          hint={t('patients.patientForm.aKenyanMobileNumberE')}
          registration={register('phone')}
          error={errors.phone?.message}
          inputMode="tel"
          autoComplete="off"
        />
        <SelectField
          label={t('patients.patientForm.county')}
          registration={register('residence.county')}
          options={KENYA_COUNTIES}
          placeholder={t('patients.patientForm.chooseTheCounty')}
          error={errors.residence?.county?.message}
        />
        <div className="field-pair">
          <TextField
            label={t('patients.patientForm.subCountyOptional')}
            registration={register('residence.subCounty')}
            error={errors.residence?.subCounty?.message}
            autoComplete="off"
          />
          <TextField
            label={t('patients.patientForm.villageOrEstateOptional')}
            registration={register('residence.village')}
            error={errors.residence?.village?.message}
            autoComplete="off"
          />
        </div>
        <fieldset className="form-subsection">
          <legend>{t('patients.patientForm.nextOfKinOptional')}</legend>
          <TextField
            label={t('patients.patientForm.nextOfKinSName')}
            registration={register('nextOfKin.name')}
            error={errors.nextOfKin?.name?.message}
            autoComplete="off"
          />
          <div className="field-pair">
            <TextField
              label={t('patients.patientForm.relationship')}
              hint={t('patients.patientForm.eGMotherBrotherSpouse')}
              registration={register('nextOfKin.relationship')}
              error={errors.nextOfKin?.relationship?.message}
              autoComplete="off"
            />
            <TextField
              label={t('patients.patientForm.nextOfKinSPhone')}
              hint={t('patients.patientForm.optional')}
              registration={register('nextOfKin.phone')}
              error={errors.nextOfKin?.phone?.message}
              inputMode="tel"
              autoComplete="off"
            />
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="form-section form-section-wide" aria-describedby="identifiers-hint">
        <legend>{t('patients.patientForm.identifiers')}</legend>
        <p className="hint" id="identifiers-hint">
          {t('patients.patientForm.nationalIdBirthCertificateSha')}
        </p>
        {identifiers.fields.length === 0 && (
          <p className="muted identifier-none">{t('patients.patientForm.noneAdded')}</p>
        )}
        <ul className="identifier-rows">
          {identifiers.fields.map((field, index) => (
            <li key={field.id} className="identifier-row">
              <SelectField
                label={t('patients.patientForm.identifierType', { value: index + 1 })}
                registration={register(`identifiers.${index}.type`)}
                options={identifierOptions()}
                placeholder={t('patients.patientForm.choose')}
                error={errors.identifiers?.[index]?.type?.message}
              />
              <TextField
                label={t('patients.patientForm.identifierNumber', { value: index + 1 })}
                registration={register(`identifiers.${index}.value`)}
                error={errors.identifiers?.[index]?.value?.message}
                autoComplete="off"
                spellCheck={false}
                className="field-mono"
              />
              <button
                type="button"
                className="quiet"
                aria-label={t('patients.patientForm.removeIdentifier', { value: index + 1 })}
                onClick={() => {
                  identifiers.remove(index);
                  addButton.current?.focus();
                }}
              >
                {t('patients.patientForm.remove')}
              </button>
            </li>
          ))}
        </ul>
        {identifierError !== undefined && <p className="field-error">{identifierError}</p>}
        <button
          ref={addButton}
          type="button"
          className="secondary"
          disabled={nextType === ''}
          onClick={() => {
            identifiers.append({ type: nextType, value: '' }, { shouldFocus: false });
            // After React has rendered the new row.
            window.setTimeout(() => setFocus(`identifiers.${rows.length}.value`), 0);
          }}
        >
          {t('patients.patientForm.addAnIdentifier')}
        </button>
      </fieldset>

      {showSensitivity && (
        <fieldset className="form-section form-section-wide">
          <legend>{t('patients.patientForm.sensitiveProgramme')}</legend>
          <div className="field field-sensitivity">
            <label htmlFor="patient-sensitivity">{t('patients.patientForm.registeredUnder')}</label>
            <p className="hint" id="patient-sensitivity-hint">
              {t('patients.patientForm.aSensitiveRegistrationIsHidden')}
            </p>
            <select id="patient-sensitivity" aria-describedby="patient-sensitivity-hint" {...register('sensitivity')}>
              {(['none', ...sensitivities] as const).map((category) => (
                <option key={category} value={category}>
                  {sensitivityLabel(category)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      )}

      <div className="form-footer">
        {children}
        <FormError message={formError} />
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? submittingLabel : submitLabel}
          </button>
          <Link to={cancelTo} className="button secondary">
            {t('patients.patientForm.cancel')}
          </Link>
        </div>
      </div>
    </form>
  );
}
