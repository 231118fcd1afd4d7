/**
 * What "nothing lost, nothing duplicated" means on the server, read straight
 * from its SQLite file: cursors of the facility run 1, 2, 3… without a gap;
 * each device's batch sequences run 1, 2, 3… in cursor order; and the batches
 * of a workstation carry exactly as many changes as its change log holds, so
 * no change went up twice (in two batches) and none was skipped.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { batchHeaderSchema } from '../../../shared/sync/wire';
import type { Workstation } from '../sync/support';

export interface StoredBatchInfo {
  cursor: number;
  deviceId: string;
  sequence: number;
  changeCount: number;
}

export function storedBatches(serverFile: string, facilityId: string): StoredBatchInfo[] {
  const db = new Database(serverFile, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT cursor, device_id, sequence, header FROM batches WHERE facility_id = ? ORDER BY cursor')
      .all(facilityId) as { cursor: number; device_id: string; sequence: number; header: string }[];
    return rows.map((row) => ({
      cursor: row.cursor,
      deviceId: row.device_id,
      sequence: row.sequence,
      changeCount: batchHeaderSchema.parse(JSON.parse(row.header)).changeCount,
    }));
  } finally {
    db.close();
  }
}

export function expectGapless(batches: readonly StoredBatchInfo[]): void {
  expect(batches.map((batch) => batch.cursor)).toEqual(batches.map((_, index) => index + 1));
  const byDevice = new Map<string, number[]>();
  for (const batch of batches) byDevice.set(batch.deviceId, [...(byDevice.get(batch.deviceId) ?? []), batch.sequence]);
  for (const sequences of byDevice.values()) expect(sequences).toEqual(sequences.map((_, index) => index + 1));
}

/** Every change the workstation logged is in exactly one stored batch of it. */
export function expectEachChangeStoredOnce(batches: readonly StoredBatchInfo[], ws: Workstation): void {
  const logged = ws.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
  const stored = batches
    .filter((batch) => batch.deviceId === ws.core.services.workstationId)
    .reduce((sum, batch) => sum + batch.changeCount, 0);
  expect(stored).toBe(logged);
  expect(ws.sync.status().pendingChanges).toBe(0);
}

export function outboxSize(ws: Workstation): number {
  return ws.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
}

export function pullCursor(ws: Workstation): number {
  return ws.db.prepare('SELECT pull_cursor FROM sync_state').pluck().get() as number;
}
