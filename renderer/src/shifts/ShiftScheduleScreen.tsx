import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ShiftOccurrence } from '../../../shared/api/shifts';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { roleLabels } from '../identity/roles-text';
import { ConfirmAction } from '../ui/ConfirmAction';
import { FormError, Notice, type SelectOption } from '../ui/form';
import {
  addDays,
  dateInputValue,
  formatClock,
  formatDay,
  formatLongDay,
  formatTimeRange,
  isoWithOffset,
  sameLocalDay,
  startOfWeek,
} from '../ui/local-time';
import { useUsersStore } from '../users/users-store';
import { ClockInGracePanel } from './ClockInGracePanel';
import { ScheduleShiftForm } from './ScheduleShiftForm';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

interface Week {
  start: Date;
  /** The staff member whose shifts are shown; '' for everyone. */
  userId: string;
}

/**
 * The week's shifts (shifts.list), and for managers a form to schedule one and
 * a button to cancel one. Times are the workstation's local time throughout.
 */
export function ShiftScheduleScreen() {
  const { t } = useTranslation();
  const canManage = useCan('shifts.manage');
  const canReadUsers = useCan('users.read');
  const users = useUsersStore((store) => store.users);
  const [week, setWeek] = useState<Week>(() => ({ start: startOfWeek(new Date()), userId: '' }));
  // What was last listed, and for which week and filter: another week's shifts never show under this week's title.
  const [listed, setListed] = useState<{ week: Week; occurrences: readonly ShiftOccurrence[] } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped to re-read the same week after a change.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    if (canReadUsers) void useUsersStore.getState().load();
  }, [canReadUsers]);

  useEffect(() => {
    let current = true;
    const from = isoWithOffset(week.start);
    const to = isoWithOffset(addDays(week.start, 7));
    void runCommand(() =>
      clinic().shifts.list(week.userId === '' ? { from, to } : { from, to, userId: week.userId }),
    ).then((result) => {
      if (!current) return;
      setLoadError(result.ok ? null : result.message);
      if (result.ok) setListed({ week, occurrences: result.value });
    });
    return () => {
      current = false;
    };
  }, [week, revision]);
  const occurrences = listed?.week === week ? listed.occurrences : null;

  // Staff to pick from: every active account when this user may list them, otherwise those the schedule shows.
  const staff: SelectOption[] = useMemo(() => {
    if (canReadUsers && users !== null) {
      return users
        .filter((user) => user.active)
        .map((user) => ({ value: user.id, label: `${user.displayName} (${roleLabels(user.roles)})` }))
        .sort((a, b) => a.label.localeCompare(b.label));
    }
    const fromSchedule = new Map((listed?.occurrences ?? []).map((o) => [o.userId, o.userName]));
    return [...fromSchedule].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [canReadUsers, users, listed]);

  const showWeek = (start: Date) => {
    setNotice(null);
    setActionError(null);
    setWeek((shown) => ({ ...shown, start: startOfWeek(start) }));
  };

  const cancel = async (occurrence: ShiftOccurrence) => {
    setBusy(true);
    setNotice(null);
    setActionError(null);
    const result = await runCommand(() => clinic().shifts.cancel({ shiftId: occurrence.shiftId }));
    setBusy(false);
    if (!result.ok) {
      setActionError(result.message);
    } else {
      setNotice(
        i18n.t(
          occurrence.recurring ? 'shifts.shiftScheduleScreen.cancelledWeekly' : 'shifts.shiftScheduleScreen.cancelled',
          {
            who: occurrence.userName,
            range: formatTimeRange(occurrence.startsAt, occurrence.endsAt),
          },
        ),
      );
    }
    setRevision((value) => value + 1);
  };

  const scheduled = useCallback((occurrence: ShiftOccurrence) => {
    // Show the week the new shift starts in, so the manager sees it where it landed.
    setActionError(null);
    setNotice(null);
    setWeek((shown) => ({ ...shown, start: startOfWeek(new Date(occurrence.startsAt)) }));
    setRevision((value) => value + 1);
  }, []);

  const today = new Date();
  const isThisWeek = sameLocalDay(week.start, startOfWeek(today));
  const weekTitle = `${formatLongDay(week.start)} – ${formatLongDay(addDays(week.start, 6))} ${addDays(week.start, 6).getFullYear()}`;

  return (
    <section aria-labelledby="shifts-title" className="page page-wide">
      <h1 id="shifts-title">{t('shifts.shiftScheduleScreen.shiftSchedule')}</h1>
      <div className={canManage ? 'schedule-layout' : undefined}>
        <div>
          <div className="toolbar" role="group" aria-label={t('shifts.shiftScheduleScreen.weekShown')}>
            <button type="button" className="secondary" onClick={() => showWeek(addDays(week.start, -7))}>
              {t('shifts.shiftScheduleScreen.previousWeek')}
            </button>
            <button type="button" className="secondary" disabled={isThisWeek} onClick={() => showWeek(today)}>
              {t('shifts.shiftScheduleScreen.thisWeek')}
            </button>
            <button type="button" className="secondary" onClick={() => showWeek(addDays(week.start, 7))}>
              {t('shifts.shiftScheduleScreen.nextWeek')}
            </button>
            <label className="toolbar-field">
              <span>{t('shifts.shiftScheduleScreen.showShiftsOf')}</span>
              <select
                value={week.userId}
                onChange={(event) => {
                  const userId = event.target.value;
                  setWeek((shown) => ({ ...shown, userId }));
                }}
              >
                <option value="">{t('shifts.shiftScheduleScreen.everyone')}</option>
                {staff.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <h2 className="week-title" id="week-title" aria-live="polite">
            {weekTitle}
          </h2>
          <Notice message={notice} />
          <FormError message={actionError} />
          {loadError !== null && (
            <div className="stack">
              <p role="alert" className="form-error">
                {loadError}
              </p>
              <button type="button" className="secondary align-start" onClick={() => setRevision((v) => v + 1)}>
                {t('shifts.shiftScheduleScreen.tryAgain')}
              </button>
            </div>
          )}
          {occurrences === null && loadError === null && (
            <p aria-live="polite">{t('shifts.shiftScheduleScreen.loading')}</p>
          )}
          {occurrences !== null && (
            <WeekTable
              weekStart={week.start}
              occurrences={occurrences}
              today={today}
              canManage={canManage}
              busy={busy}
              onCancel={(occurrence) => void cancel(occurrence)}
            />
          )}
        </div>
        {canManage && (
          <div className="schedule-side">
            <ScheduleShiftForm staff={staff} onScheduled={scheduled} />
            <ClockInGracePanel />
          </div>
        )}
      </div>
      {!canManage && <ClockInGracePanel />}
    </section>
  );
}

interface WeekTableProps {
  weekStart: Date;
  occurrences: readonly ShiftOccurrence[];
  today: Date;
  canManage: boolean;
  busy: boolean;
  onCancel(occurrence: ShiftOccurrence): void;
}

/** One row group per day, Monday to Sunday; a shift sits under the day it starts. */
function WeekTable({ weekStart, occurrences, today, canManage, busy, onCancel }: WeekTableProps) {
  const { t } = useTranslation();
  const days = Array.from({ length: 7 }, (_, index) => addDays(weekStart, index));
  const byDay = new Map<string, ShiftOccurrence[]>(days.map((day) => [dateInputValue(day), []]));
  const firstDay = dateInputValue(weekStart);
  for (const occurrence of occurrences) {
    const start = new Date(occurrence.startsAt);
    // A night shift from the Sunday before still runs on Monday morning: list it there.
    const key = start < weekStart ? firstDay : dateInputValue(start);
    byDay.get(key)?.push(occurrence);
  }
  const columns = canManage ? 4 : 3;
  return (
    <table className="table schedule-table" aria-labelledby="week-title">
      <thead>
        <tr>
          <th scope="col">{t('shifts.shiftScheduleScreen.time')}</th>
          <th scope="col">{t('shifts.shiftScheduleScreen.staffMember')}</th>
          <th scope="col">{t('shifts.shiftScheduleScreen.repeats')}</th>
          {canManage && (
            <th scope="col">
              <span className="visually-hidden">{t('shifts.shiftScheduleScreen.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      {days.map((day) => {
        const key = dateInputValue(day);
        const items = byDay.get(key) ?? [];
        const isToday = sameLocalDay(day, today);
        return (
          <tbody key={key} className={isToday ? 'day-today' : undefined}>
            <tr className="day-row">
              <th colSpan={columns} scope="rowgroup">
                {formatLongDay(day)}
                {isToday && <span className="tag tag-ok">{t('shifts.shiftScheduleScreen.today')}</span>}
              </th>
            </tr>
            {items.length === 0 ? (
              <tr>
                <td colSpan={columns} className="muted">
                  {t('shifts.shiftScheduleScreen.noShifts')}
                </td>
              </tr>
            ) : (
              items.map((occurrence) => (
                <tr key={`${occurrence.shiftId}-${occurrence.startsAt}`}>
                  <td className="nowrap">{timeText(occurrence, weekStart)}</td>
                  <td>{occurrence.userName}</td>
                  <td>
                    {occurrence.recurring
                      ? t('shifts.shiftScheduleScreen.every', { startsAt: weekday(occurrence.startsAt) })
                      : t('shifts.shiftScheduleScreen.once')}
                  </td>
                  {canManage && (
                    <td className="row-actions">
                      <ConfirmAction
                        label={t('shifts.shiftScheduleScreen.cancelShift')}
                        question={cancelQuestion(occurrence)}
                        confirmLabel={t('shifts.shiftScheduleScreen.cancelTheShift')}
                        dismissLabel={t('shifts.shiftScheduleScreen.keepIt')}
                        danger
                        busy={busy}
                        onConfirm={() => onCancel(occurrence)}
                      />
                    </td>
                  )}
                </tr>
              ))
            )}
          </tbody>
        );
      })}
    </table>
  );
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long' });
const weekday = (iso: string) => WEEKDAY.format(new Date(iso));

function timeText(occurrence: ShiftOccurrence, weekStart: Date): string {
  const start = new Date(occurrence.startsAt);
  if (start >= weekStart) return formatTimeRange(occurrence.startsAt, occurrence.endsAt);
  return i18n.t('shifts.shiftScheduleScreen.untilFrom', {
    end: formatClock(occurrence.endsAt),
    day: formatDay(start),
    start: formatClock(start),
  });
}

function cancelQuestion(occurrence: ShiftOccurrence): string {
  const who = occurrence.userName;
  if (!occurrence.recurring) {
    return i18n.t('shifts.shiftScheduleScreen.cancelOne', {
      who,
      day: formatDay(occurrence.startsAt),
      range: formatTimeRange(occurrence.startsAt, occurrence.endsAt),
    });
  }
  return i18n.t('shifts.shiftScheduleScreen.cancelWeekly', { who, weekday: weekday(occurrence.startsAt) });
}
