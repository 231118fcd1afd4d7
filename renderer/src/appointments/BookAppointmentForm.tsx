import { zodResolver } from '@hookform/resolvers/zod';
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

const { reason } = appointmentsContract['appointments.schedule'].input.shape;

/** The contract's rules, with messages for people, and a date that has not passed. */
function bookingForm(now: () => Date) {
  return z.object({
    date: z
      .string()
      .refine((value) => localMoment(value) !== null, 'Choose the day of the appointment')
      .refine((value) => value === '' || value >= dateInputValue(now()), 'Choose today or a later date'),
    reason: z
      .string()
      .trim()
      .min(reason.minLength ?? 3, 'Say what the visit is for, e.g. “Review after malaria treatment”')
      .max(reason.maxLength ?? 200, `Too long: at most ${reason.maxLength ?? 200} characters`),
  });
}
type BookingValues = z.output<ReturnType<typeof bookingForm>>;

const QUICK_CHOICES = [
  { days: 7, label: 'In 1 week' },
  { days: 14, label: 'In 2 weeks' },
  { days: 28, label: 'In 4 weeks' },
] as const;

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
  } = useForm<BookingValues>({ resolver: zodResolver(schema), defaultValues: { date: '', reason: '' } });

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
        {QUICK_CHOICES.map((choice) => (
          <button
            key={choice.days}
            type="button"
            className="secondary btn-small"
            onClick={() => setValue('date', daysFromToday(choice.days), { shouldValidate: true, shouldDirty: true })}
          >
            {choice.label}
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
