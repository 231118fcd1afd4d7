/** The columns every synced table carries (DESIGN.md, sync design). */
export function syncedColumns(kind: 'mutable' | 'append-only'): string {
  const common = `
    id TEXT PRIMARY KEY,
    facility_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    deleted_at TEXT`;
  return kind === 'mutable' ? `${common},\n    updated_at TEXT` : common;
}

/** Clinical observations are never changed or removed, not even by a bug: the database refuses. */
export function appendOnlyTriggers(table: string): string {
  return `
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only: record an amendment instead'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only: record an amendment instead'); END;`;
}
