import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import type { CommandFailure } from '../../../shared/api/errors';
import { IDENTIFIER_LABEL, IDENTIFIER_TYPES, SEXES, type PatientDetailsInput } from '../../../shared/api/patients';
import { KENYA_COUNTIES } from '../../../shared/reference/counties';
import { SENSITIVITY_LABEL, type Sensitivity } from '../../../shared/security/sensitivity';
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
import { SEX_LABEL } from './patient-text';
import './patients.css';

const SEX_OPTIONS = SEXES.map((sex) => ({ value: sex, label: SEX_LABEL[sex] }));
const IDENTIFIER_OPTIONS = IDENTIFIER_TYPES.map((type) => ({ value: type, label: IDENTIFIER_LABEL[type] }));
const BIRTH_CHOICES = [
  { value: 'date', label: 'Exact date' },
  { value: 'estimated_age', label: 'Age only (estimated)' },
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
  } = useForm<PatientFormValues>({ resolver: zodResolver(schema), defaultValues });
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
        <legend>Person</legend>
        <TextField
          label="First name"
          registration={register('givenName')}
          error={errors.givenName?.message}
          autoComplete="off"
          autoFocus
        />
        <TextField
          label="Middle name (optional)"
          registration={register('middleName')}
          error={errors.middleName?.message}
          autoComplete="off"
        />
        <TextField
          label="Surname"
          registration={register('familyName')}
          error={errors.familyName?.message}
          autoComplete="off"
        />
        <SelectField
          label="Sex"
          registration={register('sex')}
          options={SEX_OPTIONS}
          placeholder="Choose…"
          error={errors.sex?.message}
          className="field-sex"
        />
        <RadioGroupField legend="Birth" registration={register('birth.kind')} choices={BIRTH_CHOICES} />
        {birthKind === 'date' ? (
          <TextField
            key="birth-date"
            type="date"
            label="Date of birth"
            registration={register('birth.date')}
            error={errors.birth?.date?.message}
            className="field-narrow"
          />
        ) : (
          <TextField
            key="birth-years"
            type="number"
            label="Age in years"
            hint="As the patient or their companion estimates it."
            registration={register('birth.years')}
            error={errors.birth?.years?.message}
            inputMode="numeric"
            className="field-narrow"
          />
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>Contact and home</legend>
        <TextField
          label="Phone (optional)"
          hint="A Kenyan mobile number, e.g. 0712 345 678."
          registration={register('phone')}
          error={errors.phone?.message}
          inputMode="tel"
          autoComplete="off"
        />
        <SelectField
          label="County"
          registration={register('residence.county')}
          options={KENYA_COUNTIES}
          placeholder="Choose the county…"
          error={errors.residence?.county?.message}
        />
        <div className="field-pair">
          <TextField
            label="Sub-county (optional)"
            registration={register('residence.subCounty')}
            error={errors.residence?.subCounty?.message}
            autoComplete="off"
          />
          <TextField
            label="Village or estate (optional)"
            registration={register('residence.village')}
            error={errors.residence?.village?.message}
            autoComplete="off"
          />
        </div>
        <fieldset className="form-subsection">
          <legend>Next of kin (optional)</legend>
          <TextField
            label="Next of kin’s name"
            registration={register('nextOfKin.name')}
            error={errors.nextOfKin?.name?.message}
            autoComplete="off"
          />
          <div className="field-pair">
            <TextField
              label="Relationship"
              hint="e.g. mother, brother, spouse"
              registration={register('nextOfKin.relationship')}
              error={errors.nextOfKin?.relationship?.message}
              autoComplete="off"
            />
            <TextField
              label="Next of kin’s phone"
              hint="Optional."
              registration={register('nextOfKin.phone')}
              error={errors.nextOfKin?.phone?.message}
              inputMode="tel"
              autoComplete="off"
            />
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="form-section form-section-wide" aria-describedby="identifiers-hint">
        <legend>Identifiers</legend>
        <p className="hint" id="identifiers-hint">
          National ID, birth certificate, SHA number or passport: one of each type.
        </p>
        {identifiers.fields.length === 0 && <p className="muted identifier-none">None added.</p>}
        <ul className="identifier-rows">
          {identifiers.fields.map((field, index) => (
            <li key={field.id} className="identifier-row">
              <SelectField
                label={`Identifier ${index + 1} type`}
                registration={register(`identifiers.${index}.type`)}
                options={IDENTIFIER_OPTIONS}
                placeholder="Choose…"
                error={errors.identifiers?.[index]?.type?.message}
              />
              <TextField
                label={`Identifier ${index + 1} number`}
                registration={register(`identifiers.${index}.value`)}
                error={errors.identifiers?.[index]?.value?.message}
                autoComplete="off"
                spellCheck={false}
                className="field-mono"
              />
              <button
                type="button"
                className="quiet"
                aria-label={`Remove identifier ${index + 1}`}
                onClick={() => {
                  identifiers.remove(index);
                  addButton.current?.focus();
                }}
              >
                Remove
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
          Add an identifier
        </button>
      </fieldset>

      {showSensitivity && (
        <fieldset className="form-section form-section-wide">
          <legend>Sensitive programme</legend>
          <div className="field field-sensitivity">
            <label htmlFor="patient-sensitivity">Registered under</label>
            <p className="hint" id="patient-sensitivity-hint">
              A sensitive registration is hidden from every search, list and chart of staff without that permission.
            </p>
            <select id="patient-sensitivity" aria-describedby="patient-sensitivity-hint" {...register('sensitivity')}>
              {(['none', ...sensitivities] as const).map((category) => (
                <option key={category} value={category}>
                  {SENSITIVITY_LABEL[category]}
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
            Cancel
          </Link>
        </div>
      </div>
    </form>
  );
}
