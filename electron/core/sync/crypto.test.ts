import { describe, expect, it } from 'vitest';
import {
  enrollmentSecrets,
  generateDeviceKeys,
  newEnrollmentCode,
  newRecoverySecret,
  openFromDevice,
  openWithSecretKey,
  recoveryIdentity,
  sealToDevice,
  sealWithSecretKey,
} from './crypto';

const to = { facilityId: 'facility-1', deviceId: 'device-1' };
const plaintext = Buffer.from('the facility keyring');

describe('sealed envelopes', () => {
  it('open only for the device, facility and device id they were sealed to', () => {
    const recipient = generateDeviceKeys();
    const sealed = sealToDevice(plaintext, recipient.boxPublic, to);
    expect(openFromDevice(sealed, recipient.boxPrivate, to)).toEqual(plaintext);
    expect(openFromDevice(sealed, generateDeviceKeys().boxPrivate, to)).toBeNull();
    expect(openFromDevice(sealed, recipient.boxPrivate, { ...to, facilityId: 'facility-2' })).toBeNull();
    expect(openFromDevice(sealed, recipient.boxPrivate, { ...to, deviceId: 'device-2' })).toBeNull();
    const tampered = Buffer.from(sealed);
    tampered[40] = (tampered[40] ?? 0) ^ 1;
    expect(openFromDevice(tampered, recipient.boxPrivate, to)).toBeNull();
    // Each sealing uses a fresh ephemeral key and IV.
    expect(sealToDevice(plaintext, recipient.boxPublic, to).equals(sealed)).toBe(false);
  });

  it('sealed to an enrollment code open with the code however it is typed, and not with another', () => {
    const code = newEnrollmentCode();
    const secrets = enrollmentSecrets(code);
    if (secrets === null) throw new Error('unreadable code');
    const sealed = sealWithSecretKey(plaintext, secrets.envelopeKey, 'facility-1');
    const typed = enrollmentSecrets(code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o'));
    expect(typed?.codeId).toBe(secrets.codeId);
    expect(openWithSecretKey(sealed, typed?.envelopeKey ?? Buffer.alloc(32), 'facility-1')).toEqual(plaintext);
    expect(openWithSecretKey(sealed, secrets.envelopeKey, 'facility-2')).toBeNull();
    const other = enrollmentSecrets(newEnrollmentCode());
    expect(openWithSecretKey(sealed, other?.envelopeKey ?? Buffer.alloc(32), 'facility-1')).toBeNull();
  });
});

describe('typed secrets', () => {
  it('enrollment codes carry at least 100 random bits and never reveal themselves through their id', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newEnrollmentCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code.replace(/-/g, '')).toMatch(/^[0-9A-HJKMNP-TV-Z]{24}$/); // 24 × 5 = 120 bits
      expect(enrollmentSecrets(code)?.codeId).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(enrollmentSecrets('ABCD-EFGH')).toBeNull();
    expect(enrollmentSecrets('UUUU-UUUU-UUUU-UUUU-UUUU-UUUU')).toBeNull();
  });

  it('a recovery secret gives the same recovery device for the same facility, and another for another', () => {
    const secret = newRecoverySecret();
    const first = recoveryIdentity(secret, 'facility-1');
    const again = recoveryIdentity(secret.toLowerCase(), 'facility-1');
    const elsewhere = recoveryIdentity(secret, 'facility-2');
    expect(again?.deviceId).toBe(first?.deviceId);
    expect(again?.keys.signPublic).toEqual(first?.keys.signPublic);
    expect(again?.keys.boxPublic).toEqual(first?.keys.boxPublic);
    expect(elsewhere?.deviceId).not.toBe(first?.deviceId);
    expect(first?.deviceId).toMatch(/^recovery-[0-9a-f]{32}$/);
    const sealed = sealToDevice(plaintext, first?.keys.boxPublic ?? Buffer.alloc(32), to);
    expect(openFromDevice(sealed, again?.keys.boxPrivate ?? generateDeviceKeys().boxPrivate, to)).toEqual(plaintext);
  });
});
