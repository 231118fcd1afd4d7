/**
 * Property: whatever three workstations do offline (register patients, edit
 * columns, delete, record vitals), with their clocks apart and syncing in any
 * order, once everyone has synced they all hold identical data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATIENTS } from '../../../electron/core/patients/schema';
import type { WriteContext } from '../../../electron/core/records/writer';
import { canonicalDump, firstWorkstation, joinedWorkstation, syncAll, TestServer, type Workstation } from './support';

type Op =
  | { kind: 'register'; ws: number; name: string }
  | { kind: 'update'; ws: number; patient: number; column: 'phone' | 'village' | 'given_name'; value: string }
  | { kind: 'delete'; ws: number; patient: number }
  | { kind: 'vitals'; ws: number; patient: number; temperature: number }
  | { kind: 'sync'; ws: number }
  | { kind: 'tick'; ws: number; ms: number };

const ws = fc.integer({ min: 0, max: 2 });
const patient = fc.nat({ max: 5 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), ws, name: fc.constantFrom('Amina', 'Baraka', 'Zawadi', 'Juma') }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      ws,
      patient,
      column: fc.constantFrom('phone' as const, 'village' as const, 'given_name' as const),
      value: fc.constantFrom('A', 'B', 'C', 'D'),
    }),
  },
  fc.record({ kind: fc.constant('delete' as const), ws, patient }),
  fc.record({
    kind: fc.constant('vitals' as const),
    ws,
    patient,
    temperature: fc.integer({ min: 350, max: 400 }).map((t) => t / 10),
  }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), ws }) },
  // Clocks drift apart, forwards and back.
  fc.record({ kind: fc.constant('tick' as const), ws, ms: fc.integer({ min: -5_000, max: 60_000 }) }),
);

function context(w: Workstation): WriteContext {
  const owner = w.core.services.identity.listUsers()[0];
  return { facilityId: w.facilityId(), userId: owner?.id ?? '', now: new Date(w.now) };
}

function isLive(w: Workstation, id: string): boolean {
  return w.core.services.patients.exists(id);
}

/** One operation through the real repositories, in a transaction as a command would run it. */
function perform(w: Workstation, operation: Op, patients: string[]): void {
  const { services } = w.core;
  const ctx = context(w);
  const id = 'patient' in operation ? patients[operation.patient % Math.max(1, patients.length)] : undefined;
  w.db.transaction(() => {
    switch (operation.kind) {
      case 'register':
        patients.push(
          services.patients.register(
            {
              familyName: 'Wanjiru',
              givenName: operation.name,
              sex: 'female',
              birth: { kind: 'date', date: '1990-04-12' },
              residence: { county: 'Kilifi' },
              identifiers: [],
              sensitivity: 'none',
            },
            `11234-${w.name.toUpperCase()}-${String(services.records.nextCounter('patient_number')).padStart(5, '0')}`,
            ctx,
          ),
        );
        break;
      case 'update':
        if (id === undefined || !isLive(w, id)) return;
        services.records.update(PATIENTS, id, { [operation.column]: `${operation.value}-${w.name}` }, ctx);
        services.patients.reindex(id);
        break;
      case 'delete':
        if (id === undefined || !isLive(w, id)) return;
        services.records.softDelete(PATIENTS, id, ctx);
        services.patients.reindex(id);
        break;
      case 'vitals': {
        if (id === undefined || !isLive(w, id)) return;
        const visitId = services.visits.checkIn(id, null, ctx);
        services.vitals.record(id, visitId, { temperatureC: operation.temperature }, ctx);
        break;
      }
      default:
        break;
    }
  })();
}

describe('convergence', () => {
  it('holds for random operations on three workstations in random sync orders', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        const server = await TestServer.start();
        const all: Workstation[] = [];
        try {
          const a = await firstWorkstation(server, 'a');
          all.push(a);
          all.push(await joinedWorkstation(a, 'b'));
          all.push(await joinedWorkstation(a, 'c'));
          const patients: string[] = [];
          // Everyone starts from the same few patients, so offline edits meet.
          for (const name of ['Amina', 'Baraka', 'Zawadi']) perform(a, { kind: 'register', ws: 0, name }, patients);
          await syncAll(all);
          for (const operation of ops) {
            const w = all[operation.ws];
            if (w === undefined) continue;
            if (operation.kind === 'sync') await w.sync.syncNow();
            else if (operation.kind === 'tick') w.now += operation.ms;
            else perform(w, operation, patients);
          }
          await syncAll(all);
          const dumps = all.map(canonicalDump);
          expect(dumps[1]).toBe(dumps[0]);
          expect(dumps[2]).toBe(dumps[0]);
        } finally {
          for (const w of all) w.dispose();
          await server.close();
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
