import { useId } from 'react';
import { useWatch, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { VITAL_LIMITS, type VitalName } from '../../../shared/api/vitals';
import { FieldError } from '../ui/form';
import { limitHint, liveBmi, type VitalsEntry } from './vitals-form';
import { useTranslation } from 'react-i18next';
import { vitalLabel, vitalUnit } from './vital-text';

interface VitalsFieldsProps<T extends VitalsEntry, Output> {
  register: UseFormRegister<T>;
  control: Control<T, unknown, Output>;
  errors: FieldErrors<T>;
  /** Focus the first field when the form opens (a correction); the triage form focuses itself. */
  autoFocus?: boolean;
}

/**
 * The measurement inputs, in the order they are taken: each with its unit and
 * the range the shared limits allow, BMI worked out as weight and height are typed.
 */
export function VitalsFields<T extends VitalsEntry, Output>({
  register,
  control,
  errors,
  autoFocus = false,
}: VitalsFieldsProps<T, Output>) {
  // The fields are the vitals themselves, so the generic form's register and errors take their names.
  const reg = register as unknown as UseFormRegister<VitalsEntry>;
  const errs = errors as FieldErrors<VitalsEntry>;
  const field = (name: VitalName, focus = false) => (
    <Measurement
      name={name}
      label={vitalLabel(name)}
      registration={reg(name)}
      error={errs[name]?.message}
      autoFocus={focus}
    />
  );
  return (
    <div className="vitals-fields">
      {field('temperatureC', autoFocus)}
      {field('pulseBpm')}
      {field('respiratoryRate')}
      <BloodPressure register={reg} errors={errs} />
      {field('spo2Percent')}
      {field('weightKg')}
      {field('heightCm')}
      <LiveBmi control={control as unknown as Control<VitalsEntry>} />
      {field('muacCm')}
    </div>
  );
}

interface MeasurementProps {
  name: VitalName;
  label: string;
  registration: ReturnType<UseFormRegister<VitalsEntry>>;
  error: string | undefined;
  autoFocus: boolean;
}

function Measurement({ name, label, registration, error, autoFocus }: MeasurementProps) {
  const id = useId();
  const unit = vitalUnit(name);
  return (
    <div className="field measurement">
      <label htmlFor={id}>{label}</label>
      <div className="unit-input">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          maxLength={6}
          autoFocus={autoFocus}
          aria-invalid={error !== undefined}
          aria-describedby={`${id}-unit ${id}-hint${error === undefined ? '' : ` ${id}-error`}`}
          {...registration}
        />
        <span className="unit" id={`${id}-unit`}>
          {unit}
        </span>
      </div>
      <p className="hint" id={`${id}-hint`}>
        {limitHint(name)}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function BloodPressure({
  register,
  errors,
}: {
  register: UseFormRegister<VitalsEntry>;
  errors: FieldErrors<VitalsEntry>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const systolicError = errors.systolicMmHg?.message;
  const diastolicError = errors.diastolicMmHg?.message;
  const { systolicMmHg, diastolicMmHg } = VITAL_LIMITS;
  const hint = t('clinical.vitalsFields.possibleBp', {
    sysMin: systolicMmHg.min,
    sysMax: systolicMmHg.max,
    diaMin: diastolicMmHg.min,
    diaMax: diastolicMmHg.max,
  });
  return (
    <fieldset className="field measurement blood-pressure" aria-describedby={`${id}-hint`}>
      <legend>{t('clinical.vitalsFields.bloodPressure')}</legend>
      <div className="unit-input">
        <label htmlFor={`${id}-sys`} className="visually-hidden">
          {t('clinical.vitalsFields.systolic')}
        </label>
        <input
          id={`${id}-sys`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={3}
          placeholder={t('clinical.vitalsFields.sys')}
          aria-invalid={systolicError !== undefined}
          aria-describedby={systolicError === undefined ? undefined : `${id}-sys-error`}
          {...register('systolicMmHg')}
        />
        <span className="bp-slash" aria-hidden="true">
          /
        </span>
        <label htmlFor={`${id}-dia`} className="visually-hidden">
          {t('clinical.vitalsFields.diastolic')}
        </label>
        <input
          id={`${id}-dia`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={3}
          placeholder={t('clinical.vitalsFields.dia')}
          aria-invalid={diastolicError !== undefined}
          aria-describedby={diastolicError === undefined ? undefined : `${id}-dia-error`}
          {...register('diastolicMmHg')}
        />
        <span className="unit">{t('clinical.vitalsFields.mmhg')}</span>
      </div>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <FieldError id={`${id}-sys-error`} message={systolicError} />
      <FieldError id={`${id}-dia-error`} message={diastolicError} />
    </fieldset>
  );
}

function LiveBmi({ control }: { control: Control<VitalsEntry> }) {
  const { t } = useTranslation();
  const id = useId();
  const [weightKg, heightCm] = useWatch({ control, name: ['weightKg', 'heightCm'] });
  const bmi = liveBmi({ weightKg, heightCm });
  return (
    <div className="field measurement live-bmi">
      <span className="field-label" id={id}>
        {t('clinical.vitalsFields.bmi')}
      </span>
      <output className="bmi-value" aria-labelledby={id} aria-live="polite" data-testid="live-bmi">
        {bmi === null ? '—' : bmi.toFixed(1)}
      </output>
      <p className="hint">
        {bmi === null ? t('clinical.vitalsFields.fromWeightAndHeight') : t('clinical.vitalsFields.kgMFromWeightAnd')}
      </p>
    </div>
  );
}
