import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BreakGlassGrant } from '../../../shared/api/break-glass';
import type { SecurityAlert } from '../../../shared/api/alerts';
import { canSee, sensitivityScope, visibleRowsCondition } from '../access/sensitivity';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
const ADMIN = 'owner-window';
const NURSE = 'nurse-window';
const PATIENT = '0190b7f4-7a3e-7cc0-8f6e-1a2b3c4d5e6f';
const OTHER_PATIENT = '0190b7f4-7a3e-7cc0-8f6e-aaaaaaaaaaaa';
const REASON = 'Unconscious patient, need HIV status for treatment';

async function signIn(caller: string, username: string, roles: string[]): Promise<string> {
  const temporary = 'Ndege-Wanaimba-Asubuhi-77';
  await h.ok(ADMIN, 'users.create', { username, displayName: username, roles, temporaryPassword: temporary });
  await h.ok(caller, 'auth.login', { username, password: temporary });
  await h.ok(caller, 'auth.changePassword', { currentPassword: temporary, newPassword: 'Mvua-Inanyesha-Leo-Jioni-5' });
  return h.core.services.identity.userByUsername(username)?.id ?? '';
}

function scopeOf(caller: string) {
  const session = h.core.sessions.resolve(caller, new Date(h.now));
  if (session === null) throw new Error('signed out');
  return sensitivityScope(session, h.core.services.breakGlass, new Date(h.now));
}

let nurseSecret: string;
beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
  await signIn(NURSE, 'wanjiku.nurse', ['nurse']);
  ({ secret: nurseSecret } = await h.enrollMfa(NURSE));
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

async function breakGlass(reason = REASON) {
  await h.ok(NURSE, 'auth.stepUp', { password: 'Mvua-Inanyesha-Leo-Jioni-5', code: h.totp(nurseSecret) });
  h.advance(30_000);
  return h.call(NURSE, 'breakGlass.request', { patientId: PATIENT, reason });
}

describe('sensitive records', () => {
  it('are visible only with the matching permission', async () => {
    await signIn('hts', 'hts.counsellor', ['hts_counsellor']);
    const nurse = scopeOf(NURSE);
    const counsellor = scopeOf('hts');
    expect(canSee(nurse, { sensitivity: 'hiv', patientId: PATIENT })).toBe(false);
    expect(canSee(nurse, { sensitivity: 'none', patientId: PATIENT })).toBe(true);
    expect(canSee(counsellor, { sensitivity: 'hiv', patientId: PATIENT })).toBe(true);
    expect(canSee(counsellor, { sensitivity: 'gbv', patientId: PATIENT })).toBe(false);
  });

  it('are filtered out in the query itself, so lists and counts never include them', async () => {
    const db = h.core.store.db;
    db.exec('CREATE TEMP TABLE observations (patient_id TEXT, sensitivity TEXT)');
    const insert = db.prepare('INSERT INTO observations VALUES (?, ?)');
    for (const [patient, sensitivity] of [
      [PATIENT, 'none'],
      [PATIENT, 'hiv'],
      [OTHER_PATIENT, 'hiv'],
      [OTHER_PATIENT, 'mental_health'],
    ] as const) {
      insert.run(patient, sensitivity);
    }
    const count = (caller: string) => {
      const { sql, params } = visibleRowsCondition(scopeOf(caller), {
        sensitivity: 'sensitivity',
        patientId: 'patient_id',
      });
      return db
        .prepare(`SELECT count(*) FROM observations WHERE ${sql}`)
        .pluck()
        .get(...params);
    };
    expect(count(NURSE)).toBe(1);
    expect(count(ADMIN)).toBe(4); // the owner holds every permission
    expect((await breakGlass()).ok).toBe(true);
    expect(count(NURSE)).toBe(2); // now also the HIV record of the one patient, not the other's
  });
});

describe('break-glass', () => {
  it('needs a reason of at least 10 characters and a fresh step-up', async () => {
    expect(await h.call(NURSE, 'breakGlass.request', { patientId: PATIENT, reason: REASON })).toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    expect(await breakGlass('urgent')).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'reason' }] });
  });

  it('grants access to one patient for 60 minutes, then expires', async () => {
    const result = await breakGlass();
    expect(result).toMatchObject({ ok: true, value: { patientId: PATIENT, reason: REASON } });
    expect(canSee(scopeOf(NURSE), { sensitivity: 'hiv', patientId: PATIENT })).toBe(true);
    expect(canSee(scopeOf(NURSE), { sensitivity: 'hiv', patientId: OTHER_PATIENT })).toBe(false);
    expect(await h.ok<BreakGlassGrant[]>(NURSE, 'breakGlass.mine')).toHaveLength(1);

    for (let minutes = 0; minutes < 60; minutes += 4) {
      h.advance(4 * 60_000);
      await h.ok(NURSE, 'session.activity');
    }
    expect(canSee(scopeOf(NURSE), { sensitivity: 'hiv', patientId: PATIENT })).toBe(false);
    expect(await h.ok<BreakGlassGrant[]>(NURSE, 'breakGlass.mine')).toEqual([]);
  });

  it('is audited with its reason, raises an alert, and waits in the admin review queue', async () => {
    await breakGlass();
    const audited = h.core.store.db
      .prepare(
        "SELECT action, resource_type, resource_id, purpose, outcome FROM audit_log WHERE command = 'breakGlass.request' AND outcome = 'allowed'",
      )
      .get();
    expect(audited).toEqual({
      action: 'BREAK_GLASS',
      resource_type: 'patient',
      resource_id: PATIENT,
      purpose: REASON,
      outcome: 'allowed',
    });
    expect(await h.ok<SecurityAlert[]>(ADMIN, 'alerts.list', {})).toMatchObject([{ rule: 'break_glass' }]);

    const [queued] = await h.ok<BreakGlassGrant[]>(ADMIN, 'breakGlass.reviewQueue', {});
    expect(queued).toMatchObject({ userName: 'wanjiku.nurse', reason: REASON, reviewedAt: null });
    const reviewed = await h.ok<BreakGlassGrant>(ADMIN, 'breakGlass.markReviewed', {
      grantId: queued?.id,
      comment: 'Confirmed with ward',
    });
    expect(reviewed).toMatchObject({ reviewComment: 'Confirmed with ward', reviewedAt: expect.any(String) });
    expect(await h.ok(ADMIN, 'breakGlass.reviewQueue', {})).toEqual([]);
    expect(await h.call(ADMIN, 'breakGlass.markReviewed', { grantId: queued?.id, comment: 'again' })).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await h.call(NURSE, 'breakGlass.reviewQueue', {})).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is refused to roles without the permission', async () => {
    await signIn('clerk', 'clerk.one', ['registration_clerk']);
    expect(await h.call('clerk', 'breakGlass.request', { patientId: PATIENT, reason: REASON })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lasts as long as the admin sets', async () => {
    await h.ok(ADMIN, 'breakGlass.setPolicy', { durationMinutes: 15 });
    const result = await breakGlass();
    if (!result.ok) throw new Error(result.message);
    const grant = result.value as BreakGlassGrant;
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)).toBe(15 * 60_000);
  });
});
