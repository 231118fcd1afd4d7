import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { ColumnValue } from './writer';

/**
 * The version a row's columns hold until each is edited: a new row written by
 * RecordWriter records one entry under this name instead of one per column
 * (about 25 for a patient), so inserting or applying a new row costs one
 * version write. A column's own entry, made by its first edit, overrides it.
 * Not a valid column name, so it never clashes with one.
 */
export const ROW_VERSION = '*';

/**
 * Per-column merge bookkeeping, shared by the local write path (RecordWriter,
 * the capture triggers do the same in SQL) and the sync merge:
 *
 * - `column_versions`: the HLC of the value a column holds now, or of the row
 *   (`ROW_VERSION`) for columns not edited since it was inserted.
 * - `column_edits`: every edit of a column that was made on a row that already
 *   existed, with its `base` (the version it overwrote, i.e. what its author had
 *   seen). Two edits conflict when the later one's base is older than the
 *   earlier one: its author had not seen it. Judging from the whole history,
 *   not from what a workstation happened to hold when a change arrived, makes
 *   every workstation find the same conflicts whatever order batches come in.
 */
export class ColumnVersions {
  private readonly getVersion: Statement;
  private readonly getRowVersions: Statement;
  private readonly setVersion: Statement;
  private readonly insertEdit: Statement;

  constructor(db: Database) {
    // The column's own entry if it has one, else the row's.
    this.getVersion = db
      .prepare(
        `SELECT hlc FROM column_versions WHERE table_name = ? AND row_id = ? AND column_name IN (?, '${ROW_VERSION}')
         ORDER BY column_name = '${ROW_VERSION}' LIMIT 1`,
      )
      .pluck();
    this.getRowVersions = db
      .prepare('SELECT column_name, hlc FROM column_versions WHERE table_name = ? AND row_id = ?')
      .raw();
    this.setVersion = db.prepare(
      `INSERT INTO column_versions (table_name, row_id, column_name, hlc) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
    );
    this.insertEdit = db.prepare(
      `INSERT OR IGNORE INTO column_edits (table_name, row_id, column_name, hlc, base, value) VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  /** The version a column of a row holds now: its own, else the row's; null if the row has none. */
  version(table: string, rowId: string, column: string): string | null {
    return (this.getVersion.get(table, rowId, column) as string | undefined) ?? null;
  }

  /** Every version a row holds, in one read (a range of the primary key). */
  ofRow(table: string, rowId: string): RowVersions {
    return new RowVersions(this.getRowVersions.all(table, rowId) as [string, string][]);
  }

  set(table: string, rowId: string, column: string, hlc: string): void {
    this.setVersion.run(table, rowId, column, hlc);
  }

  /** The versions the given columns hold now: the base of an edit about to overwrite them. */
  bases(table: string, rowId: string, columns: readonly string[]): Record<string, string | null> {
    const held = this.ofRow(table, rowId);
    return Object.fromEntries(columns.map((column) => [column, held.of(column) ?? null]));
  }

  recordEdit(table: string, rowId: string, column: string, hlc: string, base: string | null, value: ColumnValue): void {
    this.insertEdit.run(table, rowId, column, hlc, base, value);
  }
}

/** The versions one row holds, each column's own or else the row's. */
export class RowVersions {
  private readonly byColumn: ReadonlyMap<string, string>;

  constructor(entries: readonly (readonly [string, string])[]) {
    this.byColumn = new Map(entries);
  }

  of(column: string): string | undefined {
    return this.byColumn.get(column) ?? this.byColumn.get(ROW_VERSION);
  }
}
