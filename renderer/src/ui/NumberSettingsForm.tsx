import { translatedResolver } from './translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { CommandResult } from '../../../shared/api/errors';
import { runCommand } from '../commands/run-command';
import { between, rangeText } from './bounds';
import { applyFailure } from './failure';
import { FormError, Notice, TextField } from './form';
import { useTranslation } from 'react-i18next';

type NumberShape = Record<string, z.ZodNumber>;
type Values<S extends NumberShape> = { [K in keyof S]: number };

export interface NumberField<K extends string> {
  name: K;
  label: string;
  /** Shown before the allowed range. */
  hint?: string;
}

export interface NumberSettingsFormProps<S extends NumberShape> {
  /** The contract's numeric fields: bounds and messages come from them. */
  shape: S;
  fields: readonly NumberField<keyof S & string>[];
  initial: Values<S>;
  save(values: Values<S>): Promise<CommandResult<Values<S>>>;
  onSaved(values: Values<S>): void;
  submitLabel: string;
  savedNotice: string;
  /** Lays the fields out side by side instead of one per line. */
  grid?: boolean;
  className?: string;
  autoFocus?: boolean;
}

/**
 * The settings screens' numeric forms (security policy, clock-in window, alert
 * thresholds, audit retention, break-glass duration): whole numbers within the
 * contract's bounds, core's field errors placed on the fields, a saved notice.
 */
export function NumberSettingsForm<S extends NumberShape>(props: NumberSettingsFormProps<S>) {
  const { t } = useTranslation();
  const { shape, fields, initial } = props;
  const [schema] = useState(() =>
    z.object(Object.fromEntries(fields.map((field) => [field.name, between(shape[field.name] as z.ZodNumber)]))),
  );
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: translatedResolver(schema),
    defaultValues: initial,
  });
  const names = fields.map((field) => field.name);

  const submit = async (values: z.output<typeof schema>) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => props.save(values as Values<S>));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, names));
      return;
    }
    props.onSaved(result.value);
    reset(result.value);
    setNotice(props.savedNotice);
  };

  const inputs = fields.map((field, index) => {
    const range = rangeText(shape[field.name] as z.ZodNumber);
    const message = errors[field.name]?.message;
    return (
      <TextField
        key={field.name}
        type="number"
        label={field.label}
        hint={field.hint === undefined ? range : `${field.hint} ${range}`}
        registration={register(field.name, { valueAsNumber: true })}
        error={typeof message === 'string' ? message : undefined}
        inputMode="numeric"
        autoFocus={props.autoFocus === true && index === 0}
        className="field-narrow"
      />
    );
  });

  return (
    <form className={props.className ?? 'stack'} noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      {props.grid === true ? <div className="thresholds-grid">{inputs}</div> : inputs}
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? t('ui.numberSettingsForm.saving') : props.submitLabel}
      </button>
    </form>
  );
}
