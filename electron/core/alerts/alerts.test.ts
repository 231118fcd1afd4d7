import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecurityAlert } from '../../../shared/api/alerts';
import type { AuditEntry } from '../audit/trail';
import { SqlAuditTrail } from '../audit/trail';
import { CoreHarness, OWNER } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { AlertingAuditSink } from './rules';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
const ADMIN = 'owner-window';

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const openAlerts = () => h.ok<SecurityAlert[]>(ADMIN, 'alerts.list', {});

async function createNurse(): Promise<string> {
  const { id } = await h.ok<{ id: string }>(ADMIN, 'users.create', {
    username: 'wanjiku.nurse',
    displayName: 'Wanjiku',
    roles: ['nurse'],
    temporaryPassword: 'Ndege-Wanaimba-Asubuhi-77',
  });
  return id;
}

/** Feeds synthetic entries through the same sink the dispatcher uses, for rules whose commands come later. */
function recordDirectly(entry: Partial<AuditEntry>): void {
  const { services, store } = h.core;
  const sink = new AlertingAuditSink(new SqlAuditTrail(store.db), services.alerts, services.identity, services.shifts);
  sink.record({
    occurredAt: new Date(h.now),
    userId: null,
    command: 'test',
    action: 'READ',
    resourceType: 'patient',
    resourceId: null,
    patientId: null,
    purpose: null,
    recordCount: null,
    outcome: 'allowed',
    errorCode: null,
    ...entry,
  });
}

describe('security alerts', () => {
  it('raise one alert for repeated failed sign-ins, shown until acknowledged', async () => {
    const nurseId = await createNurse();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await h.call('w', 'auth.login', { username: 'wanjiku.nurse', password: 'Wrong-Password-1234' });
      h.advance(8000);
    }
    const alerts = await openAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      rule: 'failed_logins',
      userId: nurseId,
      userName: 'Wanjiku',
      summary: /3 failed sign-in attempts/,
    });

    const acknowledged = await h.ok<SecurityAlert>(ADMIN, 'alerts.acknowledge', {
      alertId: alerts[0]?.id,
      note: 'Nurse forgot password',
    });
    expect(acknowledged).toMatchObject({
      acknowledgedBy: h.core.services.identity.userByUsername(OWNER.username)?.id,
      note: 'Nurse forgot password',
    });
    expect(await openAlerts()).toEqual([]);
    expect(await h.ok<SecurityAlert[]>(ADMIN, 'alerts.list', { includeAcknowledged: true })).toHaveLength(1);
    expect(await h.call(ADMIN, 'alerts.acknowledge', { alertId: alerts[0]?.id })).toMatchObject({ code: 'CONFLICT' });
  });

  it('flag a large export', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    await h.ok(ADMIN, 'alerts.setThresholds', { failedLoginsIn15Minutes: 3, recordViewsPerHour: 60, exportRows: 10 });
    for (let read = 0; read < 10; read += 1) await h.ok(ADMIN, 'users.list');
    await h.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
    const exported = await h.ok<{ rowCount: number }>(ADMIN, 'audit.export', { filter: {} });
    expect(exported.rowCount).toBeGreaterThan(10);
    expect(await openAlerts()).toMatchObject([
      { rule: 'large_export', summary: new RegExp(`Export of ${exported.rowCount} records`) },
    ]);
  });

  it('flag every break-glass use', async () => {
    recordDirectly({ action: 'BREAK_GLASS', userId: null });
    recordDirectly({ action: 'BREAK_GLASS', userId: null });
    expect((await openAlerts()).filter((alert) => alert.rule === 'break_glass')).toHaveLength(2);
  });

  it('flag patient records opened outside the user’s shift, but not by shift-exempt admins', async () => {
    const nurseId = await createNurse();
    recordDirectly({ userId: nurseId, resourceType: 'patient' });
    recordDirectly({
      userId: h.core.services.identity.userByUsername(OWNER.username)?.id ?? null,
      resourceType: 'patient',
    });
    expect(await openAlerts()).toMatchObject([{ rule: 'outside_shift', userId: nurseId }]);
  });

  it('flag a user opening more patient records in an hour than the threshold', async () => {
    const ownerId = h.core.services.identity.userByUsername(OWNER.username)?.id ?? null;
    await h.ok(ADMIN, 'alerts.setThresholds', { failedLoginsIn15Minutes: 3, recordViewsPerHour: 10, exportRows: 1000 });
    for (let view = 0; view < 10; view += 1) recordDirectly({ userId: ownerId, resourceType: 'vitals' });
    expect(await openAlerts()).toEqual([]);
    recordDirectly({ userId: ownerId, resourceType: 'diagnosis' });
    recordDirectly({ userId: ownerId, resourceType: 'diagnosis' });
    expect(await openAlerts()).toMatchObject([
      { rule: 'many_record_views', summary: /11 patient records opened within an hour/ },
    ]);
  });

  it('use the thresholds stored now, however they were written and even after a rollback', async () => {
    const { alerts } = h.core.services;
    const { db } = h.core.store;
    await h.ok(ADMIN, 'alerts.setThresholds', { failedLoginsIn15Minutes: 3, recordViewsPerHour: 10, exportRows: 1000 });
    expect(alerts.thresholds().recordViewsPerHour).toBe(10);
    // As the sync engine applies another workstation's change: straight to the settings table.
    db.prepare("UPDATE settings SET value = ? WHERE key = 'alert_thresholds'").run(
      JSON.stringify({ failedLoginsIn15Minutes: 3, recordViewsPerHour: 40, exportRows: 1000 }),
    );
    expect(alerts.thresholds().recordViewsPerHour).toBe(40);
    db.exec('BEGIN');
    alerts.setThresholds({ failedLoginsIn15Minutes: 3, recordViewsPerHour: 99, exportRows: 1000 });
    expect(alerts.thresholds().recordViewsPerHour).toBe(99);
    db.exec('ROLLBACK');
    expect(alerts.thresholds().recordViewsPerHour).toBe(40);
  });

  it('are for admins and auditors only', async () => {
    await createNurse();
    await h.ok('n', 'auth.login', { username: 'wanjiku.nurse', password: 'Ndege-Wanaimba-Asubuhi-77' });
    await h.ok('n', 'auth.changePassword', {
      currentPassword: 'Ndege-Wanaimba-Asubuhi-77',
      newPassword: 'Mvua-Inanyesha-Leo-Jioni-5',
    });
    expect(await h.call('n', 'alerts.list', {})).toMatchObject({ code: 'FORBIDDEN' });
  });
});
