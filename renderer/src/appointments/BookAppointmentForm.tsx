import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { appointmentsContract, type AppointmentView } from '../../../shared/api/appointments';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { dateInputValue, localMoment } from '../ui/local-time';
import { daysFromToday } from './appointment-text';
import { useTranslation } from 'react-i18next';
import { message } from '../i18n/validation';

const { reason } = appointmentsContract['appointments.schedule'].input.shape;

/** The contract's rules, with messages for people, and a date that has not passed. */
function bookingForm(now: () => Date) {
  return z.object({
    date: z
      .string()
      .refine((value) => localMoment(value) !== null, message('appointments.bookAppointmentForm.chooseDay'))
      .refine(
        (value) => value === '' || value >= dateInputValue(now()),
        message('appointments.bookAppointmentForm.notPast'),
      ),
    reason: z
      .string()
      .trim()
      .min(reason.minLength ?? 3, message('appointments.bookAppointmentForm.sayReason'))
      .max(reason.maxLength ?? 200, message('validation.textAtMost', { max: reason.maxLength ?? 200 })),
  });
}
type BookingValues = z.output<ReturnType<typeof bookingForm>>;

/** Follow-up in 1, 2 or 4 weeks; the button says "In N weeks" in the UI language. */
const QUICK_WEEKS = [1, 2, 4] as const;

interface BookAppointmentFormProps {
  patientId: string;
  onBooked(appointment: AppointmentView): void;
  onCancel(): void;
}

/** Books a follow-up visit for one patient (appointments.schedule). */
export function BookAppointmentForm({ patientId, onBooked, onCancel }: BookAppointmentFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [schema] = useState(() => bookingForm(() => new Date()));
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<BookingValues>({ resolver: translatedResolver(schema), defaultValues: { date: '', reason: '' } });

  const submit = async (values: BookingValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().appointments.schedule({ patientId, ...values }));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['date', 'reason']));
      return;
    }
    onBooked(result.value);
  };

  return (
    <form
      className="stack inline-form"
      aria-label={t('appointments.bookAppointmentForm.bookFollowUp')}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <div className="quick-dates" role="group" aria-label={t('appointments.bookAppointmentForm.quickChoices')}>
        {QUICK_WEEKS.map((weeks) => (
          <button
            key={weeks}
            type="button"
            className="secondary btn-small"
            onClick={() => setValue('date', daysFromToday(weeks * 7), { shouldValidate: true, shouldDirty: true })}
          >
            {t('appointments.bookAppointmentForm.inWeeks', { count: weeks })}
          </button>
        ))}
      </div>
      <TextField
        type="date"
        label={t('appointments.bookAppointmentForm.date')}
        registration={register('date')}
        error={errors.date?.message}
        className="field-narrow"
        autoFocus
      />
      <TextField
        label={t('appointments.bookAppointmentForm.whatFor')}
        registration={register('reason')}
        error={errors.reason?.message}
        autoComplete="off"
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting
            ? t('appointments.bookAppointmentForm.booking')
            : t('appointments.bookAppointmentForm.bookAppointment')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('appointments.bookAppointmentForm.cancel')}
        </button>
      </div>
    </form>
  );
}
