/**
 * Which tables sync, how they merge, and which stay on this workstation. One
 * registry: change capture (writer or triggers), the batch validator and the
 * merge all read it, and a test checks that every table in the store is listed
 * here exactly once, so a new table cannot be forgotten.
 *
 * Kinds:
 * - `mutable`: rows change in place; each column merges on its own, last writer
 *   wins by HLC (the HLC string ends with the writing device's id, so ties
 *   cannot happen). Deletes are tombstones (`deleted_at`, itself a column).
 * - `append-only`: rows are inserted once and never changed.
 * - `link`: rows with a composite primary key (user ↔ role); a row exists or
 *   not, last writer wins on existence per key.
 *
 * A table captured by triggers has them generated from its columns at migration
 * time (`capture.ts`): a later migration that adds a column to one of them must
 * call `recreateCaptureTriggers` for it.
 */

export type SyncKind = 'mutable' | 'append-only' | 'link';

export interface SyncTableSpec {
  readonly name: string;
  readonly kind: SyncKind;
  /** `writer`: RecordWriter logs changes; `trigger`: SQLite triggers log plain SQL writes. */
  readonly capture: 'writer' | 'trigger';
  /** Primary key columns; one for mutable and append-only tables. */
  readonly key: readonly string[];
  /** Columns that never leave this workstation (audit_log.seq: its local order). */
  readonly localColumns?: readonly string[];
  /**
   * The key is chosen by people or code (a setting's name), not a fresh UUID,
   * so two workstations may insert the same row concurrently: inserts then merge
   * and conflict like edits.
   */
  readonly naturalKey?: boolean;
  /**
   * Columns with a UNIQUE constraint that two offline workstations could both
   * claim (a username). On a clash the row with the greater id gives way: its
   * value gets a `#` suffix, the same on every workstation, and a conflict is
   * logged for an administrator.
   */
  readonly uniqueColumns?: readonly string[];
}

const writerTable = (name: string, kind: 'mutable' | 'append-only', extra: Partial<SyncTableSpec> = {}) => ({
  name,
  kind,
  capture: 'writer' as const,
  key: ['id'],
  ...extra,
});

/** Every synced table, parents before children (the order a fresh workstation applies a backfill in). */
export const SYNCED_TABLES: readonly SyncTableSpec[] = [
  // Identity and administration, written by plain SQL: captured by triggers.
  { name: 'organization', kind: 'mutable', capture: 'trigger', key: ['id'] },
  { name: 'facility', kind: 'mutable', capture: 'trigger', key: ['id'] },
  { name: 'users', kind: 'mutable', capture: 'trigger', key: ['id'], uniqueColumns: ['username_key'] },
  { name: 'user_roles', kind: 'link', capture: 'trigger', key: ['user_id', 'role'] },
  { name: 'user_permission_overrides', kind: 'link', capture: 'trigger', key: ['user_id', 'permission'] },
  { name: 'recovery_codes', kind: 'link', capture: 'trigger', key: ['user_id', 'code_hash'] },
  { name: 'settings', kind: 'mutable', capture: 'trigger', key: ['key'], naturalKey: true },
  { name: 'shifts', kind: 'mutable', capture: 'trigger', key: ['id'] },
  { name: 'clock_events', kind: 'mutable', capture: 'trigger', key: ['id'] },
  { name: 'break_glass_grants', kind: 'mutable', capture: 'trigger', key: ['id'] },
  // Raised on the workstation where the event happened; acknowledging one anywhere clears it everywhere.
  { name: 'security_alerts', kind: 'mutable', capture: 'trigger', key: ['id'] },
  // Each workstation's hash chain arrives in its own order (batches of one device are applied in
  // sequence, changes in log order), so AuditRepository.verify walks every chain intact.
  { name: 'audit_log', kind: 'append-only', capture: 'trigger', key: ['id'], localColumns: ['seq'] },
  // Clinical records, written through RecordWriter.
  // Patient numbers carry the workstation's code, so they clash only if two codes do.
  writerTable('patients', 'mutable', { uniqueColumns: ['patient_number'] }),
  writerTable('patient_identifiers', 'mutable'),
  writerTable('visits', 'mutable'),
  writerTable('vital_signs', 'append-only'),
  writerTable('consents', 'append-only'),
  writerTable('clinical_notes', 'append-only'),
  writerTable('appointments', 'mutable'),
  writerTable('patient_allergies', 'mutable'),
  writerTable('diagnoses', 'append-only'),
  writerTable('prescriptions', 'mutable'),
  writerTable('dispensings', 'append-only'),
  writerTable('lab_orders', 'mutable'),
  writerTable('lab_results', 'append-only'),
];

/**
 * Tables that never sync, and why. Anything matching `LOCAL_TABLE_PATTERNS`
 * (SQLite's and FTS5's own) is local too.
 */
export const LOCAL_TABLES: Readonly<Record<string, string>> = {
  schema_migrations: "this store's schema version",
  workstation: "this workstation's own id",
  workstation_counters: 'per-workstation counters (patient numbers carry the workstation code instead)',
  change_log: "this workstation's outgoing changes",
  column_versions: 'merge bookkeeping, rebuilt identically on every workstation from the changes',
  column_edits: 'merge bookkeeping: the edit history conflicts are judged from',
  audit_chain_anchor: "where this workstation's purge cut each chain; purges are local",
  audit_purge_window: 'transient marker during a purge',
  patient_search: 'search index derived from patients and identifiers, rebuilt on apply',
  sync_state: "this workstation's sync identity, keys and cursors",
  sync_keys: 'the facility keyring, which travels only sealed',
  sync_sealed: 'which devices this workstation has sealed its keyring to',
  sync_outbox: 'sealed batches waiting for the server',
  sync_conflicts: 'conflicts detected here (the same set everywhere), reviewed locally',
  sync_pending: 'changes waiting for the row they change',
  sync_deferred_indexes: 'indexes this workstation builds when its initial sync completes',
};

export const LOCAL_TABLE_PATTERNS: readonly RegExp[] = [/^sqlite_/, /^patient_search_/];

const BY_NAME = new Map(SYNCED_TABLES.map((table) => [table.name, table]));

export function syncedTable(name: string): SyncTableSpec | undefined {
  return BY_NAME.get(name);
}

export function isLocalTable(name: string): boolean {
  return name in LOCAL_TABLES || LOCAL_TABLE_PATTERNS.some((pattern) => pattern.test(name));
}

/** Columns a writer-captured row sets once at insert and never changes; they carry no version. */
export const WRITER_FIXED_COLUMNS: readonly string[] = ['id', 'facility_id', 'created_at', 'created_by'];

/** The row-level HLC column of writer-captured tables: the greatest version of any of its columns. */
export const ROW_HLC_COLUMN = 'hlc';

/** The version key used for a link row's existence. */
export const LINK_EXISTENCE_COLUMN = '';

/** Columns of a mutable row that carry their own version and merge on their own. */
export function isVersionedColumn(spec: SyncTableSpec, column: string): boolean {
  if (spec.key.includes(column)) return false;
  if (spec.capture === 'writer') return !WRITER_FIXED_COLUMNS.includes(column) && column !== ROW_HLC_COLUMN;
  return true;
}

/** A row's id in the change log: the key itself, or for a composite key the JSON array of its parts. */
export function rowIdOf(spec: SyncTableSpec, row: Readonly<Record<string, unknown>>): string {
  if (spec.key.length === 1) return String(row[spec.key[0] ?? '']);
  return JSON.stringify(spec.key.map((column) => row[column]));
}
