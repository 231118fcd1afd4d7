/**
 * The merge: applies changes from other workstations to this store so that
 * every workstation ends with the same rows whatever order changes arrive in,
 * and applying a change twice changes nothing.
 *
 * - append-only rows are inserted once and never overwritten;
 * - mutable rows merge per column, last writer wins by HLC (a column not
 *   edited since its row was inserted holds the row's version); a losing
 *   concurrent edit is logged in sync_conflicts (see records/versions.ts);
 * - link rows exist or not, last writer wins per key;
 * - an edit of a row not here yet waits in sync_pending until the row comes.
 *
 * The caller runs it inside one transaction, with capture silenced (remote
 * changes must not be logged again) and foreign keys off (a row may arrive
 * before the row it refers to; its author's store checked the reference).
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { decodeHlc } from '../../../shared/sync/hlc';
import type { ColumnValue } from '../records/writer';
import { ColumnVersions, type RowVersions } from '../records/versions';
import type { LoggedChange, WireChange } from './batch';
import { syncedColumnsOf, type CaptureControl } from './capture';
import { MESSAGES, SyncError } from './errors';
import { isVersionedColumn, LINK_EXISTENCE_COLUMN, ROW_HLC_COLUMN, SYNCED_TABLES, type SyncTableSpec } from './tables';
import { StatementCache } from '../db/statement-cache';

/** Columns whose concurrent edits merge silently: bookkeeping nobody needs to review. */
const QUIET_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  '*': ['updated_at'],
  users: ['failed_attempts', 'next_attempt_at', 'locked_until', 'mfa_last_step'],
};

interface TableInfo {
  spec: SyncTableSpec;
  columns: ReadonlySet<string>;
  /** Per column, whether a value may be stored in it (this store's declared type and NOT NULL). */
  accepts: ReadonlyMap<string, (value: ColumnValue) => boolean>;
  hasRowHlc: boolean;
  /** Statements by the columns they name (a change's columns, in its order), prepared once each. */
  inserts: Map<string, Statement>;
  /** The insert used last: a table's changes nearly always name the same columns in the same order. */
  lastInsert: { columns: readonly string[]; tail: string; statement: Statement } | null;
}

/** What a STRICT column of this declared type takes from a change (JSON gives strings, numbers and null). */
function columnCheck(type: string, notNull: boolean): (value: ColumnValue) => boolean {
  const typed: (value: string | number) => boolean =
    type === 'TEXT'
      ? (value) => typeof value === 'string'
      : type === 'INTEGER'
        ? (value) => typeof value === 'number' && Number.isSafeInteger(value)
        : type === 'REAL'
          ? (value) => typeof value === 'number'
          : () => true; // ANY: the batch parser already allowed only strings and finite numbers
  return (value) => (value === null ? !notNull : typed(value));
}

export interface ApplyHooks {
  /** The patient's search terms changed (a patient or identifier was applied). */
  reindexPatient(patientId: string): void;
  /** Every applied change's HLC, so the local clock moves past it. */
  observe(hlc: string): void;
}

export interface ApplyResult {
  applied: number;
  newConflicts: number;
}

interface Edit {
  column: string;
  hlc: string;
  base: string | null;
  value: ColumnValue;
}

export class ChangeApplier {
  private readonly tables = new Map<string, TableInfo>();
  private readonly versions: ColumnVersions;
  private readonly prepared: StatementCache;
  private readonly anyPending: Statement;
  private readonly setVersionsStatements = new Map<number, Statement>();
  private touchedPatients = new Set<string>();
  private newConflicts = 0;
  /** False once this apply knows sync_pending is empty: then an arriving row has no waiting edits to look up. */
  private pendingMayExist = true;

  constructor(
    private readonly db: Database,
    private readonly hooks: ApplyHooks,
    private readonly now: () => Date,
  ) {
    this.prepared = new StatementCache(db);
    this.versions = new ColumnVersions(db);
    for (const spec of SYNCED_TABLES) {
      const columns = new Set(syncedColumnsOf(db, spec));
      const declared = db.prepare(`PRAGMA table_info(${spec.name})`).all() as {
        name: string;
        type: string;
        notnull: 0 | 1;
      }[];
      const accepts = new Map(
        declared
          .filter((column) => columns.has(column.name))
          .map((column) => [column.name, columnCheck(column.type.toUpperCase(), column.notnull === 1)] as const),
      );
      this.tables.set(spec.name, {
        spec,
        columns,
        accepts,
        hasRowHlc: spec.capture === 'writer' && columns.has(ROW_HLC_COLUMN),
        inserts: new Map(),
        lastInsert: null,
      });
    }
    this.anyPending = db.prepare('SELECT EXISTS (SELECT 1 FROM sync_pending)').pluck();
  }

  /**
   * Checks every change against the registry and this store's schema before
   * anything is applied: a batch naming an unknown table or column, or an
   * operation its table does not allow, is refused whole.
   */
  validate(changes: readonly WireChange[], device: string): void {
    for (const change of changes) {
      const info = this.tables.get(change.t);
      if (info === undefined || !valuesFit(info, change.d) || !this.shapeIsValid(info, change)) {
        throw new SyncError('integrity', MESSAGES.unreadable(device));
      }
    }
  }

  private shapeIsValid(info: TableInfo, change: WireChange): boolean {
    const { spec } = info;
    const keyParts = spec.key.map((column) => change.d[column]);
    if (change.o === 'insert') {
      if (spec.kind === 'mutable' || spec.kind === 'append-only') {
        if (!spec.key.every((column) => column in change.d)) return false;
      } else if (![...info.columns].every((column) => column in change.d)) {
        return false;
      }
    }
    if (spec.kind === 'append-only') return change.o === 'insert' && change.r === String(keyParts[0]);
    if (spec.kind === 'link') {
      if (change.o === 'update') return false;
      return sameKey(change.r, keyParts);
    }
    // Mutable: an insert names its own key; an edit never changes a key column.
    if (change.o === 'insert') return change.r === String(keyParts[0]);
    return spec.key.every((column) => !(column in change.d)) && Object.keys(change.d).length > 0;
  }

  /** Applies validated changes in order. Returns how many were applied and how many conflicts were new. */
  apply(changes: readonly WireChange[]): ApplyResult {
    this.touchedPatients = new Set();
    this.newConflicts = 0;
    this.pendingMayExist = this.anyPending.get() === 1;
    let latest: string | null = null;
    for (const change of changes) {
      this.applyOne(change);
      if (latest === null || change.h > latest) latest = change.h;
    }
    // Once, after the whole page: the clock only needs to order after the greatest, and each patient's
    // search terms are rebuilt once however many of their rows the page carried.
    if (latest !== null) this.hooks.observe(latest);
    for (const patientId of this.touchedPatients) this.hooks.reindexPatient(patientId);
    return { applied: changes.length, newConflicts: this.newConflicts };
  }

  private applyOne(change: WireChange): void {
    const info = this.tables.get(change.t);
    if (info === undefined) throw new Error(`Unvalidated change for ${change.t}`);
    switch (info.spec.kind) {
      case 'append-only':
        this.insertOnce(info, change);
        break;
      case 'link':
        this.applyLink(info, change);
        break;
      case 'mutable':
        this.applyMutable(info, change);
        break;
    }
    this.noteDerived(info, change);
  }

  private noteDerived(info: TableInfo, change: WireChange): void {
    if (info.spec.name === 'patients') this.touchedPatients.add(change.r);
    if (info.spec.name === 'patient_identifiers') {
      // An insert names its patient (an identifier never moves to another); an edit is looked up.
      const named = change.o === 'insert' ? change.d['patient_id'] : undefined;
      const patientId =
        typeof named === 'string'
          ? named
          : (this.prepared.get('SELECT patient_id FROM patient_identifiers WHERE id = ?').pluck().get(change.r) as
              string | undefined);
      if (patientId !== undefined) this.touchedPatients.add(patientId);
    }
  }

  // --- append-only ---------------------------------------------------------------

  private insertOnce(info: TableInfo, change: WireChange): void {
    this.insertStatement(info, Object.keys(change.d), 'ON CONFLICT DO NOTHING').run(Object.values(change.d));
  }

  /** `INSERT INTO table (columns) VALUES (?, …) <tail>`, prepared once per table, column list and tail. */
  private insertStatement(info: TableInfo, columns: readonly string[], tail: string): Statement {
    const last = info.lastInsert;
    // Comparing the names (interned strings) costs less than building the key below, a million times over in a join.
    if (last !== null && last.tail === tail && sameNames(last.columns, columns)) return last.statement;
    const statement = this.preparedInsert(info, columns, tail);
    info.lastInsert = { columns, tail, statement };
    return statement;
  }

  private preparedInsert(info: TableInfo, columns: readonly string[], tail: string): Statement {
    const cacheKey = `${columns.join(',')} ${tail}`;
    let statement = info.inserts.get(cacheKey);
    if (statement === undefined) {
      statement = this.db.prepare(
        `INSERT INTO ${info.spec.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${tail}`,
      );
      info.inserts.set(cacheKey, statement);
    }
    return statement;
  }

  // --- link rows -----------------------------------------------------------------

  private applyLink(info: TableInfo, change: WireChange): void {
    const { spec } = info;
    const current = this.versions.ofRow(spec.name, change.r, () => null).of(LINK_EXISTENCE_COLUMN);
    if (current !== undefined && current >= change.h) return;
    const where = spec.key.map((column) => `${column} = ?`).join(' AND ');
    const keyValues = spec.key.map((column) => change.d[column] ?? null);
    if (change.o === 'delete') {
      this.prepared.get(`DELETE FROM ${spec.name} WHERE ${where}`).run(...keyValues);
    } else {
      const columns = Object.keys(change.d);
      const others = columns.filter((column) => !spec.key.includes(column));
      const upsert =
        others.length === 0
          ? 'DO NOTHING'
          : `DO UPDATE SET ${others.map((column) => `${column} = excluded.${column}`).join(', ')}`;
      this.prepared
        .get(
          `INSERT INTO ${spec.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (${spec.key.join(', ')}) ${upsert}`,
        )
        .run(...columns.map((column) => change.d[column] ?? null));
    }
    this.versions.set(spec.name, change.r, LINK_EXISTENCE_COLUMN, change.h);
  }

  // --- mutable rows --------------------------------------------------------------

  private rowExists(info: TableInfo, rowId: string): boolean {
    const key = info.spec.key[0] ?? 'id';
    return this.prepared.get(`SELECT 1 FROM ${info.spec.name} WHERE ${key} = ?`).get(rowId) !== undefined;
  }

  private applyMutable(info: TableInfo, change: WireChange): void {
    let exists: boolean;
    if (change.o === 'insert' && (info.spec.uniqueColumns ?? []).length === 0) {
      // Insert first and learn from it whether the row was here: one statement instead of a lookup and an insert.
      const key = info.spec.key[0] ?? 'id';
      const columns = Object.keys(change.d);
      const inserted =
        this.insertStatement(info, columns, `ON CONFLICT (${key}) DO NOTHING`).run(Object.values(change.d)).changes ===
        1;
      if (inserted) {
        this.rowInserted(info, change, change.d);
        return;
      }
      exists = true;
    } else {
      exists = this.rowExists(info, change.r);
      if (change.o === 'insert' && !exists) {
        this.insertRow(info, change);
        return;
      }
    }
    if (!exists) {
      this.prepared
        .get('INSERT OR IGNORE INTO sync_pending (table_name, row_id, hlc, change) VALUES (?, ?, ?, ?)')
        .run(info.spec.name, change.r, change.h, JSON.stringify(change));
      this.pendingMayExist = true;
      return;
    }
    // An edit with a known base, or an insert of a natural key that another workstation also inserted.
    const judged = change.o === 'insert' ? info.spec.naturalKey === true : change.b !== null;
    const edits: Edit[] = Object.entries(change.d)
      .filter(([column]) => isVersionedColumn(info.spec, column))
      .map(([column, value]) => ({ column, hlc: change.h, base: change.b?.[column] ?? null, value }));
    this.mergeColumns(info, change.r, change.h, edits, judged);
  }

  private insertRow(info: TableInfo, change: WireChange): void {
    const values: Record<string, ColumnValue> = { ...change.d };
    for (const column of info.spec.uniqueColumns ?? []) this.yieldUniqueValue(info, change, column, values);
    this.insertStatement(info, Object.keys(values), '').run(Object.values(values));
    this.rowInserted(info, change, values);
  }

  /**
   * A new row's bookkeeping, then any edits that waited for it. A row
   * RecordWriter wrote records no versions, as its author recorded none (its
   * columns hold its HLC until edited, see records/versions.ts); a row the
   * capture triggers wrote gets one per column, as they record it (and a
   * natural key's insert is also judged as an edit, see mergeColumns).
   */
  private rowInserted(info: TableInfo, change: WireChange, values: Readonly<Record<string, ColumnValue>>): void {
    const { spec } = info;
    if (!versionsAreImplicit(info)) {
      const versioned = Object.keys(values).filter((column) => isVersionedColumn(spec, column));
      this.setVersions(spec.name, change.r, versioned, change.h);
      if (spec.naturalKey === true) {
        for (const column of versioned) {
          this.versions.recordEdit(spec.name, change.r, column, change.h, null, values[column] ?? null);
        }
      }
    }
    if (this.pendingMayExist) this.applyPending(info, change.r);
  }

  /** Every version a row holds, with its HLC as the version of a never-edited row RecordWriter wrote. */
  private heldVersions(info: TableInfo, rowId: string): RowVersions {
    if (!versionsAreImplicit(info)) return this.versions.ofRow(info.spec.name, rowId, () => null);
    const key = info.spec.key[0] ?? 'id';
    return this.versions.ofRow(
      info.spec.name,
      rowId,
      () =>
        (this.prepared.get(`SELECT ${ROW_HLC_COLUMN} FROM ${info.spec.name} WHERE ${key} = ?`).pluck().get(rowId) as
          string | undefined) ?? null,
    );
  }

  /**
   * Sets several columns of one row to the same version in one statement (a
   * new row captured by triggers has a version per column).
   */
  private setVersions(table: string, rowId: string, columns: readonly string[], hlc: string): void {
    if (columns.length === 0) return;
    let statement = this.setVersionsStatements.get(columns.length);
    if (statement === undefined) {
      statement = this.db.prepare(
        `INSERT INTO column_versions (table_name, row_id, column_name, hlc)
         VALUES ${columns.map(() => '(?, ?, ?, ?)').join(', ')}
         ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
      );
      this.setVersionsStatements.set(columns.length, statement);
    }
    const params: string[] = [];
    for (const column of columns) params.push(table, rowId, column, hlc);
    statement.run(params);
  }

  /** Edits that arrived before their row, now that it is here, in HLC order. */
  private applyPending(info: TableInfo, rowId: string): void {
    const waiting = this.prepared
      .get('SELECT change FROM sync_pending WHERE table_name = ? AND row_id = ? ORDER BY hlc')
      .pluck()
      .all(info.spec.name, rowId) as string[];
    if (waiting.length === 0) return;
    this.prepared.get('DELETE FROM sync_pending WHERE table_name = ? AND row_id = ?').run(info.spec.name, rowId);
    for (const text of waiting) this.applyMutable(info, JSON.parse(text) as WireChange);
  }

  /**
   * Two offline workstations may both claim a unique value (the same username).
   * The row with the greater id gives way, on every workstation alike: its value
   * gets the suffix `#` and the start of its id, and the clash is logged.
   */
  private yieldUniqueValue(info: TableInfo, change: WireChange, column: string, values: Record<string, ColumnValue>) {
    const value = values[column];
    if (value === null || value === undefined) return;
    const key = info.spec.key[0] ?? 'id';
    const holder = this.prepared
      .get(`SELECT ${key} FROM ${info.spec.name} WHERE ${column} = ? AND ${key} <> ?`)
      .pluck()
      .get(value, change.r) as string | undefined;
    if (holder === undefined) return;
    const loser = holder > change.r ? holder : change.r;
    const renamed = `${String(value)}#${loser.slice(0, 8)}`;
    if (loser === change.r) values[column] = renamed;
    else this.prepared.get(`UPDATE ${info.spec.name} SET ${column} = ? WHERE ${key} = ?`).run(renamed, holder);
    const loserHlc = loser === change.r ? change.h : (this.heldVersions(info, holder).of(column) ?? change.h);
    this.recordConflict(info.spec.name, loser, column, { hlc: loserHlc, value }, { hlc: loserHlc, value: renamed });
  }

  private mergeColumns(info: TableInfo, rowId: string, hlc: string, edits: readonly Edit[], judged: boolean): void {
    const { spec } = info;
    const winners: Edit[] = [];
    // Every version of the row in one read, not one lookup per column.
    const held = this.heldVersions(info, rowId);
    for (const edit of edits) {
      const current = held.of(edit.column);
      if (current === undefined || edit.hlc > current) winners.push(edit);
      if (judged) {
        this.versions.recordEdit(spec.name, rowId, edit.column, edit.hlc, edit.base, edit.value);
        if (!isQuiet(spec.name, edit.column)) this.judgeConflicts(spec.name, rowId, edit);
      }
    }
    if (winners.length === 0) return;
    const key = spec.key[0] ?? 'id';
    const assignments = winners.map((edit) => `${edit.column} = ?`);
    if (info.hasRowHlc) assignments.push(`${ROW_HLC_COLUMN} = max(${ROW_HLC_COLUMN}, ?)`);
    const params: ColumnValue[] = winners.map((edit) => edit.value);
    if (info.hasRowHlc) params.push(hlc);
    params.push(rowId);
    this.prepared.get(`UPDATE ${spec.name} SET ${assignments.join(', ')} WHERE ${key} = ?`).run(params);
    this.versions.keepImplicitVersion(spec.name, rowId, held);
    this.setVersions(
      spec.name,
      rowId,
      winners.map((edit) => edit.column),
      hlc,
    );
  }

  /**
   * Two edits of a column conflict when the later one's author had not seen
   * the earlier one (its base is older). Checked both ways against the whole
   * history, so the outcome does not depend on arrival order.
   */
  private judgeConflicts(table: string, rowId: string, edit: Edit): void {
    const history = (where: string) =>
      this.prepared.get(
        `SELECT hlc, base, value FROM column_edits WHERE table_name = ? AND row_id = ? AND column_name = ? AND ${where} ORDER BY hlc`,
      );
    // Later edits that did not see this one: this one lost.
    const winners = history("hlc > ? AND coalesce(base, '') < ?").all(
      table,
      rowId,
      edit.column,
      edit.hlc,
      edit.hlc,
    ) as {
      hlc: string;
      value: ColumnValue;
    }[];
    const [winner] = winners;
    if (winner !== undefined) this.recordConflict(table, rowId, edit.column, edit, winner);
    // Earlier edits this one did not see: they lost to it.
    const losers = history("hlc < ? AND hlc > coalesce(?, '')").all(table, rowId, edit.column, edit.hlc, edit.base) as {
      hlc: string;
      value: ColumnValue;
    }[];
    for (const loser of losers) this.recordConflict(table, rowId, edit.column, loser, edit);
  }

  /**
   * One entry per losing edit (same id everywhere). Of several edits that beat
   * it, the earliest is named the winner, so every workstation names the same.
   */
  private recordConflict(
    table: string,
    rowId: string,
    column: string,
    loser: { hlc: string; value: ColumnValue },
    winner: { hlc: string; value: ColumnValue },
  ): void {
    const id = createHash('sha256')
      .update(JSON.stringify([table, rowId, column, loser.hlc]))
      .digest('hex')
      .slice(0, 32);
    const known = this.prepared.get('SELECT 1 FROM sync_conflicts WHERE id = ?').get(id) !== undefined;
    this.prepared
      .get(
        `INSERT INTO sync_conflicts (id, table_name, row_id, column_name, winning_value, losing_value, winning_hlc, losing_hlc,
         losing_device_id, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE
         SET winning_value = excluded.winning_value, winning_hlc = excluded.winning_hlc
         WHERE excluded.winning_hlc < sync_conflicts.winning_hlc`,
      )
      .run(
        id,
        table,
        rowId,
        column,
        JSON.stringify(winner.value),
        JSON.stringify(loser.value),
        winner.hlc,
        loser.hlc,
        decodeHlc(loser.hlc).node,
        this.now().toISOString(),
      );
    if (!known) this.newConflicts += 1;
  }
}

/**
 * Runs `fn` (which applies remote changes) the way every apply must run: in
 * one transaction, with capture silenced and foreign keys off (set outside the
 * transaction, where SQLite honours it, and restored after).
 */
export function inApplyTransaction<T>(db: Database, capture: CaptureControl, fn: () => T): T {
  if (db.inTransaction) throw new Error('Remote changes are applied in their own transaction');
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    return capture.withoutCapture(() => db.transaction(fn)());
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
  }
}

/** A logged change as another workstation receives it. */
export function toWireChange(change: LoggedChange): WireChange {
  return {
    t: change.table_name,
    r: change.row_id,
    o: change.op,
    h: change.hlc,
    d: JSON.parse(change.data) as WireChange['d'],
    b: change.base === null ? null : (JSON.parse(change.base) as WireChange['b']),
  };
}

/** Every column is one this store has, holding a value its declared type and NOT NULL allow. */
function valuesFit(info: TableInfo, values: Readonly<Record<string, ColumnValue>>): boolean {
  for (const column in values) {
    const accepts = info.accepts.get(column);
    if (accepts === undefined || !accepts(values[column] ?? null)) return false;
  }
  return true;
}

/** Rows RecordWriter wrote (not a natural key's) hold no versions until edited: their HLC is every column's. */
function versionsAreImplicit(info: TableInfo): boolean {
  return info.hasRowHlc && info.spec.naturalKey !== true;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

function isQuiet(table: string, column: string): boolean {
  return (QUIET_COLUMNS['*'] ?? []).includes(column) || (QUIET_COLUMNS[table] ?? []).includes(column);
}

function sameKey(rowId: string, keyParts: readonly unknown[]): boolean {
  try {
    const parsed: unknown = JSON.parse(rowId);
    return (
      Array.isArray(parsed) &&
      parsed.length === keyParts.length &&
      parsed.every((part, index) => part === keyParts[index] && typeof part === 'string')
    );
  } catch {
    return false;
  }
}
