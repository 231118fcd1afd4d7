import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import type { CommandFailure } from '../../../shared/api/errors';
import { scheduleShiftInput, type ShiftOccurrence } from '../../../shared/api/shifts';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, SelectField, TextField, type SelectOption } from '../ui/form';
import {
  dateInputValue,
  endOfLocalDay,
  formatDay,
  formatTimeRange,
  isoWithOffset,
  localMoment,
  shiftMoments,
} from '../ui/local-time';
import { useTranslation } from 'react-i18next';
import { issueText, message } from '../i18n/validation';

/** The form's own fields: what a person types, in local time. */
const FIELDS = ['userId', 'date', 'startTime', 'endTime', 'repeatUntil'] as const;
type FormField = (typeof FIELDS)[number];

/** Where the contract's fields are on this form, so core's and the schema's messages land on the right input. */
const FORM_FIELD: Record<string, FormField> = {
  userId: 'userId',
  startsAt: 'startTime',
  endsAt: 'endTime',
  repeatWeeklyUntil: 'repeatUntil',
};

interface Entered {
  userId: string;
  date: string;
  startTime: string;
  endTime: string;
  repeatUntil: string;
}

/** The contract's input for what was entered, or null while date or times are incomplete. */
function toScheduleInput(values: Entered): z.input<typeof scheduleShiftInput> | null {
  const shift = shiftMoments(values.date, values.startTime, values.endTime);
  if (shift === null) return null;
  const until = values.repeatUntil === '' ? null : endOfLocalDay(values.repeatUntil);
  if (values.repeatUntil !== '' && until === null) return null;
  return {
    userId: values.userId,
    startsAt: isoWithOffset(shift.startsAt),
    endsAt: isoWithOffset(shift.endsAt),
    repeatWeeklyUntil: until === null ? null : isoWithOffset(until),
  };
}

/** The entered fields, then the shared contract's own rules on what they make, each message on its field. */
const scheduleForm = z
  .object({
    userId: z.string().min(1, message('shifts.scheduleShiftForm.chooseStaff')),
    date: z.string().refine((value) => localMoment(value) !== null, message('shifts.scheduleShiftForm.enterDate')),
    startTime: z
      .string()
      .refine((value) => localMoment('2000-01-01', value) !== null, message('shifts.scheduleShiftForm.enterStart')),
    endTime: z
      .string()
      .refine((value) => localMoment('2000-01-01', value) !== null, message('shifts.scheduleShiftForm.enterEnd')),
    repeatUntil: z
      .string()
      .refine((value) => value === '' || localMoment(value) !== null, message('shifts.scheduleShiftForm.dateOrEmpty')),
  })
  .superRefine((values, ctx) => {
    const input = toScheduleInput(values);
    if (input === null) return;
    const parsed = scheduleShiftInput.safeParse(input);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = FORM_FIELD[String(issue.path[0])];
      ctx.addIssue({ code: 'custom', message: issueText(issue), path: field === undefined ? [] : [field] });
    }
  });

/** Core's VALIDATION issues name the contract's fields; move them onto this form's. */
function onFormFields(failure: CommandFailure): CommandFailure {
  if (failure.issues === undefined) return failure;
  return {
    ...failure,
    issues: failure.issues.map((issue) => ({ ...issue, path: FORM_FIELD[issue.path] ?? issue.path })),
  };
}

const OFFSET = isoWithOffset(new Date()).slice(-6);

/** What the entered shift means, in words: "Thu 12 Mar, 22:00–06:00 next day (8 hours)". */
function describeEntered(values: Entered): string | null {
  const shift = shiftMoments(values.date, values.startTime, values.endTime);
  if (shift === null) return null;
  const hours = (shift.endsAt.getTime() - shift.startsAt.getTime()) / 3_600_000;
  const length = Number.isInteger(hours) ? `${hours} hours` : `${hours.toFixed(1)} hours`;
  return `${formatDay(shift.startsAt)}, ${formatTimeRange(shift.startsAt, shift.endsAt)} (${length})`;
}

interface ScheduleShiftFormProps {
  staff: readonly SelectOption[];
  onScheduled(occurrence: ShiftOccurrence): void;
}

/** Schedules one shift, or one that repeats weekly, for a staff member (shifts.schedule). */
export function ScheduleShiftForm({ staff, onScheduled }: ScheduleShiftFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    formState: { errors, isSubmitting },
  } = useForm<Entered>({
    resolver: translatedResolver(scheduleForm),
    defaultValues: {
      userId: '',
      date: dateInputValue(new Date()),
      startTime: '08:00',
      endTime: '16:00',
      repeatUntil: '',
    },
  });
  const entered = useWatch({ control }) as Entered;
  const summary = describeEntered(entered);

  const submit = async (values: Entered) => {
    setFormError(null);
    setNotice(null);
    const input = toScheduleInput(values);
    if (input === null) return;
    const result = await runCommand(() => clinic().shifts.schedule(input));
    if (!result.ok) {
      setFormError(applyFailure(onFormFields(result), setError, FIELDS));
      return;
    }
    const shift = result.value;
    const scheduled = {
      name: shift.userName,
      day: formatDay(shift.startsAt),
      range: formatTimeRange(shift.startsAt, shift.endsAt),
    };
    setNotice(
      values.repeatUntil === ''
        ? t('shifts.scheduleShiftForm.scheduled', scheduled)
        : t('shifts.scheduleShiftForm.scheduledWeekly', {
            ...scheduled,
            until: formatDay(localMoment(values.repeatUntil) ?? new Date()),
          }),
    );
    // Keep date and times for the next person on the same shift; the staff member is chosen afresh.
    reset({ ...values, userId: '' });
    onScheduled(shift);
  };

  return (
    <form
      className="panel stack"
      aria-labelledby="schedule-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="schedule-title">{t('shifts.scheduleShiftForm.scheduleAShift')}</h2>
      <SelectField
        label={t('shifts.scheduleShiftForm.staffMember')}
        registration={register('userId')}
        options={staff}
        placeholder={t('shifts.scheduleShiftForm.choose')}
        error={errors.userId?.message}
      />
      <TextField
        label={t('shifts.scheduleShiftForm.date')}
        type="date"
        registration={register('date')}
        error={errors.date?.message}
      />
      <div className="field-pair">
        <TextField
          label={t('shifts.scheduleShiftForm.startsAt')}
          type="time"
          registration={register('startTime')}
          error={errors.startTime?.message}
        />
        <TextField
          label={t('shifts.scheduleShiftForm.endsAt')}
          type="time"
          registration={register('endTime')}
          error={errors.endTime?.message}
        />
      </div>
      <p className="hint schedule-summary" aria-live="polite" data-testid="shift-summary">
        <strong>{summary ?? t('shifts.scheduleShiftForm.enterTheDateAndTimes')}</strong>
        {t('shifts.scheduleShiftForm.timesAreThisWorkstationS', { OFFSET })}
      </p>
      <TextField
        label={t('shifts.scheduleShiftForm.repeatWeeklyUntilOptional')}
        type="date"
        hint={t('shifts.scheduleShiftForm.leaveEmptyForASingle')}
        registration={register('repeatUntil')}
        error={errors.repeatUntil?.message}
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? t('shifts.scheduleShiftForm.scheduling') : t('shifts.scheduleShiftForm.scheduleShift')}
      </button>
    </form>
  );
}
