import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import type { HybridLogicalClock } from '../../../shared/sync/hlc';
import { ColumnVersions, type RowVersions } from './versions';
import { StatementCache } from '../db/statement-cache';

/** Values a row may hold: what SQLite stores and JSON carries. */
export type ColumnValue = string | number | null;
export type RowValues = Readonly<Record<string, ColumnValue>>;

/**
 * How a synced table behaves. Mutable rows (demographics, appointments) change
 * in place and merge per column; append-only rows (observations, notes,
 * diagnoses, results, dispensing) are never changed: a correction is a new row
 * that supersedes the old one.
 */
export interface SyncedTable {
  readonly name: string;
  readonly kind: 'mutable' | 'append-only';
  /** Domain columns a caller may set; the writer sets id, facility_id, hlc and the audit columns. */
  readonly columns: readonly string[];
}

export interface WriteContext {
  readonly facilityId: string;
  readonly userId: string;
  readonly now: Date;
}

const SAFE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The only path by which synced records are written. Each write stamps the
 * row with an HLC, keeps column versions for mutable rows (none for a new
 * row, whose columns hold its HLC until edited; see versions.ts), and appends
 * the change to the change log — all inside the caller's transaction, so a write
 * that rolls back leaves no change behind. An edit also carries the versions
 * it overwrote (its base), from which the merge tells a concurrent edit from a
 * later one.
 */
export class RecordWriter {
  private readonly versions: ColumnVersions;
  /** Prepared once per distinct statement: preparing costs more than running on a large schema. */
  private readonly prepared: StatementCache;
  /** Each table's INSERT per set of domain columns, so a busy write path builds no SQL text. */
  private readonly inserts = new WeakMap<SyncedTable, Map<string, InsertStatement>>();
  private readonly logStatement: Statement;

  constructor(
    private readonly db: Database,
    private readonly clock: HybridLogicalClock,
  ) {
    this.versions = new ColumnVersions(db);
    this.prepared = new StatementCache(db);
    this.logStatement = db.prepare(
      'INSERT INTO change_log (table_name, row_id, op, data, hlc, base) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // After a restart the clock must continue past every stamp it gave, even if
    // it had followed a remote clock that runs ahead of this one.
    const latest = db.prepare('SELECT max(hlc) FROM change_log').pluck().get() as string | null;
    if (latest !== null) clock.receive(latest);
  }

  insert(table: SyncedTable, values: RowValues, ctx: WriteContext): string {
    return this.insertRow(table, values, ctx).id;
  }

  /**
   * Inserts like `insert` and also returns the row exactly as written (the
   * caller's values and the stamped columns), so a command can answer from it
   * instead of reading the row back.
   */
  insertRow(
    table: SyncedTable,
    values: RowValues,
    ctx: WriteContext,
  ): { id: string; row: Readonly<Record<string, ColumnValue>> } {
    const domainColumns = Object.keys(values);
    assertKnownColumns(table, domainColumns);
    const id = uuidv7();
    const hlc = this.clock.now();
    const row: Record<string, ColumnValue> = {
      ...values,
      id,
      facility_id: ctx.facilityId,
      hlc,
      created_at: ctx.now.toISOString(),
      created_by: ctx.userId,
      deleted_at: null,
    };
    const { statement, columns } = this.insertStatement(table, domainColumns);
    // Positional parameters, in the statement's column order: binding by name looks every parameter up.
    statement.run(columns.map((column) => row[column] ?? null));
    // A new row records no column versions: until edited, each column holds the row's HLC (see ROW_VERSION).
    this.log(table, id, 'insert', row, hlc);
    return { id, row };
  }

  /** Changes columns of a mutable row; refuses append-only tables, whose rows never change. */
  update(table: SyncedTable, id: string, changes: RowValues, ctx: WriteContext): void {
    if (table.kind !== 'mutable') throw new Error(`${table.name} is append-only: write a superseding row instead`);
    const columns = Object.keys(changes);
    assertKnownColumns(table, columns);
    if (columns.length === 0) return;
    const hlc = this.clock.now();
    const data: RowValues = { ...changes, updated_at: ctx.now.toISOString() };
    const held = this.heldVersions(table, id);
    const assignments = columns.map((column) => `${column} = @${column}`).join(', ');
    const result = this.prepared
      .get(
        `UPDATE ${table.name} SET ${assignments}, hlc = @hlc, updated_at = @updated_at WHERE id = @id AND deleted_at IS NULL`,
      )
      .run({ ...data, hlc, id });
    if (result.changes !== 1) throw new Error(`No live ${table.name} row to update`);
    this.logEdit(table, id, 'update', data, hlc, held);
  }

  /** Soft delete: the row stays (as a tombstone) so the deletion syncs. */
  softDelete(table: SyncedTable, id: string, ctx: WriteContext): void {
    if (table.kind !== 'mutable') throw new Error(`${table.name} is append-only: rows are superseded, not deleted`);
    const hlc = this.clock.now();
    const deletedAt = ctx.now.toISOString();
    const held = this.heldVersions(table, id);
    const result = this.prepared
      .get(`UPDATE ${table.name} SET deleted_at = ?, hlc = ? WHERE id = ? AND deleted_at IS NULL`)
      .run(deletedAt, hlc, id);
    if (result.changes !== 1) throw new Error(`No live ${table.name} row to delete`);
    this.logEdit(table, id, 'delete', { deleted_at: deletedAt }, hlc, held);
  }

  /** A per-workstation counter (patient numbers), so two offline workstations never hand out the same one. */
  nextCounter(name: string): number {
    this.db
      .prepare(
        'INSERT INTO workstation_counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1',
      )
      .run(name);
    return this.db.prepare('SELECT value FROM workstation_counters WHERE name = ?').pluck().get(name) as number;
  }

  /** The versions a row holds before an edit (read first: the edit moves the row's HLC). */
  private heldVersions(table: SyncedTable, id: string): RowVersions {
    return this.versions.ofRow(
      table.name,
      id,
      () =>
        (this.prepared.get(`SELECT hlc FROM ${table.name} WHERE id = ?`).pluck().get(id) as string | undefined) ?? null,
    );
  }

  /** Logs an edit of an existing row with the versions it overwrote (`held`), and keeps it in the edit history. */
  private logEdit(
    table: SyncedTable,
    id: string,
    op: 'update' | 'delete',
    data: RowValues,
    hlc: string,
    held: RowVersions,
  ): void {
    const columns = Object.keys(data);
    const base = Object.fromEntries(columns.map((column) => [column, held.of(column) ?? null]));
    this.versions.keepImplicitVersion(table.name, id, held);
    for (const column of columns) {
      this.versions.recordEdit(table.name, id, column, hlc, base[column] ?? null, data[column] ?? null);
      this.versions.set(table.name, id, column, hlc);
    }
    this.log(table, id, op, data, hlc, base);
  }

  private log(
    table: SyncedTable,
    id: string,
    op: 'insert' | 'update' | 'delete',
    data: RowValues,
    hlc: string,
    base: Readonly<Record<string, string | null>> | null = null,
  ): void {
    this.logStatement.run(table.name, id, op, JSON.stringify(data), hlc, base === null ? null : JSON.stringify(base));
  }

  private insertStatement(table: SyncedTable, domainColumns: readonly string[]): InsertStatement {
    let byColumns = this.inserts.get(table);
    if (byColumns === undefined) {
      byColumns = new Map();
      this.inserts.set(table, byColumns);
    }
    const key = domainColumns.join(',');
    let insert = byColumns.get(key);
    if (insert === undefined) {
      const columns = [...domainColumns, ...STAMPED_COLUMNS];
      const statement = this.db.prepare(
        `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      insert = { statement, columns };
      byColumns.set(key, insert);
    }
    return insert;
  }
}

/** The columns the writer itself sets on every inserted row, after the caller's. */
const STAMPED_COLUMNS = ['id', 'facility_id', 'hlc', 'created_at', 'created_by', 'deleted_at'] as const;

interface InsertStatement {
  readonly statement: Statement;
  readonly columns: readonly string[];
}

/** Each table's writable columns, checked once to be plain identifiers (they are spliced into SQL). */
const writableColumns = new WeakMap<SyncedTable, ReadonlySet<string>>();

function assertKnownColumns(table: SyncedTable, columns: readonly string[]): void {
  let writable = writableColumns.get(table);
  if (writable === undefined) {
    if (!SAFE_NAME.test(table.name)) throw new Error(`Unsafe table name ${table.name}`);
    writable = new Set(table.columns.filter((column) => SAFE_NAME.test(column)));
    writableColumns.set(table, writable);
  }
  for (const column of columns) {
    if (!writable.has(column)) throw new Error(`${table.name} has no writable column ${column}`);
  }
}
