import { useEffect } from 'react';
import { Link } from 'react-router';
import { isShiftExempt } from '../../../shared/security/roles';
import { useCan, useIdentityStore } from '../identity/identity-store';
import { FormError } from '../ui/form';
import { describeShift } from './shift-text';
import { nextShiftCheckIn } from './shift-timing';
import { useShiftStore } from './shift-store';
import { useTranslation } from 'react-i18next';

/** Whether the user has a shift to show: they clock in, or their role needs no shift. */
export function useShowsShift(): boolean {
  const canClock = useCan('shifts.clock');
  const exempt = useIdentityStore(
    (store) => store.session?.signedIn === true && isShiftExempt(store.session.user.roles),
  );
  return canClock || exempt;
}

/**
 * Keeps the user's shift state current while the app frame is up: read on
 * mount, then again just after the shift's next boundary (it ends, the next
 * one starts), never more often than once a minute.
 */
function useShiftUpkeep(enabled: boolean): void {
  const mine = useShiftStore((store) => store.mine);
  useEffect(() => {
    if (enabled) void useShiftStore.getState().refresh();
  }, [enabled]);
  useEffect(() => {
    if (!enabled || mine === null) return;
    const wait = nextShiftCheckIn(mine, Date.now());
    if (wait === null) return;
    const timer = window.setTimeout(() => void useShiftStore.getState().refresh(), wait);
    return () => window.clearTimeout(timer);
  }, [enabled, mine]);
}

/** The header's few words about the shift, linking to the home screen where the clock-in button is. */
export function ShiftHeaderStatus() {
  const shows = useShowsShift();
  useShiftUpkeep(shows);
  const mine = useShiftStore((store) => store.mine);
  if (!shows || mine === null) return null;
  const text = describeShift(mine);
  if (text.short === null) return null;
  return (
    <Link to="/" className={`shift-chip shift-chip-${text.tone}`} title={text.sentence} data-testid="shift-chip">
      <span className="shift-dot" aria-hidden="true" />
      {text.short}
    </Link>
  );
}

/** The home screen's shift panel: the state in a sentence, and the clock-in or clock-out button. */
export function ShiftPanel() {
  const { t } = useTranslation();
  const shows = useShowsShift();
  const canClock = useCan('shifts.clock');
  const canSeeSchedule = useCan('shifts.read');
  const { mine, problem, refusal, clocking, clockIn, clockOut } = useShiftStore();

  useEffect(() => {
    // On each visit to home; the store itself keeps to once a minute.
    if (shows) void useShiftStore.getState().refresh();
    // A refusal belongs to the visit it answered; coming back later starts clean.
    return () => useShiftStore.setState({ refusal: null });
  }, [shows]);

  if (!shows) return null;
  const text = mine === null ? null : describeShift(mine);
  return (
    <section className={`panel shift-panel shift-panel-${text?.tone ?? 'off'}`} aria-labelledby="shift-title">
      <h2 id="shift-title">{t('shifts.shiftPanel.yourShift')}</h2>
      {text === null && problem === null && <p aria-live="polite">{t('shifts.shiftPanel.loading')}</p>}
      {text === null && problem !== null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {text !== null && mine !== null && (
        <>
          <p className="shift-sentence" data-testid="shift-state">
            {text.sentence}
          </p>
          {text.tone === 'exempt' && <p className="hint">{t('shifts.shiftPanel.yourRoleMayRecordClinical')}</p>}
          <FormError message={refusal} />
          {canClock && !mine.exempt && (
            <div className="actions">
              {mine.clockedIn ? (
                <button type="button" className="secondary" disabled={clocking} onClick={() => void clockOut()}>
                  {clocking ? t('shifts.shiftPanel.clockingOut') : t('shifts.shiftPanel.clockOut')}
                </button>
              ) : (
                <button type="button" disabled={clocking} onClick={() => void clockIn()}>
                  {clocking ? t('shifts.shiftPanel.clockingIn') : t('shifts.shiftPanel.clockIn')}
                </button>
              )}
              {canSeeSchedule && <Link to="/shifts">{t('shifts.shiftPanel.seeTheShiftSchedule')}</Link>}
            </div>
          )}
        </>
      )}
    </section>
  );
}
