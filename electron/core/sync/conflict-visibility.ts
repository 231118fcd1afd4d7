import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PermissionKey } from '../../../shared/security/permissions';
import { SENSITIVITY_CATEGORIES, type Sensitivity } from '../../../shared/security/sensitivity';
import { canSee, type SensitivityScope } from '../access/sensitivity';
import type { Session } from '../access/session';
import { ALLERGIES } from '../allergies/schema';
import { APPOINTMENTS } from '../consent/schema';
import { LAB_ORDERS } from '../labs/schema';
import { PATIENT_IDENTIFIERS, PATIENTS } from '../patients/schema';
import { PRESCRIPTIONS } from '../prescriptions/schema';
import type { SyncedTable } from '../records/writer';
import { VISITS } from '../visits/schema';

/**
 * Where a conflicting row's patient and sensitivity are found, and which
 * permission reading it needs. Only the mutable clinical tables are listed:
 * they are the only ones whose edits can lose (append-only rows never
 * conflict). A conflict on any other table (accounts, settings, whatever sync
 * adds later) never shows its values: an allowlist fails closed.
 */
interface ConflictSource {
  readonly table: SyncedTable;
  readonly permission: PermissionKey;
  /** The row is the patient itself, or belongs to one through patient_id. */
  readonly patientColumn: 'id' | 'patient_id';
  /** The row carries its own sensitivity (a prescription of an ARV, an HIV test order). */
  readonly ownSensitivity: boolean;
}

const SOURCES: readonly ConflictSource[] = [
  { table: PATIENTS, permission: 'patients.read', patientColumn: 'id', ownSensitivity: false },
  { table: PATIENT_IDENTIFIERS, permission: 'patients.read', patientColumn: 'patient_id', ownSensitivity: false },
  { table: ALLERGIES, permission: 'patients.read', patientColumn: 'patient_id', ownSensitivity: false },
  { table: APPOINTMENTS, permission: 'appointments.read', patientColumn: 'patient_id', ownSensitivity: false },
  { table: VISITS, permission: 'encounters.read', patientColumn: 'patient_id', ownSensitivity: false },
  { table: PRESCRIPTIONS, permission: 'prescriptions.read', patientColumn: 'patient_id', ownSensitivity: true },
  { table: LAB_ORDERS, permission: 'labs.read', patientColumn: 'patient_id', ownSensitivity: true },
];

const SOURCE_BY_TABLE = new Map(SOURCES.map((source) => [source.table.name, source]));

/**
 * Staff accounts: an administrator must see a username clash or a renamed
 * account, but never a password hash, an authenticator secret or lockout
 * bookkeeping, so only these columns show, and only to those who may list users.
 */
const ACCOUNT_COLUMNS: ReadonlyMap<string, { permission: PermissionKey; columns: ReadonlySet<string> }> = new Map([
  [
    'users',
    {
      permission: 'users.read',
      columns: new Set(['username', 'username_key', 'display_name', 'active', 'must_change_password']),
    },
  ],
]);

interface RowScope {
  patientId: string;
  patientSensitivity: string;
  rowSensitivity: string | null;
}

export interface ConflictValues {
  tableName: string;
  rowId: string;
  columnName: string;
  winningValue: string | null;
  losingValue: string | null;
}

/** What of a conflict the caller may see: its values and patient, or nothing beyond table, column, time and device. */
export interface VisibleConflict {
  values: { winning: string | null; losing: string | null } | null;
  patientId: string | null;
}

const HIDDEN: VisibleConflict = { values: null, patientId: null };

/**
 * Decides, conflict by conflict, whether the caller may see the values. The
 * record's current patient and sensitivity decide, as they do for every list
 * and chart; when anything is unknown (table, row, a sensitivity value) the
 * values stay hidden.
 */
export class ConflictVisibility {
  private readonly rows = new Map<string, RowScope | null>();

  constructor(
    private readonly db: Database,
    private readonly session: Session,
    private readonly scope: SensitivityScope,
  ) {}

  of(conflict: ConflictValues): VisibleConflict {
    const account = ACCOUNT_COLUMNS.get(conflict.tableName);
    if (account !== undefined) {
      const visible = this.session.permissions.has(account.permission) && account.columns.has(conflict.columnName);
      return visible
        ? { values: { winning: conflict.winningValue, losing: conflict.losingValue }, patientId: null }
        : HIDDEN;
    }
    const source = SOURCE_BY_TABLE.get(conflict.tableName);
    if (source === undefined || !this.session.permissions.has(source.permission)) return HIDDEN;
    const row = this.rowScope(source, conflict.rowId);
    if (row === null || !this.sees(row.patientSensitivity, row.patientId)) return HIDDEN;
    if (row.rowSensitivity !== null && !this.sees(row.rowSensitivity, row.patientId)) return HIDDEN;
    // A change of the sensitivity itself would otherwise tell which category the record had, or was to have.
    if (conflict.columnName === 'sensitivity') {
      for (const value of [conflict.winningValue, conflict.losingValue]) {
        if (value !== null && !this.sees(parseSensitivity(value), row.patientId)) return HIDDEN;
      }
    }
    return { values: { winning: conflict.winningValue, losing: conflict.losingValue }, patientId: row.patientId };
  }

  private sees(sensitivity: string | null, patientId: string): boolean {
    return sensitivity !== null && isSensitivity(sensitivity) && canSee(this.scope, { sensitivity, patientId });
  }

  private rowScope(source: ConflictSource, rowId: string): RowScope | null {
    const key = `${source.table.name}\u0000${rowId}`;
    if (!this.rows.has(key)) this.rows.set(key, this.readRowScope(source, rowId));
    return this.rows.get(key) ?? null;
  }

  /** Table and column names come from SOURCES above, never from the conflict log. */
  private readRowScope(source: ConflictSource, rowId: string): RowScope | null {
    const name = source.table.name;
    const sql =
      source.patientColumn === 'id'
        ? `SELECT p.id AS patientId, p.sensitivity AS patientSensitivity, NULL AS rowSensitivity
             FROM ${name} p WHERE p.id = ?`
        : `SELECT t.patient_id AS patientId, p.sensitivity AS patientSensitivity,
                  ${source.ownSensitivity ? 't.sensitivity' : 'NULL'} AS rowSensitivity
             FROM ${name} t JOIN ${PATIENTS.name} p ON p.id = t.patient_id WHERE t.id = ?`;
    const row = this.db.prepare(sql).get(rowId) as RowScope | undefined;
    return row ?? null;
  }
}

function isSensitivity(value: string): value is Sensitivity {
  return (SENSITIVITY_CATEGORIES as readonly string[]).includes(value);
}

/** Conflict values are stored as JSON text; a sensitivity is a JSON string. */
function parseSensitivity(json: string): string | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
