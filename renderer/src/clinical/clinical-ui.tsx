import { useEffect, useId, useRef, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import type { FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import { Link } from 'react-router';
import type { CommandFailure } from '../../../shared/api/errors';
import { useCan, useSignedIn } from '../identity/identity-store';
import { useShiftStore } from '../shifts/shift-store';
import { applyFailure } from '../ui/failure';
import { FieldError } from '../ui/form';
import { byText } from './clinical-text';
import { Trans, useTranslation } from 'react-i18next';

/** What a clinical form shows after core refused a command: its message, and what the code lets the user do about it. */
export interface Refusal {
  message: string;
  code: CommandFailure['code'];
}

/**
 * Puts core's VALIDATION issues on the form's fields and returns the refusal
 * to show above the buttons (null when every issue landed on a field). What
 * was typed stays in the form whatever the answer.
 */
export function refusalOf<T extends FieldValues>(
  failure: CommandFailure,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): Refusal | null {
  const message = applyFailure(failure, setError, fields);
  return message === null ? null : { message, code: failure.code };
}

/**
 * Core's refusal in plain language, taking focus when it appears. Refused for
 * want of a shift, it offers the clock-in right here, so the nurse or
 * clinician saves again without leaving (and without retyping) the form.
 */
export function RefusalMessage({ refusal }: { refusal: Refusal | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refusal !== null) ref.current?.focus();
  }, [refusal]);
  if (refusal === null) return null;
  return (
    <div ref={ref} role="alert" tabIndex={-1} className="form-error refusal" data-testid="refusal">
      <p>{refusal.message}</p>
      {refusal.code === 'NO_ACTIVE_SHIFT' && <ClockInOffer />}
    </div>
  );
}

function ClockInOffer() {
  const { t } = useTranslation();
  const canClock = useCan('shifts.clock');
  const { mine, clocking, refusal, clockIn } = useShiftStore();
  if (!canClock || mine === null) return null;
  if (mine.clockedIn) {
    return <p className="refusal-next">{t('clinical.clinicalUi.youAreClockedInNow')}</p>;
  }
  if (mine.current === null) {
    return (
      <p className="refusal-next">
        <Trans i18nKey="clinical.clinicalUi.noShiftOpen" components={{ link: <Link to="/" /> }} />
      </p>
    );
  }
  return (
    <div className="refusal-next">
      <button type="button" disabled={clocking} onClick={() => void clockIn()}>
        {clocking ? t('clinical.clinicalUi.clockingIn') : t('clinical.clinicalUi.clockInNow')}
      </button>
      {refusal !== null && <p>{refusal}</p>}
    </div>
  );
}

interface TextAreaFieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  rows?: number;
  maxLength?: number;
  className?: string;
  onKeyDown?: TextareaHTMLAttributes<HTMLTextAreaElement>['onKeyDown'];
  shortcut?: string;
  autoFocus?: boolean;
}

/** A labelled multi-line input with its hint and error, both bound to it. */
export function TextAreaField({
  label,
  registration,
  error,
  hint,
  rows = 3,
  maxLength,
  className,
  onKeyDown,
  shortcut,
  autoFocus,
}: TextAreaFieldProps) {
  const id = useId();
  const described = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`]
    .filter((value): value is string => value !== null)
    .join(' ');
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
        aria-invalid={error !== undefined}
        aria-describedby={described === '' ? undefined : described}
        aria-keyshortcuts={shortcut}
        autoFocus={autoFocus}
        onKeyDown={onKeyDown}
        {...registration}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

interface ChoiceOption<V extends string> {
  value: V;
  label: string;
  hint?: string;
}

interface RadioGroupProps<V extends string> {
  legend: string;
  registration: UseFormRegisterReturn;
  options: readonly ChoiceOption<V>[];
  error?: string | undefined;
  className?: string;
}

/** A set of radio buttons under one legend: arrow keys move between them, as everywhere. */
export function RadioGroup<V extends string>({ legend, registration, options, error, className }: RadioGroupProps<V>) {
  const id = useId();
  return (
    <fieldset
      className={className === undefined ? 'choice-group' : `choice-group ${className}`}
      aria-describedby={error === undefined ? undefined : `${id}-error`}
    >
      <legend>{legend}</legend>
      <div className="choice-options">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input type="radio" value={option.value} {...registration} />
            <span>
              {option.label}
              {option.hint !== undefined && <span className="choice-hint">{option.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

/** Who recorded something, as the screens say it: " by you" or " by <their name>". */
export function useByText(): (recordedBy: string, name: string | null) => string {
  const me = useSignedIn()?.user.id;
  return (recordedBy, name) => byText(recordedBy, name, me);
}

/** One ref callback that sets every ref given (an element both a form and a shortcut need to reach). */
export function mergeRefs<T>(...refs: (Ref<T> | undefined)[]): (element: T | null) => void {
  return (element) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(element);
      else if (ref !== undefined && ref !== null) ref.current = element;
    }
  };
}
