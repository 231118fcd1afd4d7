/**
 * Change capture for the tables written by plain SQL (identity, settings,
 * shifts, break-glass, alerts, the audit trail): SQLite triggers, generated from
 * each table's columns, append to the same change log RecordWriter uses, in the
 * same transaction as the write. Two application-defined SQL functions connect
 * them to the application: `zahanati_hlc()` stamps a change with the
 * workstation's hybrid logical clock, and `zahanati_capturing()` is false while
 * the sync engine applies remote changes, so those are never logged again.
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { HybridLogicalClock } from '../../../shared/sync/hlc';
import { isVersionedColumn, LINK_EXISTENCE_COLUMN, SYNCED_TABLES, type SyncTableSpec } from './tables';

export interface CaptureControl {
  /** From now on, changes are stamped by this clock (the one RecordWriter uses). */
  useClock(next: () => string): void;
  /** Runs `fn` with the capture triggers silent: remote changes are applied, not logged again. */
  withoutCapture<T>(fn: () => T): T;
  readonly capturing: boolean;
}

const controls = new WeakMap<Database, CaptureControl>();

/**
 * Registers the capture functions on a connection (idempotent). Until
 * `useClock` is called, a clock of this workstation continuing after the last
 * logged change stamps changes, so a connection opened without the rest of
 * core (a test, a tool) still writes valid, ordered changes. Needs the
 * workstation row: openStore calls it after migrating; a migration that writes
 * to a captured table calls it first itself.
 */
export function enableCapture(db: Database): CaptureControl {
  const existing = controls.get(db);
  if (existing !== undefined) return existing;
  if (!hasTable(db, 'workstation') || !hasTable(db, 'change_log')) return INERT; // a bare test schema: nothing to capture
  let capturing = true;
  // Read here, not in the SQL function: a function may not query the connection it runs on.
  const fallback = new HybridLogicalClock(workstationIdOf(db));
  const latest = db.prepare('SELECT max(hlc) FROM change_log').pluck().get() as string | null;
  if (latest !== null) fallback.receive(latest);
  let next: () => string = () => fallback.now();
  db.function('zahanati_hlc', { deterministic: false, varargs: false }, () => next());
  db.function('zahanati_capturing', { deterministic: false, varargs: false }, () => (capturing ? 1 : 0));
  const control: CaptureControl = {
    useClock(clock) {
      next = clock;
    },
    withoutCapture(fn) {
      const before = capturing;
      capturing = false;
      try {
        return fn();
      } finally {
        capturing = before;
      }
    },
    get capturing() {
      return capturing;
    },
  };
  controls.set(db, control);
  return control;
}

const INERT: CaptureControl = {
  useClock: () => undefined,
  withoutCapture: (fn) => fn(),
  capturing: true,
};

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function workstationIdOf(db: Database): string {
  const id = db.prepare('SELECT id FROM workstation').pluck().get() as string | undefined;
  if (id === undefined) throw new Error('The workstation has no id yet');
  return id;
}

// ---------------------------------------------------------------------------
// Trigger generation

const SAFE_NAME = /^[a-z][a-z0-9_]*$/;

/** The table's synced columns, in table order, checked to be plain identifiers. */
export function syncedColumnsOf(db: Database, spec: SyncTableSpec): string[] {
  const columns = (db.prepare(`PRAGMA table_info(${spec.name})`).all() as { name: string }[])
    .map((column) => column.name)
    .filter((column) => !(spec.localColumns ?? []).includes(column));
  if (columns.length === 0) throw new Error(`No table ${spec.name}`);
  for (const column of [spec.name, ...columns]) {
    if (!SAFE_NAME.test(column)) throw new Error(`Unsafe identifier ${column}`);
  }
  return columns;
}

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const jsonObject = (columns: readonly string[], row: 'new' | 'old'): string =>
  `json_object(${columns.map((column) => `${quote(column)}, ${row}.${column}`).join(', ')})`;
const rowIdExpr = (spec: SyncTableSpec, row: 'new' | 'old'): string =>
  spec.key.length === 1 ? `${row}.${spec.key[0]}` : `json_array(${spec.key.map((k) => `${row}.${k}`).join(', ')})`;

/** The change just appended by the statement before: the greatest seq (AUTOINCREMENT never reuses one). */
const LAST_CHANGE = 'change_log.seq = (SELECT max(seq) FROM change_log)';

function logChange(table: string, rowId: string, op: string, data: string, base: string, where = ''): string {
  return `INSERT INTO change_log (table_name, row_id, op, data, hlc, base)
      SELECT ${quote(table)}, ${rowId}, '${op}', ${data}, zahanati_hlc(), ${base} ${where ? `WHERE ${where}` : ''};`;
}

function setVersion(column: string, where = ''): string {
  return `INSERT INTO column_versions (table_name, row_id, column_name, hlc)
      SELECT table_name, row_id, ${column}, hlc FROM change_log WHERE ${LAST_CHANGE}${where ? ` AND ${where}` : ''}
      ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc;`;
}

function mutableTriggers(spec: SyncTableSpec, columns: readonly string[]): string[] {
  const t = spec.name;
  const versioned = columns.filter((column) => isVersionedColumn(spec, column));
  const insertBody = [
    logChange(t, rowIdExpr(spec, 'new'), 'insert', jsonObject(columns, 'new'), 'NULL'),
    `INSERT INTO column_versions (table_name, row_id, column_name, hlc)
      SELECT change_log.table_name, change_log.row_id, j.value, change_log.hlc
      FROM change_log, json_each(${quote(JSON.stringify(versioned))}) AS j WHERE ${LAST_CHANGE}
      ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc;`,
  ];
  if (spec.naturalKey === true) {
    insertBody.push(`INSERT OR IGNORE INTO column_edits (table_name, row_id, column_name, hlc, base, value)
      SELECT change_log.table_name, change_log.row_id, j.key, change_log.hlc, NULL, j.value
      FROM change_log, json_each(change_log.data) AS j
      WHERE ${LAST_CHANGE} AND j.key IN (SELECT value FROM json_each(${quote(JSON.stringify(versioned))}));`);
  }
  const updateBody = versioned.flatMap((column) => {
    const changed = `old.${column} IS NOT new.${column}`;
    const base = `json_object(${quote(column)}, (SELECT hlc FROM column_versions
        WHERE table_name = ${quote(t)} AND row_id = new.${spec.key[0]} AND column_name = ${quote(column)}))`;
    return [
      logChange(t, rowIdExpr(spec, 'new'), 'update', jsonObject([column], 'new'), base, changed),
      `INSERT OR IGNORE INTO column_edits (table_name, row_id, column_name, hlc, base, value)
        SELECT table_name, row_id, ${quote(column)}, hlc, json_extract(base, ${quote(`$.${column}`)}), new.${column}
        FROM change_log WHERE ${LAST_CHANGE} AND ${changed};`,
      setVersion(quote(column), changed),
    ];
  });
  return [
    trigger(t, 'insert', 'AFTER INSERT', insertBody),
    ...(updateBody.length > 0 ? [trigger(t, 'update', 'AFTER UPDATE', updateBody)] : []),
  ];
}

function linkTriggers(spec: SyncTableSpec, columns: readonly string[]): string[] {
  const t = spec.name;
  const existence = quote(LINK_EXISTENCE_COLUMN);
  const insert = (row: 'new') => [
    logChange(t, rowIdExpr(spec, row), 'insert', jsonObject(columns, row), 'NULL'),
    setVersion(existence),
  ];
  const keyChanged = `${rowIdExpr(spec, 'old')} IS NOT ${rowIdExpr(spec, 'new')}`;
  return [
    trigger(t, 'insert', 'AFTER INSERT', insert('new')),
    trigger(t, 'delete', 'AFTER DELETE', [
      logChange(t, rowIdExpr(spec, 'old'), 'delete', jsonObject(spec.key, 'old'), 'NULL'),
      setVersion(existence),
    ]),
    // An update is the old key's removal (if the key changed) and the new row's (re)insertion.
    trigger(t, 'update', 'AFTER UPDATE', [
      logChange(t, rowIdExpr(spec, 'old'), 'delete', jsonObject(spec.key, 'old'), 'NULL', keyChanged),
      setVersion(existence, keyChanged),
      ...insert('new'),
    ]),
  ];
}

function appendOnlyTriggers(spec: SyncTableSpec, columns: readonly string[]): string[] {
  return [
    trigger(spec.name, 'insert', 'AFTER INSERT', [
      logChange(spec.name, rowIdExpr(spec, 'new'), 'insert', jsonObject(columns, 'new'), 'NULL'),
    ]),
  ];
}

function trigger(table: string, suffix: string, when: string, body: readonly string[]): string {
  return `CREATE TRIGGER sync_capture_${table}_${suffix} ${when} ON ${table} WHEN zahanati_capturing()
    BEGIN
      ${body.join('\n      ')}
    END;`;
}

export function captureTriggerNames(db: Database, table: string): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE 'sync_capture_%'")
    .pluck()
    .all(table) as string[];
}

/** (Re)creates the capture triggers of one trigger-captured table from its current columns. */
export function recreateCaptureTriggers(db: Database, spec: SyncTableSpec): void {
  if (spec.capture !== 'trigger') throw new Error(`${spec.name} is captured by RecordWriter, not by triggers`);
  for (const name of captureTriggerNames(db, spec.name)) db.exec(`DROP TRIGGER ${name}`);
  const columns = syncedColumnsOf(db, spec);
  const statements =
    spec.kind === 'mutable'
      ? mutableTriggers(spec, columns)
      : spec.kind === 'link'
        ? linkTriggers(spec, columns)
        : appendOnlyTriggers(spec, columns);
  for (const statement of statements) db.exec(statement);
}

export function createAllCaptureTriggers(db: Database): void {
  for (const spec of SYNCED_TABLES) if (spec.capture === 'trigger') recreateCaptureTriggers(db, spec);
}

// ---------------------------------------------------------------------------
// Backfill

/**
 * Rows written before capture existed (a store set up by an earlier version)
 * are logged once as inserts, so the first push carries them too.
 */
export function backfillTriggerTables(db: Database, clock: HybridLogicalClock): void {
  const log = db.prepare(
    'INSERT INTO change_log (table_name, row_id, op, data, hlc, base) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const version = db.prepare(
    `INSERT INTO column_versions (table_name, row_id, column_name, hlc) VALUES (?, ?, ?, ?)
     ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
  );
  const edit = db.prepare(
    'INSERT OR IGNORE INTO column_edits (table_name, row_id, column_name, hlc, base, value) VALUES (?, ?, ?, ?, NULL, ?)',
  );
  for (const spec of SYNCED_TABLES) {
    if (spec.capture !== 'trigger') continue;
    const columns = syncedColumnsOf(db, spec);
    const order = spec.name === 'audit_log' ? 'seq' : spec.key.join(', ');
    const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${spec.name} ORDER BY ${order}`).all() as Record<
      string,
      string | number | null
    >[];
    for (const row of rows) {
      const rowId =
        spec.key.length === 1 ? String(row[spec.key[0] ?? '']) : JSON.stringify(spec.key.map((k) => row[k]));
      const hlc = clock.now();
      log.run(spec.name, rowId, 'insert', JSON.stringify(row), hlc);
      if (spec.kind === 'link') version.run(spec.name, rowId, LINK_EXISTENCE_COLUMN, hlc);
      if (spec.kind !== 'mutable') continue;
      for (const column of columns.filter((c) => isVersionedColumn(spec, c))) {
        version.run(spec.name, rowId, column, hlc);
        if (spec.naturalKey === true) edit.run(spec.name, rowId, column, hlc, row[column] ?? null);
      }
    }
  }
}
