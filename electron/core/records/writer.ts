import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import type { HybridLogicalClock } from '../../../shared/sync/hlc';

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
 * row with an HLC, keeps column versions for mutable rows, and appends the
 * change to the change log — all inside the caller's transaction, so a write
 * that rolls back leaves no change behind.
 */
export class RecordWriter {
  constructor(
    private readonly db: Database,
    private readonly clock: HybridLogicalClock,
  ) {
    // After a restart the clock must continue past every stamp it gave, even if
    // it had followed a remote clock that runs ahead of this one.
    const latest = db.prepare('SELECT max(hlc) FROM change_log').pluck().get() as string | null;
    if (latest !== null) clock.receive(latest);
  }

  insert(table: SyncedTable, values: RowValues, ctx: WriteContext): string {
    assertKnownColumns(table, values);
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
    const columns = Object.keys(row);
    this.db
      .prepare(
        `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`,
      )
      .run(row);
    if (table.kind === 'mutable')
      this.recordColumnVersions(table, id, [...table.columns.filter((c) => c in values), 'deleted_at'], hlc);
    this.log(table, id, 'insert', row, hlc);
    return id;
  }

  /** Changes columns of a mutable row; refuses append-only tables, whose rows never change. */
  update(table: SyncedTable, id: string, changes: RowValues, ctx: WriteContext): void {
    if (table.kind !== 'mutable') throw new Error(`${table.name} is append-only: write a superseding row instead`);
    assertKnownColumns(table, changes);
    const columns = Object.keys(changes);
    if (columns.length === 0) return;
    const hlc = this.clock.now();
    const assignments = columns.map((column) => `${column} = @${column}`).join(', ');
    const result = this.db
      .prepare(
        `UPDATE ${table.name} SET ${assignments}, hlc = @hlc, updated_at = @updated_at WHERE id = @id AND deleted_at IS NULL`,
      )
      .run({ ...changes, hlc, updated_at: ctx.now.toISOString(), id });
    if (result.changes !== 1) throw new Error(`No live ${table.name} row to update`);
    this.recordColumnVersions(table, id, columns, hlc);
    this.log(table, id, 'update', { ...changes, updated_at: ctx.now.toISOString() }, hlc);
  }

  /** Soft delete: the row stays (as a tombstone) so the deletion syncs. */
  softDelete(table: SyncedTable, id: string, ctx: WriteContext): void {
    if (table.kind !== 'mutable') throw new Error(`${table.name} is append-only: rows are superseded, not deleted`);
    const hlc = this.clock.now();
    const deletedAt = ctx.now.toISOString();
    const result = this.db
      .prepare(`UPDATE ${table.name} SET deleted_at = ?, hlc = ? WHERE id = ? AND deleted_at IS NULL`)
      .run(deletedAt, hlc, id);
    if (result.changes !== 1) throw new Error(`No live ${table.name} row to delete`);
    this.recordColumnVersions(table, id, ['deleted_at'], hlc);
    this.log(table, id, 'delete', { deleted_at: deletedAt }, hlc);
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

  private recordColumnVersions(table: SyncedTable, id: string, columns: readonly string[], hlc: string): void {
    const upsert = this.db.prepare(
      `INSERT INTO column_versions (table_name, row_id, column_name, hlc) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
    );
    for (const column of columns) upsert.run(table.name, id, column, hlc);
  }

  private log(table: SyncedTable, id: string, op: 'insert' | 'update' | 'delete', data: RowValues, hlc: string): void {
    this.db
      .prepare('INSERT INTO change_log (table_name, row_id, op, data, hlc) VALUES (?, ?, ?, ?, ?)')
      .run(table.name, id, op, JSON.stringify(data), hlc);
  }
}

function assertKnownColumns(table: SyncedTable, values: RowValues): void {
  if (!SAFE_NAME.test(table.name)) throw new Error(`Unsafe table name ${table.name}`);
  for (const column of Object.keys(values)) {
    if (!table.columns.includes(column) || !SAFE_NAME.test(column)) {
      throw new Error(`${table.name} has no writable column ${column}`);
    }
  }
}
