import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { verifyMfaInput, type mfaEnrollmentOutput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { useIdentityStore } from './identity-store';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
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
    resolver: translatedResolver(verifyMfaInput),
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
          {t('identity.mfaEnrollment.tryAgain')}
        </button>
      </div>
    );
  }
  if (enrollment === null) return <p aria-live="polite">{t('identity.mfaEnrollment.preparingANewKey')}</p>;

  return (
    <div className="enrollment">
      <ol className="enrollment-steps">
        <li>{t('identity.mfaEnrollment.installAnAuthenticatorAppOn')}</li>
        <li>
          {t('identity.mfaEnrollment.inTheAppAddAn')}
          <div className="qr">
            <img
              src={enrollment.qrCodeDataUrl}
              alt={t('identity.mfaEnrollment.qrCodeHoldingYourNew')}
              width={184}
              height={184}
            />
          </div>
          <p className="hint" id="mfa-secret-label">
            {t('identity.mfaEnrollment.ifTheAppCannotScan')}
          </p>
          <code className="secret" data-testid="mfa-secret" aria-labelledby="mfa-secret-label">
            {groupKey(enrollment.secret)}
          </code>
        </li>
        <li>
          {t('identity.mfaEnrollment.typeThe6DigitCode')}
          <form noValidate onSubmit={(event) => void handleSubmit(confirm)(event)} className="stack">
            <TextField
              label={t('identity.mfaEnrollment.n6DigitCode')}
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
              {isSubmitting ? t('identity.mfaEnrollment.checking') : t('identity.mfaEnrollment.turnOnTheAuthenticator')}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
