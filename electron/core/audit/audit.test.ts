import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../shared/api/audit';
import { commandNames } from '../../../shared/api/contract';
import { CoreHarness, OWNER } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { entryHash, type ChainedFields } from './chain';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
const ADMIN = 'owner-window';
const YEAR = 365.25 * 24 * 60 * 60_000;

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

const db = () => h.core.store.db;
const auditCount = () => db().prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

async function stepUp(secret: string): Promise<void> {
  await h.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
  h.advance(30_000);
}

describe('the audit trail', () => {
  it('records exactly one entry for every command of the contract, whatever its outcome', async () => {
    for (const name of commandNames) {
      const before = auditCount();
      await h.call('stranger-window', name, { not: 'valid input' });
      if (name.startsWith('workstation.')) continue; // answered before the store opens, not by the dispatcher
      expect(auditCount() - before, name).toBe(1);
    }
  });

  it('keeps an index for each way the trail is read, and none it is not read by', () => {
    const plan = (sql: string, ...params: string[]) =>
      (
        db()
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params) as { detail: string }[]
      )
        .map((row) => row.detail)
        .join('; ');
    const search = 'SELECT * FROM audit_log a WHERE';
    expect(plan(`${search} a.patient_id = ? ORDER BY a.occurred_at DESC, a.seq DESC`, 'p')).toMatch(
      /audit_log_patient/,
    );
    expect(plan(`${search} a.user_id = ? AND a.occurred_at >= ?`, 'u', '2026')).toMatch(/audit_log_user/);
    expect(plan(`${search} a.occurred_at < ?`, '2019')).toMatch(/audit_log_occurred_at/);
    expect(plan('SELECT hash FROM audit_log WHERE workstation_id = ? ORDER BY seq DESC LIMIT 1', 'w')).toMatch(
      /audit_log_chain/,
    );
    const indexes = db()
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual([
      'audit_log_chain',
      'audit_log_occurred_at',
      'audit_log_patient',
      'audit_log_user',
      'sqlite_autoindex_audit_log_1',
    ]);
  });

  it('cannot be edited or deleted at the database', () => {
    expect(() => db().prepare("UPDATE audit_log SET outcome = 'denied'").run()).toThrow(/append-only/);
    expect(() => db().prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('chains each entry to the previous one and verifies intact', async () => {
    const report = await h.ok<{ intact: boolean; checked: number }>(ADMIN, 'audit.verify');
    expect(report).toMatchObject({ intact: true, firstBreak: null });
    expect(report.checked).toBeGreaterThanOrEqual(2);
    const rows = db().prepare('SELECT prev_hash, hash FROM audit_log ORDER BY seq').all() as {
      prev_hash: string;
      hash: string;
    }[];
    rows.slice(1).forEach((row, index) => expect(row.prev_hash).toBe(rows[index]?.hash));
  });

  it('finds a changed byte in a stored entry', async () => {
    const target = db().prepare("SELECT id FROM audit_log WHERE command = 'auth.login'").pluck().get() as string;
    // Simulate tampering below the app: bypass the trigger, then change one character.
    db().exec('DROP TRIGGER audit_log_no_update');
    db().prepare("UPDATE audit_log SET outcome = 'denied' WHERE id = ?").run(target);
    const report = await h.ok(ADMIN, 'audit.verify');
    expect(report).toMatchObject({ intact: false, firstBreak: { entryId: target, reason: 'altered' } });
  });

  it('finds a removed entry as a broken link', async () => {
    const [first, second] = db().prepare('SELECT id FROM audit_log ORDER BY seq LIMIT 2').pluck().all() as string[];
    db().exec('DROP TRIGGER audit_log_no_delete');
    db().prepare('DELETE FROM audit_log WHERE id = ?').run(first);
    expect(await h.ok(ADMIN, 'audit.verify')).toMatchObject({
      intact: false,
      firstBreak: { entryId: second, reason: 'broken-link' },
    });
  });

  it('survives a restart with the chain intact', async () => {
    await h.restart();
    await h.signInOwner(ADMIN);
    expect(await h.ok(ADMIN, 'audit.verify')).toMatchObject({ intact: true });
  });
});

describe('audit search', () => {
  it('filters by user, action, outcome and date range, newest first, with names', async () => {
    const start = new Date(h.now).toISOString();
    await h.call('w', 'auth.login', { username: OWNER.username, password: 'Wrong-Password-1234' });
    h.advance(60_000);
    const ownerId = h.core.services.identity.userByUsername(OWNER.username)?.id;

    const failed = await h.ok<{ entries: AuditEntryView[]; total: number }>(ADMIN, 'audit.search', {
      filter: { action: 'FAILED_LOGIN', outcome: 'failed', userId: ownerId, from: start },
    });
    expect(failed.total).toBe(1);
    expect(failed.entries[0]).toMatchObject({ command: 'auth.login', userName: 'Amina Wanjiru', outcome: 'failed' });

    const logins = await h.ok<{ entries: AuditEntryView[] }>(ADMIN, 'audit.search', { filter: { action: 'LOGIN' } });
    const times = logins.entries.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const none = await h.ok<{ total: number }>(ADMIN, 'audit.search', { filter: { to: '2020-01-01T00:00:00Z' } });
    expect(none.total).toBe(0);
  });

  it('refuses a reversed date range and users without audit permission', async () => {
    expect(
      await h.call(ADMIN, 'audit.search', { filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }),
    ).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'filter.to' }],
    });
    await h.ok(ADMIN, 'users.create', {
      username: 'clerk.one',
      displayName: 'Clerk',
      roles: ['registration_clerk'],
      temporaryPassword: 'Samaki-Mkubwa-Ziwani-2026',
    });
    await h.ok('clerk', 'auth.login', { username: 'clerk.one', password: 'Samaki-Mkubwa-Ziwani-2026' });
    await h.ok('clerk', 'auth.changePassword', {
      currentPassword: 'Samaki-Mkubwa-Ziwani-2026',
      newPassword: 'Mvua-Inanyesha-Leo-Jioni-5',
    });
    expect(await h.call('clerk', 'audit.search', { filter: {} })).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('audit export', () => {
  it('needs step-up, writes CSV of the filtered view and is itself audited as EXPORT', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    expect(await h.call(ADMIN, 'audit.export', { filter: { action: 'LOGIN' } })).toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    await stepUp(secret);
    const exported = await h.ok<{ csv: string; rowCount: number; filename: string }>(ADMIN, 'audit.export', {
      filter: { action: 'LOGIN' },
    });
    const lines = exported.csv.trim().split('\n');
    expect(lines[0]).toBe(
      'occurredAt,workstationId,userId,userName,command,action,resourceType,resourceId,purpose,outcome,errorCode',
    );
    expect(lines).toHaveLength(exported.rowCount + 1);
    expect(lines.slice(1).every((line) => line.includes(',LOGIN,'))).toBe(true);
    expect(exported.filename).toMatch(/^zahanati-audit-.*\.csv$/);
    const audited = db()
      .prepare("SELECT action, outcome, purpose FROM audit_log WHERE command = 'audit.export' AND outcome = 'allowed'")
      .get();
    expect(audited).toMatchObject({
      action: 'EXPORT',
      outcome: 'allowed',
      purpose: expect.stringMatching(/export of \d+ entries/),
    });
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    await stepUp(secret);
    await h.call('w', 'auth.login', { username: '=HYPERLINK("x")', password: 'whatever-it-is' });
    const exported = await h.ok<{ csv: string }>(ADMIN, 'audit.export', { filter: {} });
    expect(exported.csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('retention', () => {
  it('defaults to 7 years, refuses less than 6, and purges only entries older than it', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    expect(await h.ok(ADMIN, 'audit.getRetention')).toEqual({ years: 7 });
    await stepUp(secret);
    expect(await h.call(ADMIN, 'audit.setRetention', { years: 5 })).toMatchObject({ code: 'VALIDATION' });

    const old = auditCount();
    h.advance(7 * YEAR + 24 * 60 * 60_000);
    await h.signInOwner(ADMIN);
    await h.ok(ADMIN, 'auth.verifyMfa', { code: h.totp(secret) });
    h.advance(30_000);
    await stepUp(secret);
    const recent = auditCount() - old;
    const purged = await h.ok<{ removed: number }>(ADMIN, 'audit.purge');
    expect(purged.removed).toBe(old);
    // What remains: the recent entries and the purge's own entry; the chain still verifies.
    expect(auditCount()).toBe(recent + 1);
    expect(await h.ok(ADMIN, 'audit.verify')).toMatchObject({ intact: true });
    // Recent entries cannot be removed even through the purge window.
    expect(() => db().prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});

describe('the entry hash', () => {
  it('stays the SHA-256 of the fields in their fixed order, so chains stored by earlier versions still verify', () => {
    const entry: ChainedFields = {
      id: '0190b7f4-7a3e-7cc0-8f6e-1a2b3c4d5e6f',
      occurred_at: '2026-11-22T08:00:00.000Z',
      workstation_id: '0190b7f4-0000-7000-8000-000000000001',
      user_id: null,
      command: 'vitals.record',
      action: 'CREATE',
      resource_type: 'vitals',
      resource_id: 'r-1',
      patient_id: 'p-1',
      purpose: 'Dharura: mgonjwa hajitambui — “break glass”',
      record_count: 3,
      outcome: 'allowed',
      error_code: null,
      prev_hash: '0'.repeat(64),
    };
    // The SHA-256 of the fields as JSON in their fixed order, computed once with createHash: a golden value,
    // so any change to the fields, their order or their encoding fails here before it breaks stored chains.
    expect(entryHash(entry)).toBe('35537b6d930e06f6a6a08b982d5a9ec6ab2132db1ec8eec48797c655422cdd3b');
    expect(entryHash({ ...entry, purpose: null })).not.toBe(entryHash(entry));
  });
});
