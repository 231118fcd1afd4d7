import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { securityPolicy, type SecurityPolicy } from '../../../shared/api/identity';
import { ROLE_KEYS, ROLES } from '../../../shared/security/roles';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { between, rangeText } from '../ui/bounds';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';

const MFA_ROLES = ROLE_KEYS.filter((role) => ROLES[role].mfaMandatory).map((role) => ROLES[role].label.toLowerCase());
const policyForm = z.object({
  lockAfterMinutes: between(securityPolicy.shape.lockAfterMinutes),
  logoutAfterMinutes: between(securityPolicy.shape.logoutAfterMinutes),
  mfaGraceDays: between(securityPolicy.shape.mfaGraceDays),
});

/** Idle lock, idle sign-out and the MFA grace period (security.getPolicy / security.updatePolicy). */
export function SecurityPolicyScreen() {
  const [policy, setPolicy] = useState<SecurityPolicy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void runCommand(() => clinic().security.getPolicy({})).then((result) => {
      if (!current) return;
      if (result.ok) setPolicy(result.value);
      else setLoadError(result.message);
    });
    return () => {
      current = false;
    };
  }, []);

  return (
    <section aria-labelledby="security-title" className="page">
      <h1 id="security-title">Security settings</h1>
      {loadError !== null && (
        <p role="alert" className="form-error">
          {loadError}
        </p>
      )}
      {policy === null && loadError === null && <p aria-live="polite">Loading…</p>}
      {policy !== null && <PolicyForm policy={policy} onSaved={setPolicy} />}
    </section>
  );
}

function PolicyForm({ policy, onSaved }: { policy: SecurityPolicy; onSaved(policy: SecurityPolicy): void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<z.input<typeof policyForm>, unknown, SecurityPolicy>({
    resolver: zodResolver(policyForm),
    defaultValues: policy,
  });
  const asNumber = { valueAsNumber: true } as const;

  const submit = async (values: SecurityPolicy) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => clinic().security.updatePolicy(values));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['lockAfterMinutes', 'logoutAfterMinutes', 'mfaGraceDays']));
      return;
    }
    onSaved(result.value);
    reset(result.value);
    setNotice('Saved. The new limits apply from now on.');
  };

  return (
    <form className="panel stack form-narrow" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextField
        type="number"
        label="Lock the screen after (minutes idle)"
        hint={`${rangeText(securityPolicy.shape.lockAfterMinutes)} The same user's password unlocks it again.`}
        registration={register('lockAfterMinutes', asNumber)}
        error={errors.lockAfterMinutes?.message}
        inputMode="numeric"
        autoFocus
        className="field-narrow"
      />
      <TextField
        type="number"
        label="Sign out after (minutes idle)"
        hint={`${rangeText(securityPolicy.shape.logoutAfterMinutes)} Unsaved work is lost when this happens.`}
        registration={register('logoutAfterMinutes', asNumber)}
        error={errors.logoutAfterMinutes?.message}
        inputMode="numeric"
        className="field-narrow"
      />
      <TextField
        type="number"
        label="Days to set up an authenticator"
        hint={`${rangeText(securityPolicy.shape.mfaGraceDays)} Staff with these roles must set up an authenticator within this many days: ${MFA_ROLES.join(', ')}.`}
        registration={register('mfaGraceDays', asNumber)}
        error={errors.mfaGraceDays?.message}
        inputMode="numeric"
        className="field-narrow"
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}
