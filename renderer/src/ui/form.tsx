import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

interface FieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  /** Guidance shown under the label, read out with the field. */
  hint?: ReactNode;
  type?: 'text' | 'number' | 'date' | 'time';
  autoComplete?: string;
  autoFocus?: boolean;
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode'];
  maxLength?: number;
  spellCheck?: boolean;
  className?: string;
}

/** One labelled input with its hint and error, both bound to it through aria-describedby. */
export function TextField({ label, registration, error, hint, type = 'text', className, ...input }: FieldProps) {
  const id = useId();
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
        {...registration}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

type PasswordFieldProps = Omit<FieldProps, 'type' | 'inputMode' | 'maxLength' | 'spellCheck'> & {
  autoComplete: 'current-password' | 'new-password' | 'off';
};

/**
 * A password input with a show/hide switch: on a shared clinic computer people
 * mistype on unfamiliar keyboards, and a temporary password must be read out.
 */
export function PasswordField({ label, registration, error, hint, className, ...input }: PasswordFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [visible, setVisible] = useState(false);
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="password-input">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={error !== undefined}
          aria-describedby={describedBy(id, hint, error)}
          {...input}
          {...registration}
        />
        <button
          type="button"
          className="quiet"
          aria-pressed={visible}
          aria-controls={id}
          aria-label={t('ui.form.show', { value: label.toLowerCase() })}
          onClick={() => setVisible((shown) => !shown)}
        >
          {visible ? t('ui.form.hide') : t('ui.form.show2')}
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(
    (value): value is string => value !== null,
  );
  return ids.length === 0 ? undefined : ids.join(' ');
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

/**
 * A whole-form message from core (wrong password, account locked…). It takes
 * focus when it appears so keyboard and screen-reader users land on it.
 */
export function FormError({ message }: { message: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message !== null) ref.current?.focus();
  }, [message]);
  if (message === null) return null;
  return (
    <p ref={ref} role="alert" tabIndex={-1} className="form-error">
      {message}
    </p>
  );
}

/** A calm confirmation after a form succeeded; announced without moving focus. */
export function Notice({ message }: { message: string | null }) {
  return (
    <p role="status" className={message === null ? 'notice notice-empty' : 'notice'}>
      {message}
    </p>
  );
}

/** A choice whose value is not what the user reads (e.g. a user id shown as the person's name). */
export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  options: readonly (string | SelectOption)[];
  /** The first, empty choice, so nothing is picked by accident. */
  placeholder: string;
  error?: string | undefined;
  hint?: ReactNode;
  autoFocus?: boolean;
  className?: string;
}

export function SelectField({
  label,
  registration,
  options,
  placeholder,
  error,
  hint,
  autoFocus,
  className,
}: SelectFieldProps) {
  const id = useId();
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <select
        id={id}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy(id, hint, error)}
        autoFocus={autoFocus}
        {...registration}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => {
          const { value, label: text } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
