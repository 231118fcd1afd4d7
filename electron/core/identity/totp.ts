import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_PERIOD_S = 30;
const ISSUER = 'Zahanati';

export interface TotpEnrollment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

/** RFC 6238 codes: 6 digits, 30 s, SHA-1, as every authenticator app expects. */
export async function newTotpEnrollment(accountLabel: string): Promise<TotpEnrollment> {
  const secret = generateSecret();
  const otpauthUri = generateURI({ issuer: ISSUER, label: accountLabel, secret });
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { secret, otpauthUri, qrCodeDataUrl };
}

/**
 * Accepts a code from the current step or one step either side, but only from
 * a step later than the last accepted one, so a code cannot be replayed.
 * Returns the accepted time step, or null.
 */
export function acceptTotp(secret: string, code: string, now: Date, lastAcceptedStep: number | null): number | null {
  const epoch = Math.floor(now.getTime() / 1000);
  const result = verifySync({
    secret,
    token: code,
    epoch,
    epochTolerance: TOTP_PERIOD_S,
    ...(lastAcceptedStep === null ? {} : { afterTimeStep: lastAcceptedStep }),
  });
  return result.valid ? Math.floor(epoch / TOTP_PERIOD_S) + result.delta : null;
}

const RECOVERY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const RECOVERY_CODE_COUNT = 10;

/** Ten single-use codes of 50 random bits each, formatted ABCDE-FGH23. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${characters.slice(0, 5).join('')}-${characters.slice(5).join('')}`;
  });
}

/** Codes carry 50 random bits, so a salted SHA-256 is enough; only the hash is kept. */
export function hashRecoveryCode(userId: string, code: string): string {
  const normalized = code.replace(/-/g, '').toUpperCase();
  return createHash('sha256').update(`${userId}:${normalized}`).digest('hex');
}
