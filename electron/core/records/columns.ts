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
