import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import type { z } from 'zod';
import { stepUpInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { applyFailure } from '../ui/failure';
import { FormError, PasswordField, TextField } from '../ui/form';
import { useIdentityStore, useSignedIn } from './identity-store';
import { useStepUpStore } from './step-up-store';
import { useTranslation } from 'react-i18next';

type StepUpValues = z.output<typeof stepUpInput>;

/**
 * The one step-up dialog of the app. runCommand opens it when core answers
 * STEP_UP_REQUIRED; confirming re-authenticates (auth.stepUp) and lets the
 * command retry once, cancelling gives the refusal back to the screen.
 * A native modal <dialog> keeps focus inside and closes on Escape.
 */
export function StepUpDialog() {
  const { t } = useTranslation();
  const request = useStepUpStore((store) => store.request);
  const settle = useStepUpStore((store) => store.settle);
  const session = useSignedIn();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (request !== null && !element.open) element.showModal();
    if (request === null && element.open) element.close();
  }, [request]);

  // Closing by Escape is a cancel; the close event also fires after settle() closed it, when nothing waits.
  const cancel = () => {
    if (useStepUpStore.getState().request !== null) settle(false);
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="step-up-title" onClose={cancel}>
      {request !== null && (
        <>
          <h2 id="step-up-title">{t('identity.stepUpDialog.confirmItIsYou')}</h2>
          <p>{request.message}</p>
          {session?.mfa.enabled === false ? (
            <NeedsAuthenticator onClose={cancel} />
          ) : (
            <StepUpForm onDone={() => settle(true)} onCancel={cancel} />
          )}
        </>
      )}
    </dialog>
  );
}

/** Step-up needs a TOTP code, which a user without an authenticator cannot give. */
function NeedsAuthenticator({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <p className="form-error" role="alert">
        {t('identity.stepUpDialog.thisNeedsACodeFrom')}
      </p>
      <div className="actions">
        <Link to="/account/authenticator" className="button" onClick={onClose}>
          {t('identity.stepUpDialog.setUpTheAuthenticator')}
        </Link>
        <button type="button" className="secondary" onClick={onClose} autoFocus>
          {t('identity.stepUpDialog.close')}
        </button>
      </div>
    </div>
  );
}

function StepUpForm({ onDone, onCancel }: { onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof stepUpInput>, unknown, StepUpValues>({
    resolver: translatedResolver(stepUpInput),
    defaultValues: { password: '', code: '' },
  });

  const submit = async (values: StepUpValues) => {
    setFormError(null);
    // Not runCommand: a step-up must never itself open the step-up dialog.
    const result = await callSafely(() => clinic().auth.stepUp(values));
    void useIdentityStore.getState().refreshSession();
    if (result.ok) {
      onDone();
      return;
    }
    resetField('password');
    resetField('code');
    // MFA_REQUIRED (no authenticator), a wrong password or a reused code: core's message says which.
    setFormError(applyFailure(result, setError, ['password', 'code']));
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(submit)(event)} className="stack">
      <PasswordField
        label={t('identity.stepUpDialog.yourPassword')}
        registration={register('password')}
        error={errors.password?.message}
        autoComplete="current-password"
        autoFocus
      />
      <TextField
        label={t('identity.stepUpDialog.n6DigitCodeFromYour')}
        registration={register('code')}
        error={errors.code?.message}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        spellCheck={false}
        className="field-code"
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('identity.stepUpDialog.checking') : t('identity.stepUpDialog.confirm')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('identity.stepUpDialog.cancel')}
        </button>
      </div>
    </form>
  );
}
