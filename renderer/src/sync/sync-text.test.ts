import { describe, expect, it } from 'vitest';
import { joinInput, normalizeServerUrl, recoverInput, type SyncStatus } from '../../../shared/api/sync';
import {
  codeGroups,
  conflictValueText,
  describeSyncStatus,
  durationText,
  progressPercent,
  shortDeviceId,
  skewText,
  timeAgo,
} from './sync-text';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

const connected: SyncStatus = {
  configured: true,
  serverUrl: 'https://sync.example.org',
  deviceId: '0195a0b0-0000-7000-8000-00000000000a',
  facilityId: '0195a0b0-0000-7000-8000-00000000000f',
  online: true,
  lastSyncAt: minutesAgo(5),
  lastError: null,
  pendingChanges: 0,
  running: false,
  progress: null,
  initialSyncDone: true,
  clockSkewMs: 1_000,
  clockSkewWarning: false,
  conflictsToReview: 0,
  currentKeyId: 'k1',
  nextAttemptAt: null,
};

describe('describeSyncStatus', () => {
  it('says a workstation without a server keeps its records to itself', () => {
    expect(describeSyncStatus({ ...connected, configured: false }, NOW)).toMatchObject({
      short: 'Not syncing',
      tone: 'off',
    });
  });

  it('gives the last sync in words when all is well', () => {
    expect(describeSyncStatus(connected, NOW)).toEqual({
      short: 'Synced 5 minutes ago',
      sentence: 'Online, last synced 5 minutes ago.',
      tone: 'ok',
    });
  });

  it('counts the changes waiting while offline', () => {
    const text = describeSyncStatus({ ...connected, online: false, pendingChanges: 12 }, NOW);
    expect(text.tone).toBe('offline');
    expect(text.short).toBe('Offline · 12 waiting');
    expect(text.sentence).toContain('12 changes waiting to be sent');
  });

  it('shows the run’s percentage while syncing', () => {
    const text = describeSyncStatus(
      { ...connected, running: true, progress: { phase: 'pulling', done: 30, total: 120 } },
      NOW,
    );
    expect(text).toMatchObject({ short: 'Syncing 25%', tone: 'running' });
    expect(text.sentence).toBe('Syncing now — Receiving changes: 30 of 120.');
  });

  it('warns about a wrong clock while online', () => {
    const text = describeSyncStatus({ ...connected, clockSkewWarning: true, clockSkewMs: 3 * 86_400_000 }, NOW);
    expect(text).toMatchObject({ short: 'Check the clock', tone: 'warning' });
  });
});

describe('clock skew', () => {
  it('is silent within the tolerance and explains beyond it', () => {
    expect(skewText({ clockSkewMs: 60_000, clockSkewWarning: false })).toBeNull();
    expect(skewText({ clockSkewMs: -3 * 86_400_000, clockSkewWarning: true })).toContain('about 3 days behind');
    expect(skewText({ clockSkewMs: 7 * 60_000, clockSkewWarning: true })).toContain('about 7 minutes ahead of');
  });

  it('rounds durations down to the largest sensible unit', () => {
    expect(durationText(90_000)).toBe('1 minute');
    expect(durationText(5 * 3_600_000)).toBe('5 hours');
    expect(durationText(-50 * 3_600_000)).toBe('2 days');
  });
});

describe('small texts', () => {
  it('ages times, treating times ahead as just now', () => {
    expect(timeAgo(minutesAgo(0.5), NOW)).toBe('just now');
    expect(timeAgo(minutesAgo(-10), NOW)).toBe('just now');
    expect(timeAgo(minutesAgo(1), NOW)).toBe('1 minute ago');
    expect(timeAgo(minutesAgo(3 * 60), NOW)).toBe('3 hours ago');
    expect(timeAgo(minutesAgo(3 * 24 * 60), NOW)).toBe('3 days ago');
  });

  it('has a percentage only when the total is known', () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent({ phase: 'joining', done: 5, total: null })).toBeNull();
    expect(progressPercent({ phase: 'joining', done: 5, total: 0 })).toBeNull();
    expect(progressPercent({ phase: 'joining', done: 1, total: 3 })).toBe(33);
  });

  it('splits a code into its groups and shows conflict values as words', () => {
    expect(codeGroups('7K3M-Q9XA-2PLD')).toEqual(['7K3M', 'Q9XA', '2PLD']);
    expect(conflictValueText('"Wanjiru"')).toBe('Wanjiru');
    expect(conflictValueText('null')).toBe('(empty)');
    expect(conflictValueText(null)).toBe('(empty)');
    expect(conflictValueText('42')).toBe('42');
  });

  it('tells devices apart by the random end of their ids', () => {
    expect(shortDeviceId('0195a0b0-0000-7000-8000-00000000000a')).toBe('…0000000a');
    expect(shortDeviceId('ws-1')).toBe('ws-1');
  });
});

describe('the join forms’ schemas', () => {
  it('keeps only plain http(s) server addresses, without a trailing slash', () => {
    expect(normalizeServerUrl('https://sync.example.org/')).toBe('https://sync.example.org');
    expect(normalizeServerUrl('http://192.168.1.10:8787/zahanati/')).toBe('http://192.168.1.10:8787/zahanati');
    expect(normalizeServerUrl('ftp://sync.example.org')).toBeNull();
    expect(normalizeServerUrl('https://user:secret@sync.example.org')).toBeNull();
    expect(normalizeServerUrl('https://sync.example.org/?token=1')).toBeNull();
    expect(normalizeServerUrl('sync.example.org')).toBeNull();
  });

  it('takes an enrollment code in any case, with spaces or dashes', () => {
    const parsed = joinInput.parse({ serverUrl: ' https://sync.example.org ', code: ' 7k3m q9xa-2pld ' });
    expect(parsed).toEqual({ serverUrl: 'https://sync.example.org', code: '7K3M-Q9XA-2PLD' });
    expect(joinInput.safeParse({ serverUrl: 'https://sync.example.org', code: '7K3M' }).success).toBe(false);
    expect(joinInput.safeParse({ serverUrl: 'https://sync.example.org', code: '7K3M-Q9XA-2PL!' }).success).toBe(false);
  });

  it('needs the facility id printed on the kit', () => {
    const kit = { serverUrl: 'https://sync.example.org', secret: 'abcd efgh ijkl mnop qrst' };
    expect(recoverInput.safeParse({ ...kit, facilityId: 'not-an-id' }).success).toBe(false);
    expect(recoverInput.parse({ ...kit, facilityId: '0195a0b0-0000-7000-8000-00000000000f' }).secret).toBe(
      'abcdefghijklmnopqrst',
    );
  });
});

describe('sync text in Kiswahili', () => {
  it('says the same state in the chosen language, with the count in the plural form', async () => {
    const { inLanguage } = await import('../i18n/testing');
    const text = await inLanguage('sw', () =>
      describeSyncStatus({ ...connected, online: false, pendingChanges: 12 }, NOW),
    );
    expect(text.short).toBe('Nje ya mtandao · 12 yanasubiri');
    expect(text.sentence).toContain('Mabadiliko 12 yanasubiri kutumwa.');
    expect(await inLanguage('sw', () => timeAgo(minutesAgo(5), NOW))).toBe('dakika 5 zilizopita');
  });
});
