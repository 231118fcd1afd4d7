import type { Sensitivity } from '../../../shared/security/sensitivity';
import { callerScope } from '../access/caller-scope';
import { canSee, visibleRowsCondition } from '../access/sensitivity';
import { CommandError, type CommandContext } from '../commands/types';
import { visibleVisit } from './commands';

/**
 * An append-only clinical record of a visit (diagnosis, note) read through a
 * SELECT that names the table `alias` and adds `superseded_by`: the newest
 * amendment of the row, or null while the row is the current version.
 */
type AmendableRow = {
  id: string;
  patient_id: string;
  visit_id: string;
  sensitivity: Sensitivity;
  superseded_by: string | null;
};

export type AmendableTable = {
  /** `SELECT … FROM <table> <alias> …`, without WHERE. */
  readonly select: string;
  readonly alias: string;
};

/** Plain-language refusals, naming the kind of record. */
export type AmendRefusals = { readonly missing: string; readonly superseded: string };

/**
 * The row a caller is about to amend, and its visit. A row the caller may not
 * see is refused exactly like a missing one, so the refusal reveals nothing;
 * only the current version may be amended, so history stays a single line.
 */
export function currentVersionToAmend<R extends AmendableRow>(
  ctx: CommandContext,
  table: AmendableTable,
  rowId: string,
  refusals: AmendRefusals,
): { row: R; visit: ReturnType<typeof visibleVisit> } {
  const row = ctx.store.db.prepare(`${table.select} WHERE ${table.alias}.id = ?`).get(rowId) as R | undefined;
  if (row === undefined || !canSee(callerScope(ctx), { sensitivity: row.sensitivity, patientId: row.patient_id })) {
    throw new CommandError('NOT_FOUND', refusals.missing);
  }
  if (row.superseded_by !== null) throw new CommandError('CONFLICT', refusals.superseded);
  const visit = visibleVisit(ctx, row.visit_id);
  ctx.setAuditPurpose(`amends ${row.id}`);
  return { row, visit };
}

/** Every version of a visit's rows in `table` that the caller may see, oldest first, counted in the audit entry. */
export function visibleRowsOfVisit<R>(ctx: CommandContext, table: AmendableTable, visitId: string): R[] {
  const visit = visibleVisit(ctx, visitId);
  const { alias } = table;
  const visible = visibleRowsCondition(callerScope(ctx), {
    sensitivity: `${alias}.sensitivity`,
    patientId: `${alias}.patient_id`,
  });
  const rows = ctx.store.db
    .prepare(
      `${table.select} WHERE ${alias}.visit_id = ? AND ${visible.sql} ORDER BY ${alias}.created_at, ${alias}.hlc`,
    )
    .all(visit.id, ...visible.params) as R[];
  ctx.setAuditRecordCount(rows.length);
  return rows;
}

/** One row by id through the table's SELECT, for the view a command returns after writing it. */
export function readRow<R>(ctx: CommandContext, table: AmendableTable, id: string): R {
  return ctx.store.db.prepare(`${table.select} WHERE ${table.alias}.id = ?`).get(id) as R;
}
