/**
 * Three workstations, each on its own encrypted store, and a real sync server
 * on loopback: they edit offline, sync, and end with identical data.
 */
import { describe, expect, it } from 'vitest';
import type { PatientDetailsInput, PatientSummary, PatientView } from '../../../shared/api/patients';
import {
  ADMIN,
  canonicalDump,
  conflictSet,
  firstWorkstation,
  joinedWorkstation,
  syncAll,
  type TestServer,
  type Workstation,
} from './support';
import { serverPerTest } from './server-per-test';

const AMINA: PatientDetailsInput = {
  familyName: 'Wanjiru',
  givenName: 'Amina',
  sex: 'female',
  birth: { kind: 'date', date: '1990-04-12' },
  phone: '0712 345 678',
  residence: { county: 'Kilifi' },
  identifiers: [{ type: 'national_id', value: '12345678' }],
};

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

async function facilityOfThree(): Promise<[Workstation, Workstation, Workstation]> {
  const a = await firstWorkstation(server, 'a');
  keep(a);
  const b = await joinedWorkstation(a, 'b');
  keep(b);
  const c = await joinedWorkstation(a, 'c');
  keep(c);
  return [a, b, c];
}

describe('three workstations', () => {
  it('join with the staff accounts of the facility, so its people can sign in anywhere', async () => {
    const [a, b, c] = await facilityOfThree();
    for (const ws of [b, c]) {
      expect(ws.sync.status()).toMatchObject({ configured: true, initialSyncDone: true, facilityId: a.facilityId() });
      expect(ws.core.services.identity.facility()).toEqual(a.core.services.identity.facility());
      await ws.signInOwner();
    }
  });

  it('edit the same patient offline, then converge to identical data with each losing edit logged everywhere', async () => {
    const [a, b, c] = await facilityOfThree();
    const patient = await a.ok<PatientView>(ADMIN, 'patients.register', { ...AMINA, confirmedNotDuplicate: true });
    await syncAll([a, b, c]);
    await b.signInOwner();
    await c.signInOwner();

    // Offline: A and B change the same field (B later), B and C change other fields.
    a.now += 1_000;
    await a.ok(ADMIN, 'patients.update', { ...AMINA, patientId: patient.id, phone: '0700000001' });
    b.now += 2_000;
    await b.ok(ADMIN, 'patients.update', {
      ...AMINA,
      patientId: patient.id,
      phone: '0700000002',
      residence: { county: 'Kilifi', village: 'Mtwapa' },
    });
    c.now += 3_000;
    await c.ok(ADMIN, 'patients.update', { ...AMINA, patientId: patient.id, middleName: 'Zawadi' });
    const registeredOnC = await c.ok<PatientView>(ADMIN, 'patients.register', {
      ...AMINA,
      givenName: 'Baraka',
      sex: 'male',
      phone: '0733 000 111',
      identifiers: [],
      confirmedNotDuplicate: true,
    });

    await syncAll([a, b, c]);

    const dumps = [a, b, c].map(canonicalDump);
    expect(dumps[1]).toBe(dumps[0]);
    expect(dumps[2]).toBe(dumps[0]);
    const merged = await a.ok<PatientView>(ADMIN, 'patients.get', { patientId: patient.id });
    expect(merged).toMatchObject({
      phone: '+254700000002',
      middleName: 'Zawadi',
      residence: { county: 'Kilifi', village: 'Mtwapa' },
    });
    // The losing edit is kept for review on every workstation, the same entry everywhere.
    for (const ws of [a, b, c]) {
      const conflicts = ws.sync.conflicts({ includeReviewed: false, limit: 50 });
      expect(conflicts.map((conflict) => [conflict.tableName, conflict.rowId, conflict.columnName])).toEqual([
        ['patients', patient.id, 'phone'],
      ]);
      expect(conflicts[0]).toMatchObject({
        losingValue: JSON.stringify('+254700000001'),
        winningValue: JSON.stringify('+254700000002'),
        losingDeviceId: a.core.services.workstationId,
      });
      expect(ws.sync.status().conflictsToReview).toBe(1);
    }
    expect(conflictSet(b)).toEqual(conflictSet(a));
    // Remotely applied patients are in each workstation's search index.
    const found = await a.ok<PatientSummary[]>(ADMIN, 'patients.search', { query: 'baraka' });
    expect(found.map((summary) => summary.id)).toEqual([registeredOnC.id]);
    const byPhone = await b.ok<PatientSummary[]>(ADMIN, 'patients.search', { query: '0700000002' });
    expect(byPhone.map((summary) => summary.id)).toEqual([patient.id]);
    // Every workstation's audit chain arrives whole and in order.
    for (const ws of [a, b, c]) expect(ws.core.services.audit.verify()).toMatchObject({ intact: true });
  });
});
