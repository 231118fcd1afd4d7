import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { ColumnValue } from './writer';

/**
 * Per-column merge bookkeeping, shared by the local write path (RecordWriter,
 * the capture triggers do the same in SQL) and the sync merge:
 *
 * - `column_versions`: the HLC of the value a column holds now.
 * - `column_edits`: every edit of a column that was made on a row that already
 *   existed, with its `base` (the version it overwrote, i.e. what its author had
 *   seen). Two edits conflict when the later one's base is older than the
 *   earlier one: its author had not seen it. Judging from the whole history,
 *   not from what a workstation happened to hold when a change arrived, makes
 *   every workstation find the same conflicts whatever order batches come in.
 */
export class ColumnVersions {
  private readonly getVersion: Statement;
  private readonly setVersion: Statement;
  private readonly insertEdit: Statement;

  constructor(db: Database) {
    this.getVersion = db
      .prepare('SELECT hlc FROM column_versions WHERE table_name = ? AND row_id = ? AND column_name = ?')
      .pluck();
    this.setVersion = db.prepare(
      `INSERT INTO column_versions (table_name, row_id, column_name, hlc) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
    );
    this.insertEdit = db.prepare(
      `INSERT OR IGNORE INTO column_edits (table_name, row_id, column_name, hlc, base, value) VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  version(table: string, rowId: string, column: string): string | null {
    return (this.getVersion.get(table, rowId, column) as string | undefined) ?? null;
  }

  set(table: string, rowId: string, column: string, hlc: string): void {
    this.setVersion.run(table, rowId, column, hlc);
  }

  /** The versions the given columns hold now: the base of an edit about to overwrite them. */
  bases(table: string, rowId: string, columns: readonly string[]): Record<string, string | null> {
    return Object.fromEntries(columns.map((column) => [column, this.version(table, rowId, column)]));
  }

  recordEdit(table: string, rowId: string, column: string, hlc: string, base: string | null, value: ColumnValue): void {
    this.insertEdit.run(table, rowId, column, hlc, base, value);
  }
}
