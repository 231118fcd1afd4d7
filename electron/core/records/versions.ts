import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { ColumnValue } from './writer';

/**
 * A row written by RecordWriter records no version when it is inserted: until
 * its first edit every column holds the row's own HLC (its `hlc` column, which
 * only an edit moves). The first edit records that version under this name,
 * before the edited columns get their own, so every column not edited since
 * still finds it. Inserting or applying a new row then writes no bookkeeping.
 * Not a valid column name, so it never clashes with one.
 */
export const ROW_VERSION = '*';

/**
 * Per-column merge bookkeeping, shared by the local write path (RecordWriter,
 * the capture triggers do the same in SQL) and the sync merge:
 *
 * - `column_versions`: the HLC of the value a column holds now, or of the row
 *   (`ROW_VERSION`) for columns not edited since it was inserted; none at all
 *   for a row never edited (see `ROW_VERSION`).
 * - `column_edits`: every edit of a column that was made on a row that already
 *   existed, with its `base` (the version it overwrote, i.e. what its author had
 *   seen). Two edits conflict when the later one's base is older than the
 *   earlier one: its author had not seen it. Judging from the whole history,
 *   not from what a workstation happened to hold when a change arrived, makes
 *   every workstation find the same conflicts whatever order batches come in.
 */
export class ColumnVersions {
  private readonly getRowVersions: Statement;
  private readonly setVersion: Statement;
  private readonly insertEdit: Statement;

  constructor(db: Database) {
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

  /** Every version a row holds, in one read; `rowHlc` reads the row's own HLC, needed only if it holds none. */
  ofRow(table: string, rowId: string, rowHlc: () => string | null): RowVersions {
    const entries = this.getRowVersions.all(table, rowId) as [string, string][];
    return new RowVersions(entries, entries.length === 0 ? rowHlc() : null);
  }

  set(table: string, rowId: string, column: string, hlc: string): void {
    this.setVersion.run(table, rowId, column, hlc);
  }

  /**
   * Before columns of a row that held no version get their own: records the
   * version every column had, so those not edited now keep it.
   */
  keepImplicitVersion(table: string, rowId: string, held: RowVersions): void {
    if (held.implicit !== null) this.set(table, rowId, ROW_VERSION, held.implicit);
  }

  recordEdit(table: string, rowId: string, column: string, hlc: string, base: string | null, value: ColumnValue): void {
    this.insertEdit.run(table, rowId, column, hlc, base, value);
  }
}

/** The versions one row holds: each column's own, else the row's recorded one, else (never edited) its HLC. */
export class RowVersions {
  private readonly byColumn: ReadonlyMap<string, string>;

  constructor(
    entries: readonly (readonly [string, string])[],
    /** The row's HLC when it holds no recorded version, else null. */
    readonly implicit: string | null,
  ) {
    this.byColumn = new Map(entries);
  }

  of(column: string): string | undefined {
    return this.byColumn.get(column) ?? this.byColumn.get(ROW_VERSION) ?? this.implicit ?? undefined;
  }
}
