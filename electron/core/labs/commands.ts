import type { LabOrderView, LabResultView, LabWorklistEntry } from '../../../shared/api/labs';
import type { LabTest } from '../../../shared/api/reference';
import { callerScope } from '../access/caller-scope';
import { canSee, visibleRowsCondition } from '../access/sensitivity';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { ageInYears } from '../patients/repository';
import { writeContext } from '../records/context';
import { applicableLimits } from '../reference/load';
import { openVisit, visibleVisit } from '../visits/commands';
import { LAB_ORDERS, LAB_RESULTS } from './schema';

type OrderRow = {
  id: string;
  patient_id: string;
  visit_id: string;
  test_code: string;
  test_name: string;
  kind: LabOrderView['kind'];
  sensitivity: LabOrderView['sensitivity'];
  status: LabOrderView['status'];
  created_at: string;
  created_by: string;
  ordered_by_name: string | null;
  collected_at: string | null;
  /** Absent until the cancellation migration has run. */
  cancel_reason?: string | null;
};

type ResultRow = {
  id: string;
  value_numeric: number | null;
  value_coded: string | null;
  unit: string | null;
  flag: LabResultView['flag'];
  reference_text: string | null;
  created_at: string;
  created_by: string;
  resulted_by_name: string | null;
  supersedes_id: string | null;
  amendment_reason: string | null;
};

/** Orders and results with the display name of who wrote them (null when not known on this workstation). */
const ORDER_SELECT = `SELECT o.*, u.display_name AS ordered_by_name FROM lab_orders o LEFT JOIN users u ON u.id = o.created_by`;
const RESULTS_OF_ORDER = `SELECT r.*, u.display_name AS resulted_by_name FROM lab_results r
  LEFT JOIN users u ON u.id = r.created_by WHERE r.order_id = ? ORDER BY r.created_at, r.hlc`;

function toView(ctx: CommandContext, row: OrderRow): LabOrderView {
  const history = (ctx.store.db.prepare(RESULTS_OF_ORDER).all(row.id) as ResultRow[]).map((result): LabResultView => ({
    id: result.id,
    value: result.value_numeric ?? result.value_coded ?? '',
    unit: result.unit,
    flag: result.flag,
    referenceText: result.reference_text,
    resultedAt: result.created_at,
    resultedBy: result.created_by,
    resultedByName: result.resulted_by_name,
    supersedesId: result.supersedes_id,
    amendmentReason: result.amendment_reason,
  }));
  return {
    id: row.id,
    patientId: row.patient_id,
    visitId: row.visit_id,
    testCode: row.test_code,
    testName: row.test_name,
    kind: row.kind,
    sensitivity: row.sensitivity,
    status: row.status,
    orderedAt: row.created_at,
    orderedBy: row.created_by,
    orderedByName: row.ordered_by_name,
    collectedAt: row.collected_at,
    cancelReason: row.cancel_reason ?? null,
    result: history.at(-1) ?? null,
    history,
  };
}

function visibleOrder(ctx: CommandContext, orderId: string): OrderRow {
  const row = ctx.store.db.prepare(`${ORDER_SELECT} WHERE o.id = ? AND o.deleted_at IS NULL`).get(orderId) as
    OrderRow | undefined;
  if (row === undefined || !canSee(callerScope(ctx), { sensitivity: row.sensitivity, patientId: row.patient_id })) {
    throw new CommandError('NOT_FOUND', 'That lab order does not exist, or it is not available to your role.');
  }
  ctx.setAuditResource(row.id);
  ctx.setAuditPatient(row.patient_id);
  return row;
}

const reload = (ctx: CommandContext, orderId: string) => toView(ctx, visibleOrder(ctx, orderId));

/** Checks the value against the test and flags it against the range for this patient's sex and age. */
function interpret(ctx: CommandContext, test: LabTest, value: number | string, patientId: string) {
  const patient = ctx.store.db.prepare('SELECT sex, birth_date FROM patients WHERE id = ?').get(patientId) as {
    sex: string;
    birth_date: string;
  };
  if (test.kind === 'numeric' && typeof value !== 'number') {
    throw new CommandError('VALIDATION', `${test.name} needs a number in ${test.unit}.`, {
      issues: [{ path: 'value', message: 'Enter a number' }],
    });
  }
  if (test.kind === 'coded' && (typeof value !== 'string' || !test.options.includes(value))) {
    throw new CommandError('VALIDATION', `Choose one of: ${test.options.join(', ')}.`, {
      issues: [{ path: 'value', message: 'Not an option' }],
    });
  }
  const context = {
    sex: patient.sex as 'female' | 'male' | 'intersex',
    ageYears: ageInYears(patient.birth_date, ctx.now),
  };
  const flag = ctx.services.reference.flagResult(test, value, context);
  const limits = test.kind === 'numeric' ? applicableLimits(test.referenceRanges, context) : null;
  const referenceText =
    limits === null
      ? null
      : `${limits.low ?? ''}${limits.low !== undefined && limits.high !== undefined ? '–' : limits.low !== undefined ? '+' : '<'}${limits.high ?? ''}`;
  return {
    value_numeric: typeof value === 'number' ? value : null,
    value_coded: typeof value === 'string' ? value : null,
    unit: test.kind === 'numeric' ? test.unit : null,
    flag,
    reference_text: referenceText,
  };
}

function testOf(ctx: CommandContext, code: string): LabTest {
  const test = ctx.services.reference.labTest(code);
  if (test === undefined) throw new Error(`Lab test ${code} is no longer in the reference list`);
  return test;
}

export const listLabTests = defineCommand({
  name: 'reference.labTests',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'reference' },
  handler: (ctx) => [...ctx.services.reference.labTests],
});

export const orderLabs = defineCommand({
  name: 'labs.order',
  access: 'labs.order',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'lab_order' },
  handler(ctx, input) {
    const visit = openVisit(ctx, input.visitId);
    const unknown = input.testCodes.filter((code) => ctx.services.reference.labTest(code) === undefined);
    if (unknown.length > 0) {
      throw new CommandError('VALIDATION', 'Choose tests from the list.', {
        issues: [{ path: 'testCodes', message: `Unknown: ${unknown.join(', ')}` }],
      });
    }
    const ids = [...new Set(input.testCodes)].map((code) => {
      const test = testOf(ctx, code);
      return ctx.services.records.insert(
        LAB_ORDERS,
        {
          patient_id: visit.patientId,
          visit_id: visit.id,
          test_code: test.code,
          test_name: test.name,
          kind: test.kind,
          sensitivity: test.sensitivity,
          status: 'ordered',
          collected_at: null,
        },
        writeContext(ctx),
      );
    });
    ctx.setAuditRecordCount(ids.length);
    return ids.map((id) => reload(ctx, id));
  },
});

export const collectSample = defineCommand({
  name: 'labs.collect',
  access: 'labs.collect_sample',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'lab_order' },
  handler(ctx, input) {
    const order = visibleOrder(ctx, input.orderId);
    if (order.status === 'cancelled') throw new CommandError('CONFLICT', 'This order was cancelled.');
    if (order.status !== 'ordered')
      throw new CommandError('CONFLICT', 'The sample for this order was already collected.');
    ctx.services.records.update(
      LAB_ORDERS,
      order.id,
      { status: 'collected', collected_at: ctx.now.toISOString() },
      writeContext(ctx),
    );
    return reload(ctx, order.id);
  },
});

export const enterResult = defineCommand({
  name: 'labs.enterResult',
  access: 'labs.enter_result',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'lab_result' },
  handler(ctx, input) {
    const order = visibleOrder(ctx, input.orderId);
    if (order.status === 'resulted')
      throw new CommandError('CONFLICT', 'This order already has a result; amend it instead.');
    if (order.status === 'cancelled') throw new CommandError('CONFLICT', 'This order was cancelled.');
    const columns = interpret(ctx, testOf(ctx, order.test_code), input.value, order.patient_id);
    const write = writeContext(ctx);
    ctx.services.records.insert(
      LAB_RESULTS,
      {
        ...columns,
        order_id: order.id,
        patient_id: order.patient_id,
        sensitivity: order.sensitivity,
        supersedes_id: null,
        amendment_reason: null,
      },
      write,
    );
    ctx.services.records.update(
      LAB_ORDERS,
      order.id,
      { status: 'resulted', collected_at: order.collected_at ?? ctx.now.toISOString() },
      write,
    );
    return reload(ctx, order.id);
  },
});

export const amendResult = defineCommand({
  name: 'labs.amendResult',
  access: 'labs.enter_result',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'lab_result' },
  handler(ctx, input) {
    const order = visibleOrder(ctx, input.orderId);
    const current = toView(ctx, order).result;
    if (current === null) throw new CommandError('CONFLICT', 'This order has no result to amend yet.');
    const columns = interpret(ctx, testOf(ctx, order.test_code), input.value, order.patient_id);
    ctx.services.records.insert(
      LAB_RESULTS,
      {
        ...columns,
        order_id: order.id,
        patient_id: order.patient_id,
        sensitivity: order.sensitivity,
        supersedes_id: current.id,
        amendment_reason: input.reason,
      },
      writeContext(ctx),
    );
    ctx.setAuditPurpose(`amends ${current.id}`);
    return reload(ctx, order.id);
  },
});

export const cancelOrder = defineCommand({
  name: 'labs.cancel',
  access: 'labs.cancel_order',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'lab_order' },
  handler(ctx, input) {
    const order = visibleOrder(ctx, input.orderId);
    if (order.status === 'resulted')
      throw new CommandError('CONFLICT', 'This test already has a result; amend the result instead.');
    if (order.status === 'cancelled') throw new CommandError('CONFLICT', 'This order is already cancelled.');
    ctx.services.records.update(
      LAB_ORDERS,
      order.id,
      { status: 'cancelled', cancel_reason: input.reason },
      writeContext(ctx),
    );
    ctx.setAuditPurpose('lab order cancelled');
    return reload(ctx, order.id);
  },
});

/** Orders the caller may see, oldest first; `where` and its parameters come from this file, never from input. */
function orderRows(ctx: CommandContext, where: string, params: string[]): OrderRow[] {
  const visible = visibleRowsCondition(callerScope(ctx), { sensitivity: 'o.sensitivity', patientId: 'o.patient_id' });
  const rows = ctx.store.db
    .prepare(
      `${ORDER_SELECT} WHERE o.deleted_at IS NULL AND ${visible.sql} AND ${where} ORDER BY o.created_at, o.hlc LIMIT 500`,
    )
    .all(...visible.params, ...params) as OrderRow[];
  ctx.setAuditRecordCount(rows.length);
  return rows;
}

function listOrders(ctx: CommandContext, where: string, params: string[]): LabOrderView[] {
  return orderRows(ctx, where, params).map((row) => toView(ctx, row));
}

/**
 * Open orders across patients: each order is filtered by its own sensitivity
 * and by its patient's (a patient registered under HIV care stays hidden even
 * for an ordinary test), like every other list.
 */
function worklist(ctx: CommandContext): LabWorklistEntry[] {
  const scope = callerScope(ctx);
  const rows = orderRows(ctx, "o.status IN ('ordered', 'collected')", []);
  const entries = rows.flatMap((row): LabWorklistEntry[] => {
    const patient = ctx.services.patients.summary(row.patient_id, scope, ctx.now);
    const visit = ctx.services.visits.get(row.visit_id);
    if (patient === null || visit === null) return [];
    return [{ ...toView(ctx, row), patient, visitClosed: visit.closedAt !== null }];
  });
  ctx.setAuditRecordCount(entries.length);
  return entries;
}

export const labsForVisit = defineCommand({
  name: 'labs.forVisit',
  access: 'labs.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'lab_result' },
  handler: (ctx, input) => listOrders(ctx, 'o.visit_id = ?', [visibleVisit(ctx, input.visitId).id]),
});

export const labWorklist = defineCommand({
  name: 'labs.worklist',
  access: 'labs.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'lab_order' },
  handler: worklist,
});

export const labCommands = [
  listLabTests,
  orderLabs,
  collectSample,
  enterResult,
  amendResult,
  cancelOrder,
  labsForVisit,
  labWorklist,
] as const;
