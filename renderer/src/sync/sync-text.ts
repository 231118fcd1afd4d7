import { i18n } from '../i18n';
import { formatNumber } from '../i18n/locale';
import type { SyncPhase, SyncProgressView, SyncStatus } from '../../../shared/api/sync';

export type SyncTone = 'ok' | 'running' | 'offline' | 'warning' | 'off';

export interface SyncStatusText {
  /** A few words for the header. */
  short: string;
  /** The whole state in a sentence, for the sync screen and the header's tooltip. */
  sentence: string;
  tone: SyncTone;
}

export function phaseText(phase: SyncPhase): string {
  return i18n.t(`sync.text.phase.${phase}`);
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago"; times ahead of now read as "just now". */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return i18n.t('sync.text.justNow');
  return i18n.t('sync.text.ago', { duration: durationText(seconds * 1000) });
}

/** "3 minutes", "2 hours", "3 days": how far the workstation clock is off, rounded down. */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60)
    return i18n.t('sync.text.minutes', { count: Math.max(minutes, 1), value: formatNumber(Math.max(minutes, 1)) });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return i18n.t('sync.text.hours', { count: hours, value: formatNumber(hours) });
  const days = Math.floor(hours / 24);
  return i18n.t('sync.text.days', { count: days, value: formatNumber(days) });
}

/** What to tell the user about the workstation clock, or null when it is close enough to the server's. */
export function skewText(status: Pick<SyncStatus, 'clockSkewMs' | 'clockSkewWarning'>): string | null {
  if (!status.clockSkewWarning || status.clockSkewMs === null) return null;
  const duration = durationText(status.clockSkewMs);
  return status.clockSkewMs > 0
    ? i18n.t('sync.text.skewAhead', { duration })
    : i18n.t('sync.text.skewBehind', { duration });
}

/** 0–100 when the total is known, else null (the progress bar then shows activity without a value). */
export function progressPercent(progress: SyncProgressView | null): number | null {
  if (progress === null || progress.total === null || progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

export function progressText(progress: SyncProgressView): string {
  const phase = phaseText(progress.phase);
  if (progress.total === null) {
    return progress.done > 0
      ? i18n.t('sync.text.progressSoFar', { phase, done: formatNumber(progress.done) })
      : i18n.t('sync.text.progressStarting', { phase });
  }
  return i18n.t('sync.text.progressOf', {
    phase,
    done: formatNumber(progress.done),
    total: formatNumber(progress.total),
  });
}

/** The state of sync in words, picked in order of what matters most to someone at the desk. */
export function describeSyncStatus(status: SyncStatus, now: number): SyncStatusText {
  if (!status.configured) {
    return { short: i18n.t('sync.text.notSyncing'), sentence: i18n.t('sync.text.notConnected'), tone: 'off' };
  }
  const last =
    status.lastSyncAt === null
      ? i18n.t('sync.text.neverSynced')
      : i18n.t('sync.text.lastSynced', { ago: timeAgo(status.lastSyncAt, now) });
  if (status.running) {
    const percent = progressPercent(status.progress);
    return {
      short: percent === null ? i18n.t('sync.text.syncing') : i18n.t('sync.text.syncingPercent', { percent }),
      sentence:
        status.progress === null
          ? i18n.t('sync.text.syncingNow')
          : i18n.t('sync.text.syncingNowProgress', { progress: progressText(status.progress) }),
      tone: 'running',
    };
  }
  const count = status.pendingChanges;
  const pending = count > 0 ? ` ${i18n.t('sync.text.pending', { count, value: formatNumber(count) })}` : '';
  if (status.online === false) {
    return {
      short:
        count > 0 ? i18n.t('sync.text.offlineWaiting', { value: formatNumber(count) }) : i18n.t('sync.text.offline'),
      sentence: i18n.t('sync.text.offlineSentence', { last }) + pending,
      tone: 'offline',
    };
  }
  if (status.clockSkewWarning) {
    return {
      short: i18n.t('sync.text.checkClock'),
      sentence: i18n.t('sync.text.clockWrongSentence', { last }) + pending,
      tone: 'warning',
    };
  }
  return {
    short:
      status.lastSyncAt === null
        ? i18n.t('sync.text.notSyncedYet')
        : i18n.t('sync.text.synced', { ago: timeAgo(status.lastSyncAt, now) }),
    sentence:
      (status.online === null
        ? i18n.t('sync.text.notTriedSentence', { last })
        : i18n.t('sync.text.onlineSentence', { last })) + pending,
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

const TABLES = [
  'patients',
  'patient_identifiers',
  'patient_allergies',
  'appointments',
  'visits',
  'prescriptions',
  'lab_orders',
  'users',
] as const;
type KnownTable = (typeof TABLES)[number];
const isKnownTable = (table: string): table is KnownTable => (TABLES as readonly string[]).includes(table);

/** The kind of record in words; unknown tables keep their name rather than guessing. */
export function tableLabel(table: string): string {
  return isKnownTable(table) ? i18n.t(`sync.text.table.${table}`) : table;
}

/** "family_name" → "Family name" (a column's own name: core does not describe columns, so no translation). */
export function columnLabel(column: string): string {
  return capitalise(column.replace(/_/g, ' '));
}

/** A conflict value as stored (JSON text) in words: strings as they are, nothing as "(empty)". */
export function conflictValueText(json: string | null): string {
  if (json === null) return i18n.t('sync.text.empty');
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || value === '') return i18n.t('sync.text.empty');
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
