import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { shiftPolicy } from '../../../shared/api/shifts';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { between, rangeText } from '../ui/bounds';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';

type ShiftPolicy = z.output<typeof shiftPolicy>;
const policyForm = z.object({ clockInGraceMinutes: between(shiftPolicy.shape.clockInGraceMinutes) });

function graceSentence(minutes: number): string {
  return minutes === 0
    ? 'Staff can clock in from the start of their shift until it ends.'
    : `Staff can clock in from ${minutes} minutes before their shift starts until it ends.`;
}

/** How early a clock-in opens (shifts.getPolicy; shifts.setPolicy with settings.manage). */
export function ClockInGracePanel() {
  const canEdit = useCan('settings.manage');
  const [policy, setPolicy] = useState<ShiftPolicy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void runCommand(() => clinic().shifts.getPolicy({})).then((result) => {
      if (!current) return;
      if (result.ok) setPolicy(result.value);
      else setLoadError(result.message);
    });
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="panel stack" aria-labelledby="grace-title">
      <h2 id="grace-title">Clock-in window</h2>
      {loadError !== null && (
        <p role="alert" className="form-error">
          {loadError}
        </p>
      )}
      {policy === null && loadError === null && <p aria-live="polite">Loading…</p>}
      {policy !== null && <p>{graceSentence(policy.clockInGraceMinutes)}</p>}
      {policy !== null && canEdit && <GraceForm policy={policy} onSaved={setPolicy} />}
    </section>
  );
}

function GraceForm({ policy, onSaved }: { policy: ShiftPolicy; onSaved(policy: ShiftPolicy): void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<z.input<typeof policyForm>, unknown, ShiftPolicy>({
    resolver: zodResolver(policyForm),
    defaultValues: policy,
  });
  const submit = async (values: ShiftPolicy) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => clinic().shifts.setPolicy(values));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['clockInGraceMinutes']));
      return;
    }
    onSaved(result.value);
    reset(result.value);
    setNotice('Saved.');
  };
  return (
    <form className="stack" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextField
        type="number"
        label="Minutes before the shift"
        hint={rangeText(shiftPolicy.shape.clockInGraceMinutes)}
        registration={register('clockInGraceMinutes', { valueAsNumber: true })}
        error={errors.clockInGraceMinutes?.message}
        inputMode="numeric"
        className="field-narrow"
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving…' : 'Save window'}
      </button>
    </form>
  );
}
