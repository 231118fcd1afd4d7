import { useEffect } from 'react';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { useIdentityStore } from './identity-store';
import { ACTIVITY_REPORT_INTERVAL_MS, SESSION_POLL_MS } from './session-timing';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * Re-reads session.status (passive: it does not postpone the idle lock) while
 * someone is signed in, and whenever the window comes back into view, so the
 * lock screen or the login screen appears once core has locked or ended the
 * session.
 */
export function useSessionPolling(signedIn: boolean): void {
  useEffect(() => {
    if (!signedIn) return;
    const refresh = () => void useIdentityStore.getState().refreshSession();
    const timer = window.setInterval(refresh, SESSION_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signedIn]);
}

// Module-level, so remounting the gate (e.g. after unlocking) does not reset the throttle.
let lastReportedAt = Number.NEGATIVE_INFINITY;

/**
 * Tells core about real user input (keys, clicks, scrolling), at most once per
 * ACTIVITY_REPORT_INTERVAL_MS. Only while signed in and unlocked: input on the
 * lock screen must not keep a session alive.
 */
export function useActivityReporting(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onActivity = () => {
      const now = Date.now();
      if (now - lastReportedAt < ACTIVITY_REPORT_INTERVAL_MS) return;
      lastReportedAt = now;
      void callSafely(() => clinic().session.activity({})).then((result) => {
        // Refused means core has locked or ended the session meanwhile: show it now.
        if (!result.ok) void useIdentityStore.getState().refreshSession();
      });
    };
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, options);
    };
  }, [enabled]);
}
