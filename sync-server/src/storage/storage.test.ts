/**
 * The redemption rules shared by both adapters, where the adapters cannot easily be driven: a
 * redeemed code whose keyring a purge has dropped, seen by a server whose clock was set back.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DROPPED_ENVELOPE, type EnrollmentState, judgeRedemption, type DeviceRecord } from './storage';

const NOW = 1_700_000_000_000;
const keys = { id: 'ws-new', publicKey: randomBytes(32), boxPublicKey: randomBytes(32), enrolledAt: NOW };
const registered: DeviceRecord = {
  ...keys,
  facilityId: 'facility-a',
  kind: 'workstation',
  status: 'active',
  revokedAt: null,
};

function redeemedCode(envelope: Buffer): EnrollmentState {
  return { facilityId: 'facility-a', sealed: { keyId: 'k1', envelope }, expiresAt: NOW + 1000, redeemedBy: 'ws-new' };
}

describe('judgeRedemption', () => {
  it("answers its redeemer's retry before expiry with the sealed keyring", () => {
    const envelope = randomBytes(48);
    expect(judgeRedemption(redeemedCode(envelope), registered, keys)).toMatchObject({
      kind: 'redeemed',
      retry: true,
      sealed: { envelope },
    });
  });

  it('tells even its redeemer "used" once the keyring was dropped, never handing out an empty one', () => {
    expect(judgeRedemption(redeemedCode(DROPPED_ENVELOPE), registered, keys)).toEqual({ kind: 'used' });
  });
});
