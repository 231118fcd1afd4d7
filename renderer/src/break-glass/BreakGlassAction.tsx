import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { breakGlassContract, MIN_BREAK_GLASS_REASON } from '../../../shared/api/break-glass';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { useCan } from '../identity/identity-store';
import { lacksSomeSensitivePermission, usePermissions } from '../patients/patient-access';
import { TextAreaField } from '../patients/fields';
import { applyFailure } from '../ui/failure';
import { FormError } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { activeGrants, useBreakGlassStore } from './break-glass-store';
import './break-glass.css';
import { useTranslation } from 'react-i18next';
import { message } from '../i18n/validation';

const MAX_REASON = breakGlassContract['breakGlass.request'].input.shape.reason.maxLength ?? 500;

interface BreakGlassActionProps {
  patientId: string;
  patientNumber: string;
  /** Called once access is granted, so the chart can show what it now may. */
  onGranted(until: string): void;
}

/**
 * On a chart, for users who may ask for it and lack some sensitive
 * permission: emergency access to this patient's sensitive records, or, while
 * it runs, until when.
 */
export function BreakGlassAction({ patientId, patientNumber, onGranted }: BreakGlassActionProps) {
  const { t } = useTranslation();
  const canRequest = useCan('break_glass.request');
  const needsIt = lacksSomeSensitivePermission(usePermissions());
  const grants = useBreakGlassStore((store) => store.grants);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    useBreakGlassStore.getState().rememberPatient(patientId, patientNumber);
  }, [patientId, patientNumber]);

  if (!canRequest || !needsIt) return null;
  const running = activeGrants(grants).find((grant) => grant.patientId === patientId);
  if (running !== undefined) {
    return (
      <span className="tag tag-alert break-glass-tag">
        {t('breakGlass.breakGlassAction.emergencyAccessUntil', { expiresAt: formatClock(running.expiresAt) })}
      </span>
    );
  }
  return (
    <>
      <button ref={opener} type="button" className="danger-outline" onClick={() => setOpen(true)}>
        {t('breakGlass.breakGlassAction.emergencyAccessToSensitiveRecords')}
      </button>
      {open && (
        <BreakGlassDialog
          patientId={patientId}
          patientNumber={patientNumber}
          onClose={(until) => {
            setOpen(false);
            if (until !== null) onGranted(until);
            else opener.current?.focus();
          }}
        />
      )}
    </>
  );
}

const reasonForm = z.object({
  reason: z
    .string()
    .trim()
    .min(MIN_BREAK_GLASS_REASON, message('breakGlass.breakGlassAction.explain', { min: MIN_BREAK_GLASS_REASON }))
    .max(MAX_REASON, message('breakGlass.breakGlassAction.atMost', { max: MAX_REASON })),
});
type ReasonValues = z.output<typeof reasonForm>;

function BreakGlassDialog({
  patientId,
  patientNumber,
  onClose,
}: {
  patientId: string;
  patientNumber: string;
  onClose(until: string | null): void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  // Closing by Escape, Cancel or success: the parent hears of it once.
  const settled = useRef(false);
  const settle = (until: string | null) => {
    if (settled.current) return;
    settled.current = true;
    onClose(until);
  };
  const [formError, setFormError] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<number | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<ReasonValues>({ resolver: translatedResolver(reasonForm), defaultValues: { reason: '' } });
  const length = useWatch({ control, name: 'reason' }).trim().length;

  useEffect(() => {
    dialog.current?.showModal();
    let current = true;
    void callSafely(() => clinic().breakGlass.getPolicy({})).then((result) => {
      if (current && result.ok) setMinutes(result.value.durationMinutes);
    });
    return () => {
      current = false;
    };
  }, []);

  const submit = async ({ reason }: ReasonValues) => {
    setFormError(null);
    // core asks for step-up: runCommand opens that dialog above this one and retries once confirmed.
    const failure = await useBreakGlassStore.getState().request(patientId, reason);
    if (failure !== null) {
      setFormError(applyFailure(failure, setError, ['reason']));
      return;
    }
    const grant = activeGrants(useBreakGlassStore.getState().grants).find(
      (candidate) => candidate.patientId === patientId,
    );
    settle(grant?.expiresAt ?? new Date().toISOString());
    dialog.current?.close();
  };

  const counter =
    length < MIN_BREAK_GLASS_REASON
      ? `${length} of at least ${MIN_BREAK_GLASS_REASON} characters`
      : `${length} characters — enough`;

  return (
    <dialog
      ref={dialog}
      className="dialog dialog-wide"
      aria-labelledby="break-glass-title"
      onClose={() => settle(null)}
    >
      <h2 id="break-glass-title">{t('breakGlass.breakGlassAction.emergencyAccessToSensitiveRecords')}</h2>
      <p>
        {t('breakGlass.breakGlassAction.patient')}
        <span className="mono">{patientNumber}</span>
        {t('breakGlass.breakGlassAction.youWillAlsoSeeTheir', {
          value:
            minutes === null
              ? t('breakGlass.breakGlassAction.aLimitedTime')
              : t('breakGlass.breakGlassAction.minutes', { minutes }),
        })}
      </p>
      <p className="warning">{t('breakGlass.breakGlassAction.useThisOnlyInAn')}</p>
      <form className="stack" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
        <TextAreaField
          label={t('breakGlass.breakGlassAction.reasonForEmergencyAccess')}
          hint={t('breakGlass.breakGlassAction.whatIsHappeningAndWhy')}
          registration={register('reason')}
          error={errors.reason?.message}
          counter={counter}
          maxLength={MAX_REASON}
          rows={3}
          autoFocus
        />
        <FormError message={formError} />
        <div className="actions">
          <button type="submit" className="danger" disabled={isSubmitting}>
            {isSubmitting
              ? t('breakGlass.breakGlassAction.requesting')
              : t('breakGlass.breakGlassAction.requestEmergencyAccess')}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()} disabled={isSubmitting}>
            {t('breakGlass.breakGlassAction.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
