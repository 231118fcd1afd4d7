import type { SyncPhase, SyncProgressView, SyncStatus } from '../../../shared/api/sync';

export type SyncTone = 'ok' | 'running' | 'offline' | 'warning' | 'off';

export interface SyncStatusText {
  /** A few words for the header. */
  short: string;
  /** The whole state in a sentence, for the sync screen and the header's tooltip. */
  sentence: string;
  tone: SyncTone;
}

const PHASE_TEXT: Readonly<Record<SyncPhase, string>> = {
  idle: 'Waiting',
  pushing: 'Sending changes',
  pulling: 'Receiving changes',
  applying: 'Saving received changes',
  joining: 'Copying the facility’s records',
};

export function phaseText(phase: SyncPhase): string {
  return PHASE_TEXT[phase];
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-KE')} ${count === 1 ? one : many}`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago"; times ahead of now read as "just now". */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute', 'minutes')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${plural(hours, 'hour', 'hours')} ago`;
  return `${plural(Math.floor(hours / 24), 'day', 'days')} ago`;
}

/** "3 minutes", "2 hours", "3 days": how far the workstation clock is off, rounded down. */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return plural(Math.max(minutes, 1), 'minute', 'minutes');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour', 'hours');
  return plural(Math.floor(hours / 24), 'day', 'days');
}

/** What to tell the user about the workstation clock, or null when it is close enough to the server's. */
export function skewText(status: Pick<SyncStatus, 'clockSkewMs' | 'clockSkewWarning'>): string | null {
  if (!status.clockSkewWarning || status.clockSkewMs === null) return null;
  const direction = status.clockSkewMs > 0 ? 'ahead of' : 'behind';
  return (
    `This computer’s clock is about ${durationText(status.clockSkewMs)} ${direction} the sync server. ` +
    'Records still sync, but times you see and enter may be wrong. Ask IT support to set the date and time.'
  );
}

/** 0–100 when the total is known, else null (the progress bar then shows activity without a value). */
export function progressPercent(progress: SyncProgressView | null): number | null {
  if (progress === null || progress.total === null || progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

export function progressText(progress: SyncProgressView): string {
  const what = phaseText(progress.phase);
  if (progress.total === null)
    return progress.done > 0 ? `${what}: ${progress.done.toLocaleString('en-KE')} so far` : `${what}…`;
  return `${what}: ${progress.done.toLocaleString('en-KE')} of ${progress.total.toLocaleString('en-KE')}`;
}

function pendingText(count: number): string {
  return plural(count, 'change waiting to be sent', 'changes waiting to be sent');
}

/** The state of sync in words, picked in order of what matters most to someone at the desk. */
export function describeSyncStatus(status: SyncStatus, now: number): SyncStatusText {
  if (!status.configured) {
    return {
      short: 'Not syncing',
      sentence: 'This workstation is not connected to a sync server. Its records stay on this computer only.',
      tone: 'off',
    };
  }
  const last = status.lastSyncAt === null ? 'never synced yet' : `last synced ${timeAgo(status.lastSyncAt, now)}`;
  if (status.running) {
    const percent = progressPercent(status.progress);
    return {
      short: percent === null ? 'Syncing…' : `Syncing ${percent}%`,
      sentence: `Syncing now${status.progress === null ? '' : ` — ${progressText(status.progress)}`}.`,
      tone: 'running',
    };
  }
  const pending = status.pendingChanges > 0 ? ` ${capitalise(pendingText(status.pendingChanges))}.` : '';
  if (status.online === false) {
    return {
      short:
        status.pendingChanges > 0 ? `Offline · ${status.pendingChanges.toLocaleString('en-KE')} waiting` : 'Offline',
      sentence: `Offline: the sync server cannot be reached; ${last}. Work carries on and syncs when the link returns.${pending}`,
      tone: 'offline',
    };
  }
  if (status.clockSkewWarning) {
    return {
      short: 'Check the clock',
      sentence: `Online, ${last}. The computer’s clock is wrong.${pending}`,
      tone: 'warning',
    };
  }
  return {
    short: status.lastSyncAt === null ? 'Not synced yet' : `Synced ${timeAgo(status.lastSyncAt, now)}`,
    sentence: `${status.online === null ? 'Not tried yet' : 'Online'}, ${last}.${pending}`,
    tone: 'ok',
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An enrollment code's groups, for showing large and reading aloud one group at a time. */
export function codeGroups(code: string): string[] {
  return code.split(/[-\s]+/).filter((group) => group.length > 0);
}

const TABLE_LABELS: Readonly<Record<string, string>> = {
  patients: 'Patient details',
  patient_identifiers: 'Patient identifier',
  patient_allergies: 'Allergy',
  appointments: 'Appointment',
  visits: 'Visit',
  prescriptions: 'Prescription',
  lab_orders: 'Lab order',
  users: 'Staff account',
};

/** The kind of record in words; unknown tables keep their name rather than guessing. */
export function tableLabel(table: string): string {
  return TABLE_LABELS[table] ?? table;
}

/** "family_name" → "Family name". */
export function columnLabel(column: string): string {
  return capitalise(column.replace(/_/g, ' '));
}

/** A conflict value as stored (JSON text) in words: strings as they are, nothing as "(empty)". */
export function conflictValueText(json: string | null): string {
  if (json === null) return '(empty)';
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || value === '') return '(empty)';
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return json;
  }
}

/**
 * The end of a device id: enough to tell workstations apart on screen. The end,
 * because a UUIDv7 starts with its creation time, alike for devices enrolled together.
 */
export function shortDeviceId(deviceId: string): string {
  return deviceId.length <= 12 ? deviceId : `…${deviceId.slice(-8)}`;
}
