import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RuleAccessPolicy, STEP_UP_WINDOW_MS, type ShiftGate } from '../access/policy';
import type { Session, SessionResolver } from '../access/session';
import { SqlAuditTrail } from '../audit/trail';
import { PassphraseKeyProvider } from '../db/passphrase-key-provider';
import { MIGRATIONS } from '../db/schema';
import { openEncrypted, openStore, type Store } from '../db/store';
import type { CoreServices } from '../services';
import { makeTempDir } from '../testing/temp-dir';
import { Dispatcher, MAX_GROUP } from './dispatcher';
import { applicationCommandTable, buildCommandTable } from './table';
import { CommandError, type CommandDefinition } from './types';

const itemInput = z.object({ label: z.string().min(1).max(40), quantity: z.number().int().positive() }).strict();
const itemOutput = z.object({ id: z.number().int() });

const contract = {
  'test.public': { input: z.object({}).strict(), output: z.object({ pong: z.literal(true) }) },
  'test.list': { input: z.object({}).strict(), output: z.array(z.string()) },
  'test.add': { input: itemInput, output: itemOutput },
  'test.addThenRefuse': { input: itemInput, output: itemOutput },
  'test.addThenCrash': { input: itemInput, output: itemOutput },
  'test.wrongOutput': { input: z.object({}).strict(), output: itemOutput },
  'test.risky': { input: z.object({}).strict(), output: z.object({ done: z.boolean() }) },
  'test.passive': { input: z.object({}).strict(), output: z.object({ pong: z.literal(true) }) },
  'test.countFailure': { input: itemInput, output: itemOutput },
  'test.slowAdd': { input: itemInput, output: itemOutput },
  'test.addDangling': { input: itemInput, output: itemOutput },
};

function command<I>(
  name: keyof typeof contract,
  overrides: Partial<CommandDefinition<I>> & Pick<CommandDefinition<I>, 'handler'>,
): CommandDefinition {
  return {
    name,
    access: 'settings.manage',
    requiresActiveShift: false,
    requiresStepUp: false,
    audit: { action: 'EXECUTE', resourceType: 'test_item' },
    ...overrides,
  } as CommandDefinition;
}

type Item = z.infer<typeof itemInput>;

/** Sessions set directly by the tests; records which callers were marked active. */
class TestSessions implements SessionResolver {
  readonly byCaller = new Map<string, Session>();
  readonly touched: string[] = [];
  resolve(callerId: string): Session | null {
    return this.byCaller.get(callerId) ?? null;
  }
  touch(callerId: string): void {
    this.touched.push(callerId);
  }
  invalidate(): void {
    forgotten.push('sessions');
  }
  set(callerId: string, session: Session): void {
    this.byCaller.set(callerId, session);
  }
}

// These test commands use no core service.
const noServices = {} as CoreServices;

function insertItem(store: Store, item: Item): number {
  return Number(
    store.db.prepare('INSERT INTO test_items (label, quantity) VALUES (?, ?)').run(item.label, item.quantity)
      .lastInsertRowid,
  );
}

const definitions = [
  command('test.public', {
    access: 'public',
    audit: { action: 'READ', resourceType: 'ping' },
    handler: () => ({ pong: true }),
  }),
  command('test.list', {
    access: 'audit.view',
    audit: { action: 'READ', resourceType: 'test_item' },
    handler: (ctx) => ctx.store.db.prepare('SELECT label FROM test_items ORDER BY id').pluck().all(),
  }),
  command<Item>('test.add', {
    requiresActiveShift: true,
    audit: { action: 'CREATE', resourceType: 'test_item' },
    async handler(ctx, input) {
      await new Promise((resolve) => setImmediate(resolve));
      const id = insertItem(ctx.store, input);
      ctx.setAuditResource(String(id));
      return { id };
    },
  }),
  command<Item>('test.addThenRefuse', {
    handler(ctx, input) {
      insertItem(ctx.store, input);
      throw new CommandError('CONFLICT', 'Someone else changed this item. Reload and try again.');
    },
  }),
  command<Item>('test.addThenCrash', {
    handler(ctx, input) {
      insertItem(ctx.store, input);
      throw new Error(`database exploded while saving ${input.label}`);
    },
  }),
  command('test.wrongOutput', { handler: () => ({ id: 'not a number' }) }),
  command('test.risky', { requiresStepUp: true, handler: () => ({ done: true }) }),
  command('test.passive', { passive: true, handler: () => ({ pong: true }) }),
  command<Item>('test.countFailure', {
    handler(ctx, input) {
      insertItem(ctx.store, input);
      ctx.setAuditAction('FAILED_LOGIN');
      ctx.setAuditUser('someone-else');
      throw new CommandError('UNAUTHENTICATED', 'Wrong, and counted.', {
        keepChanges: true,
        issues: [{ path: 'label', message: 'counted' }],
      });
    },
  }),
  command<Item>('test.slowAdd', {
    awaitsSlowWork: true,
    async handler(ctx, input) {
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`slow handler done: ${input.label}`);
      return { id: insertItem(ctx.store, input) };
    },
  }),
  command<Item>('test.addDangling', {
    handler(ctx, input) {
      const id = insertItem(ctx.store, input);
      // A link to an item that does not exist: the deferred foreign key lets the statement pass and fails the COMMIT.
      ctx.store.db.prepare('INSERT INTO test_links (item_id) VALUES (?)').run(id + 1_000_000);
      return { id };
    },
  }),
];

/** What happened in which order, for the grouping tests. */
let events: string[] = [];

const NOW = new Date('2026-11-22T09:00:00Z');
let dir: ReturnType<typeof makeTempDir>;
let store: Store;
let sessions: TestSessions;
let onShift: Set<string>;
/** What was told to forget its cached reads, in order. */
let forgotten: string[] = [];
let logged: Record<string, string>[];
let dispatcher: Dispatcher;
/** A second connection to the store: it sees only what was committed. */
let reader: ReturnType<typeof openEncrypted>;

function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'session-1',
    userId: 'user-nurse',
    roles: ['nurse'],
    permissions: new Set(['settings.manage', 'audit.view'] as const),
    exemptFromShifts: false,
    stage: 'active',
    locked: false,
    steppedUpAt: null,
    ...overrides,
  };
}

function auditRows(): Record<string, unknown>[] {
  return store.db
    .prepare(
      'SELECT user_id, command, action, resource_type, resource_id, outcome, error_code FROM audit_log ORDER BY seq',
    )
    .all() as Record<string, unknown>[];
}

function itemCount(): number {
  return store.db.prepare('SELECT count(*) FROM test_items').pluck().get() as number;
}

beforeAll(async () => {
  dir = makeTempDir();
  const keyProvider = new PassphraseKeyProvider(join(dir.path, 'workstation.key'), 'dispatcher test passphrase');
  store = await openStore({
    dataDir: dir.path,
    keyProvider,
    migrations: [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'test items',
        up: (db) =>
          db.exec(`CREATE TABLE test_items (id INTEGER PRIMARY KEY, label TEXT NOT NULL, quantity INTEGER NOT NULL);
            CREATE TABLE test_links (id INTEGER PRIMARY KEY,
              item_id INTEGER NOT NULL REFERENCES test_items (id) DEFERRABLE INITIALLY DEFERRED)`),
      },
    ],
  });
  reader = openEncrypted(store.path, await keyProvider.loadKey());
});
afterAll(() => {
  reader.close();
  store.close();
  dir.remove();
});

beforeEach(() => {
  store.db.exec('DELETE FROM test_links; DELETE FROM test_items');
  events = [];
  sessions = new TestSessions();
  onShift = new Set();
  logged = [];
  forgotten = [];
  const shifts: ShiftGate = {
    isOnActiveShift: (s) => onShift.has(s.userId),
    invalidate: () => void forgotten.push('shift gate'),
  };
  dispatcher = new Dispatcher({
    app: { appVersion: '0.0.0-test', dataDirectory: dir.path },
    store,
    services: noServices,
    contract,
    table: buildCommandTable(definitions, contract),
    sessions,
    access: new RuleAccessPolicy(shifts),
    audit: new SqlAuditTrail(store.db),
    clock: () => NOW,
    logger: { error: (_event, fields) => logged.push(fields) },
  });
});

async function dispatchAudited(callerId: string, name: string, input: unknown) {
  const before = auditRows().length;
  const result = await dispatcher.dispatch(callerId, name, input);
  const added = auditRows().slice(before);
  expect(added).toHaveLength(1);
  return { result, audit: added[0] };
}

describe('the command dispatcher', () => {
  it('runs a public command without a session and audits the read', async () => {
    const { result, audit } = await dispatchAudited('window-1', 'test.public', {});
    expect(result).toEqual({ ok: true, value: { pong: true } });
    expect(audit).toMatchObject({
      user_id: null,
      command: 'test.public',
      action: 'READ',
      outcome: 'allowed',
      error_code: null,
    });
  });

  it('refuses an unknown command and audits the attempt', async () => {
    sessions.set('window-1', session());
    const { result, audit } = await dispatchAudited('window-1', 'patients.deleteEverything', {});
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_COMMAND' });
    expect(audit).toMatchObject({
      user_id: 'user-nurse',
      command: '(unknown)',
      outcome: 'denied',
      error_code: 'UNKNOWN_COMMAND',
    });
  });

  it.each([['__proto__'], ['constructor'], [42], [null]])('refuses the non-command name %s', async (name) => {
    const { result } = await dispatchAudited('window-1', name as string, {});
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_COMMAND' });
  });

  it('returns VALIDATION with the path of every bad field and runs nothing', async () => {
    sessions.set('window-1', session());
    onShift.add('user-nurse');
    const { result, audit } = await dispatchAudited('window-1', 'test.add', { label: '', quantity: 1.5, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('VALIDATION');
    expect(result.issues?.map((issue) => issue.path).sort()).toEqual(['', 'label', 'quantity']);
    expect(audit).toMatchObject({ outcome: 'denied', error_code: 'VALIDATION' });
    expect(itemCount()).toBe(0);
  });

  it('validates before it looks at the session', async () => {
    const result = await dispatcher.dispatch('nobody', 'test.add', 'not an object');
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION', issues: [{ path: '' }] });
  });

  it('refuses a protected command without a session (UNAUTHENTICATED)', async () => {
    const { result, audit } = await dispatchAudited('window-1', 'test.list', {});
    expect(result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(audit).toMatchObject({ user_id: null, outcome: 'denied', error_code: 'UNAUTHENTICATED' });
  });

  it('keeps sessions apart per caller', async () => {
    sessions.set('window-1', session());
    expect(await dispatcher.dispatch('window-1', 'test.list', {})).toMatchObject({ ok: true });
    expect(await dispatcher.dispatch('window-2', 'test.list', {})).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });

  it.each([
    ['mfa_challenge', 'MFA_REQUIRED'],
    ['mfa_enrollment', 'MFA_REQUIRED'],
    ['password_change', 'FORBIDDEN'],
  ] as const)('refuses a user still at the %s step (%s)', async (stage, code) => {
    sessions.set('window-1', session({ stage }));
    const { result } = await dispatchAudited('window-1', 'test.list', {});
    expect(result).toMatchObject({ ok: false, code });
  });

  it('refuses a locked session (LOCKED) but still answers public commands', async () => {
    sessions.set('window-1', session({ locked: true }));
    expect((await dispatchAudited('window-1', 'test.list', {})).result).toMatchObject({ ok: false, code: 'LOCKED' });
    expect((await dispatchAudited('window-1', 'test.public', {})).result).toMatchObject({ ok: true });
  });

  it('counts allowed commands as activity, but not passive ones or refused ones', async () => {
    sessions.set('window-1', session());
    await dispatcher.dispatch('window-1', 'test.list', {});
    await dispatcher.dispatch('window-1', 'test.passive', {});
    await dispatcher.dispatch('window-1', 'test.risky', {});
    expect(sessions.touched).toEqual(['window-1']);
  });

  it('keeps the writes of a refusal that asks for it, and audits it as failed', async () => {
    sessions.set('window-1', session());
    const { result, audit } = await dispatchAudited('window-1', 'test.countFailure', { label: 'attempt', quantity: 1 });
    expect(result).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: 'Wrong, and counted.',
      issues: [{ path: 'label', message: 'counted' }],
    });
    expect(audit).toMatchObject({ action: 'FAILED_LOGIN', user_id: 'someone-else', outcome: 'failed' });
    expect(itemCount()).toBe(1);
  });

  it('refuses a missing permission (FORBIDDEN) and audits the denial against the user', async () => {
    sessions.set('window-1', session({ permissions: new Set(['settings.manage'] as const) }));
    const { result, audit } = await dispatchAudited('window-1', 'test.list', {});
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(audit).toMatchObject({
      user_id: 'user-nurse',
      command: 'test.list',
      outcome: 'denied',
      error_code: 'FORBIDDEN',
    });
  });

  it('refuses a shift-gated write off shift (NO_ACTIVE_SHIFT) and allows it on shift', async () => {
    sessions.set('window-1', session());
    const refused = await dispatchAudited('window-1', 'test.add', { label: 'gauze', quantity: 2 });
    expect(refused.result).toMatchObject({ ok: false, code: 'NO_ACTIVE_SHIFT', message: /clock in/i });
    expect(itemCount()).toBe(0);

    onShift.add('user-nurse');
    const allowed = await dispatchAudited('window-1', 'test.add', { label: 'gauze', quantity: 2 });
    expect(allowed.result).toMatchObject({ ok: true, value: { id: expect.any(Number) } });
    expect(allowed.audit).toMatchObject({ action: 'CREATE', outcome: 'allowed', resource_type: 'test_item' });
    expect(allowed.audit?.['resource_id']).toBe(
      String(allowed.result.ok && (allowed.result.value as { id: number }).id),
    );
    expect(itemCount()).toBe(1);
  });

  it('lets shift-exempt roles write without a shift', async () => {
    sessions.set('window-1', session({ roles: ['facility_admin'], exemptFromShifts: true }));
    const { result } = await dispatchAudited('window-1', 'test.add', { label: 'gauze', quantity: 2 });
    expect(result).toMatchObject({ ok: true });
  });

  it('needs a step-up within the last five minutes for high-risk commands', async () => {
    sessions.set('window-1', session());
    expect((await dispatchAudited('window-1', 'test.risky', {})).result).toMatchObject({ code: 'STEP_UP_REQUIRED' });

    sessions.set('window-1', session({ steppedUpAt: new Date(NOW.getTime() - STEP_UP_WINDOW_MS - 1000) }));
    expect((await dispatchAudited('window-1', 'test.risky', {})).result).toMatchObject({ code: 'STEP_UP_REQUIRED' });

    sessions.set('window-1', session({ steppedUpAt: new Date(NOW.getTime() - 60_000) }));
    expect((await dispatchAudited('window-1', 'test.risky', {})).result).toEqual({ ok: true, value: { done: true } });
  });

  it('rolls back the handler’s writes on a typed refusal and returns its code and message', async () => {
    sessions.set('window-1', session());
    const { result, audit } = await dispatchAudited('window-1', 'test.addThenRefuse', { label: 'gauze', quantity: 1 });
    expect(result).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'Someone else changed this item. Reload and try again.',
    });
    expect(audit).toMatchObject({ outcome: 'failed', error_code: 'CONFLICT' });
    expect(itemCount()).toBe(0);
  });

  it('turns an unexpected error into INTERNAL with a plain message, rolls back, and logs no record content', async () => {
    sessions.set('window-1', session());
    const { result, audit } = await dispatchAudited('window-1', 'test.addThenCrash', {
      label: 'Amina Otieno',
      quantity: 1,
    });
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL', message: /nothing was saved/ });
    expect(JSON.stringify(result)).not.toContain('Amina');
    expect(JSON.stringify(result)).not.toMatch(/exploded|at .*\.ts/);
    expect(audit).toMatchObject({ outcome: 'failed', error_code: 'INTERNAL' });
    expect(itemCount()).toBe(0);
    expect(logged).toEqual([{ command: 'test.addThenCrash', error: 'Error' }]);
  });

  it('refuses a handler result that breaks the contract', async () => {
    sessions.set('window-1', session());
    const { result } = await dispatchAudited('window-1', 'test.wrongOutput', {});
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
  });

  it('runs commands one at a time even when handlers await', async () => {
    sessions.set('window-1', session());
    onShift.add('user-nurse');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        dispatcher.dispatch('window-1', 'test.add', { label: `item ${index}`, quantity: 1 }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(itemCount()).toBe(20);
    expect(store.db.inTransaction).toBe(false);
  });

  it('writes nothing when the audit entry cannot be written', async () => {
    sessions.set('window-1', session());
    onShift.add('user-nurse');
    const failingAudit = new Dispatcher({
      app: { appVersion: '0.0.0-test', dataDirectory: dir.path },
      store,
      services: noServices,
      contract,
      table: buildCommandTable(definitions, contract),
      sessions,
      access: new RuleAccessPolicy({ isOnActiveShift: () => true }),
      audit: {
        record: () => {
          throw new Error('disk full');
        },
      },
      clock: () => NOW,
    });
    const result = await failingAudit.dispatch('window-1', 'test.add', { label: 'gauze', quantity: 1 });
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(itemCount()).toBe(0);
  });
});

/** Items as a second connection sees them: committed, durable. */
const committedLabels = (): string[] =>
  reader.prepare('SELECT label FROM test_items ORDER BY id').pluck().all() as string[];
const item = (label: string) => ({ label, quantity: 1 });

describe('group commit', () => {
  beforeEach(() => {
    sessions.set('window-1', session());
    onShift.add('user-nurse');
  });

  it('commits the commands already waiting in one transaction and answers none before that COMMIT', async () => {
    const auditBefore = auditRows().length;
    const before = dispatcher.commitStats();
    const seenAtReply: string[][] = [];
    const replies = Array.from({ length: 10 }, (_, index) =>
      dispatcher.dispatch('window-1', 'test.add', item(`item ${index}`)).then((result) => {
        seenAtReply.push(committedLabels());
        return result;
      }),
    );
    const results = await Promise.all(replies);
    expect(results.every((result) => result.ok)).toBe(true);
    const all = Array.from({ length: 10 }, (_, index) => `item ${index}`);
    // Every reply, even the first, found all ten rows committed.
    expect(seenAtReply).toEqual(Array.from({ length: 10 }, () => all));
    expect(dispatcher.commitStats()).toEqual({ commits: before.commits + 1, commands: before.commands + 10 });
    expect(auditRows().slice(auditBefore)).toEqual(
      Array.from({ length: 10 }, () => expect.objectContaining({ command: 'test.add', outcome: 'allowed' })),
    );
  });

  it('keeps the others’ writes when one command of the group is refused, fails or keeps its changes', async () => {
    const auditBefore = auditRows().length;
    const before = dispatcher.commitStats();
    const results = await Promise.all([
      dispatcher.dispatch('window-1', 'test.add', item('a')),
      dispatcher.dispatch('window-2', 'test.add', item('b')),
      dispatcher.dispatch('window-1', 'test.addThenRefuse', item('c')),
      dispatcher.dispatch('window-1', 'test.add', { label: '' }),
      dispatcher.dispatch('window-1', 'test.addThenCrash', item('d')),
      dispatcher.dispatch('window-1', 'test.countFailure', item('e')),
      dispatcher.dispatch('window-1', 'test.add', item('f')),
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.code))).toEqual([
      'ok',
      'UNAUTHENTICATED',
      'CONFLICT',
      'VALIDATION',
      'INTERNAL',
      'UNAUTHENTICATED',
      'ok',
    ]);
    expect(committedLabels()).toEqual(['a', 'e', 'f']);
    expect(dispatcher.commitStats().commits).toBe(before.commits + 1);
    expect(
      auditRows()
        .slice(auditBefore)
        .map((row) => [row['command'], row['outcome'], row['error_code']]),
    ).toEqual([
      ['test.add', 'allowed', null],
      ['test.add', 'denied', 'UNAUTHENTICATED'],
      ['test.addThenRefuse', 'failed', 'CONFLICT'],
      ['test.add', 'denied', 'VALIDATION'],
      ['test.addThenCrash', 'failed', 'INTERNAL'],
      ['test.countFailure', 'failed', 'UNAUTHENTICATED'],
      ['test.add', 'allowed', null],
    ]);
  });

  it('fails every command of the group when the COMMIT fails, and audits each failure on its own', async () => {
    const auditBefore = auditRows().length;
    const before = dispatcher.commitStats();
    const results = await Promise.all([
      dispatcher.dispatch('window-1', 'test.add', item('a')),
      dispatcher.dispatch('window-1', 'test.addDangling', item('b')),
      dispatcher.dispatch('window-1', 'test.add', item('c')),
    ]);
    expect(results).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ ok: false, code: 'INTERNAL' })));
    expect(committedLabels()).toEqual([]);
    expect(reader.prepare('SELECT count(*) FROM test_links').pluck().get()).toBe(0);
    expect(dispatcher.commitStats().commits).toBe(before.commits);
    expect(
      auditRows()
        .slice(auditBefore)
        .map((row) => [row['command'], row['outcome'], row['error_code']]),
    ).toEqual([
      ['test.add', 'failed', 'INTERNAL'],
      ['test.addDangling', 'failed', 'INTERNAL'],
      ['test.add', 'failed', 'INTERNAL'],
    ]);
    expect(logged).toEqual([{ command: 'test.add,test.addDangling,test.add', error: 'SqliteError' }]);
    expect(store.db.inTransaction).toBe(false);
    // The dispatcher goes on.
    expect(await dispatcher.dispatch('window-1', 'test.add', item('d'))).toMatchObject({ ok: true });
    expect(committedLabels()).toEqual(['d']);
  });

  it('has sessions and the shift gate forget their cached reads whenever it rolls back writes', async () => {
    expect(await dispatcher.dispatch('window-1', 'test.add', item('a'))).toMatchObject({ ok: true });
    expect(forgotten).toEqual([]);
    expect(await dispatcher.dispatch('window-1', 'test.addThenRefuse', item('b'))).toMatchObject({ code: 'CONFLICT' });
    expect(forgotten).toEqual(['sessions', 'shift gate']);
    forgotten = [];
    const results = await Promise.all([
      dispatcher.dispatch('window-1', 'test.add', item('c')),
      dispatcher.dispatch('window-1', 'test.addDangling', item('d')),
    ]);
    expect(results).toEqual([
      expect.objectContaining({ code: 'INTERNAL' }),
      expect.objectContaining({ code: 'INTERNAL' }),
    ]);
    expect(forgotten).toEqual(['sessions', 'shift gate']);
  });

  it('commits each command before answering a caller who awaits every reply', async () => {
    const before = dispatcher.commitStats();
    for (const label of ['a', 'b', 'c']) {
      expect(await dispatcher.dispatch('window-1', 'test.add', item(label))).toMatchObject({ ok: true });
      expect(committedLabels().at(-1)).toBe(label);
    }
    expect(dispatcher.commitStats()).toEqual({ commits: before.commits + 3, commands: before.commands + 3 });
  });

  it('runs a command that awaits slow work alone, after answering the commands before it', async () => {
    const before = dispatcher.commitStats();
    const answered = (label: string) => (result: unknown) => {
      events.push(`answered: ${label}`);
      return result;
    };
    const results = await Promise.all([
      dispatcher.dispatch('window-1', 'test.add', item('a')).then(answered('a')),
      dispatcher.dispatch('window-1', 'test.slowAdd', item('slow')).then(answered('slow')),
      dispatcher.dispatch('window-1', 'test.add', item('b')).then(answered('b')),
      dispatcher.dispatch('window-1', 'test.add', item('c')).then(answered('c')),
    ]);
    expect(results.every((result) => (result as { ok: boolean }).ok)).toBe(true);
    expect(events).toEqual(['answered: a', 'slow handler done: slow', 'answered: slow', 'answered: b', 'answered: c']);
    // a | slow | b + c
    expect(dispatcher.commitStats()).toEqual({ commits: before.commits + 3, commands: before.commands + 4 });
  });

  it('commits the open group before running exclusive work queued between commands', async () => {
    const before = dispatcher.commitStats();
    const [, seen] = await Promise.all([
      dispatcher.dispatch('window-1', 'test.add', item('a')),
      dispatcher.exclusive(() => ({ inTransaction: store.db.inTransaction, committed: committedLabels() })),
      dispatcher.dispatch('window-1', 'test.add', item('b')),
    ]);
    expect(seen).toEqual({ inTransaction: false, committed: ['a'] });
    expect(committedLabels()).toEqual(['a', 'b']);
    expect(dispatcher.commitStats().commits).toBe(before.commits + 2);
  });

  it('never lets a group grow past MAX_GROUP commands', async () => {
    const before = dispatcher.commitStats();
    const count = MAX_GROUP + 5;
    const results = await Promise.all(
      Array.from({ length: count }, (_, index) => dispatcher.dispatch('window-1', 'test.add', item(`i${index}`))),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(dispatcher.commitStats()).toEqual({ commits: before.commits + 2, commands: before.commands + count });
  });
});

describe('the application command table', () => {
  it('marks every handler that awaits (an async function) as awaiting slow work', () => {
    const unmarked = [...applicationCommandTable().values()]
      .filter((command) => command.handler.constructor.name === 'AsyncFunction' && command.awaitsSlowWork !== true)
      .map((command) => command.name);
    expect(unmarked).toEqual([]);
  });
});

describe('the audit log', () => {
  it('cannot be edited or deleted, even directly in the database', () => {
    store.db
      .prepare(
        "INSERT INTO audit_log (id, occurred_at, workstation_id, command, action, resource_type, outcome) VALUES ('a', 'now', 'w', 'c', 'READ', 'r', 'allowed')",
      )
      .run();
    expect(() => store.db.prepare("UPDATE audit_log SET outcome = 'denied'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});

describe('the command table', () => {
  it('refuses a command that is not in the contract, a duplicate, or a contract entry without a handler', () => {
    const extra = command('test.public', { handler: () => ({ pong: true }) });
    expect(() => buildCommandTable([...definitions, { ...extra, name: 'test.ghost' }], contract)).toThrow(
      /not in the shared contract/,
    );
    expect(() => buildCommandTable([...definitions, extra], contract)).toThrow(/declared twice/);
    expect(() => buildCommandTable(definitions.slice(1), contract)).toThrow(/without a handler: test.public/);
  });
});
