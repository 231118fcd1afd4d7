import { useId, type ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { FieldError } from '../ui/form';

interface Choice {
  value: string;
  label: string;
}

interface RadioGroupFieldProps {
  legend: string;
  registration: UseFormRegisterReturn;
  choices: readonly Choice[];
  error?: string | undefined;
  className?: string;
}

/** A few choices side by side (arrow keys move between them), as one labelled group. */
export function RadioGroupField({ legend, registration, choices, error, className }: RadioGroupFieldProps) {
  const id = useId();
  return (
    <fieldset
      className={className === undefined ? 'segmented' : `segmented ${className}`}
      aria-describedby={error === undefined ? undefined : `${id}-error`}
    >
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value}>
          <input type="radio" value={choice.value} {...registration} />
          {choice.label}
        </label>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

interface TextAreaFieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  /** Live text under the field, e.g. a character count; announced politely. */
  counter?: ReactNode;
  rows?: number;
  maxLength?: number;
  autoFocus?: boolean;
  className?: string;
}

/** A labelled multi-line input with its hint, counter and error bound to it. */
export function TextAreaField({
  label,
  registration,
  error,
  hint,
  counter,
  rows = 3,
  maxLength,
  autoFocus,
  className,
}: TextAreaFieldProps) {
  const id = useId();
  const describedBy = [
    hint === undefined ? null : `${id}-hint`,
    counter === undefined ? null : `${id}-counter`,
    error === undefined ? null : `${id}-error`,
  ].filter((value): value is string => value !== null);
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        rows={rows}
        maxLength={maxLength}
        autoFocus={autoFocus}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy.length === 0 ? undefined : describedBy.join(' ')}
        {...registration}
      />
      {counter !== undefined && (
        <p className="hint counter" id={`${id}-counter`} aria-live="polite">
          {counter}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
