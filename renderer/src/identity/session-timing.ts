/**
 * Core decides when a session locks or ends, and refuses every command from
 * that moment; this is only how soon the screen follows. Every poll is an
 * audit entry, so it stays coarse.
 */
export const SESSION_POLL_MS = 30_000;
/** Core only needs to know the user is still there, not every keystroke. */
export const ACTIVITY_REPORT_INTERVAL_MS = 20_000;
