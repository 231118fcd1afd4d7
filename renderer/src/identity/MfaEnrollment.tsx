import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { verifyMfaInput, type mfaEnrollmentOutput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { useIdentityStore } from './identity-store';

type Enrollment = z.infer<typeof mfaEnrollmentOutput>;
type CodeValues = z.output<typeof verifyMfaInput>;

/** Base32 keys are typed by hand into apps that cannot scan; groups of 4 are easier to copy without slips. */
export function groupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * TOTP enrollment: a new key as a QR code and as text, confirmed with a code
 * before it takes effect. On success the recovery codes go to the identity
 * store, which shows them on their own screen until the user says they are saved.
 */
export function MfaEnrollment({ onConfirmed }: { onConfirmed?: () => void }) {
  const showRecoveryCodes = useIdentityStore((store) => store.showRecoveryCodes);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // Each begin makes core issue a new key; StrictMode's double effect in development must not show a stale one.
  const started = useRef(false);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof verifyMfaInput>, unknown, CodeValues>({
    resolver: zodResolver(verifyMfaInput),
    defaultValues: { code: '' },
  });

  const begin = async () => {
    setLoadError(null);
    const result = await runCommand(() => clinic().mfa.beginEnrollment({}));
    if (result.ok) setEnrollment(result.value);
    else setLoadError(result.message);
  };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void begin();
  }, []);

  const confirm = async (values: CodeValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().mfa.confirmEnrollment(values));
    if (result.ok) {
      onConfirmed?.();
      showRecoveryCodes(result.value.recoveryCodes);
      return;
    }
    resetField('code');
    setFormError(applyFailure(result, setError, ['code']));
  };

  if (loadError !== null) {
    return (
      <div className="stack">
        <p role="alert" className="form-error">
          {loadError}
        </p>
        <button type="button" onClick={() => void begin()}>
          Try again
        </button>
      </div>
    );
  }
  if (enrollment === null) return <p aria-live="polite">Preparing a new key…</p>;

  return (
    <div className="enrollment">
      <ol className="enrollment-steps">
        <li>
          Install an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or FreeOTP.
          It works without internet once set up.
        </li>
        <li>
          In the app, add an account and scan this code.
          <div className="qr">
            <img
              src={enrollment.qrCodeDataUrl}
              alt="QR code holding your new authenticator key"
              width={184}
              height={184}
            />
          </div>
          <p className="hint" id="mfa-secret-label">
            If the app cannot scan, choose to enter a key and type this one (spaces do not matter):
          </p>
          <code className="secret" data-testid="mfa-secret" aria-labelledby="mfa-secret-label">
            {groupKey(enrollment.secret)}
          </code>
        </li>
        <li>
          Type the 6-digit code the app now shows for Zahanati.
          <form noValidate onSubmit={(event) => void handleSubmit(confirm)(event)} className="stack">
            <TextField
              label="6-digit code"
              registration={register('code')}
              error={errors.code?.message}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              spellCheck={false}
              autoFocus
              className="field-code"
            />
            <FormError message={formError} />
            <button type="submit" disabled={isSubmitting}>
              {isSubmitting ? 'Checking…' : 'Turn on the authenticator'}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
