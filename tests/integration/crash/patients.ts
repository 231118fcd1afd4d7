import { ADMIN, type Workstation } from '../sync/support';

/**
 * Registers patients on the workstation until it has more than `pendingAbove`
 * changes waiting to be pushed (so a sync is several batches), and returns how
 * many patients it registered.
 */
export async function registerPatientsUntilPending(ws: Workstation, pendingAbove: number): Promise<number> {
  let count = 0;
  while (ws.sync.status().pendingChanges <= pendingAbove) {
    if (count >= 200) throw new Error('Registering patients logs no changes');
    await ws.ok(ADMIN, 'patients.register', {
      familyName: 'Chebet',
      givenName: `Neema ${count}`,
      sex: count % 2 === 0 ? 'female' : 'male',
      birth: { kind: 'date', date: '1995-02-14' },
      residence: { county: 'Bomet' },
      identifiers: [{ type: 'national_id', value: String(30_000_000 + count) }],
      confirmedNotDuplicate: true,
    });
    count += 1;
  }
  return count;
}
