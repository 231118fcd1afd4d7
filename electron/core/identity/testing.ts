import { join } from 'node:path';
import { generateSync } from 'otplib';
import type { CommandResult } from '../../../shared/api/errors';
import { startCore, type Core } from '../app';
import { MIN_ARGON2_PARAMS, PassphraseKeyProvider } from '../db/passphrase-key-provider';
import type { PasswordHashParams } from './passwords';

export const OWNER = {
  username: 'amina.admin',
  displayName: 'Amina Wanjiru',
  password: 'Tembo-Kubwa-Anakula-Mahindi-42',
};
export const FACILITY = { name: 'Kilifi Dispensary', mflCode: '11234', county: 'Kilifi' };

/** A real core on a real encrypted store, with a clock the test moves. */
export class CoreHarness {
  now: number;
  private constructor(
    readonly dataDir: string,
    public core: Core,
    start: number,
  ) {
    this.now = start;
  }

  static async open(dataDir: string, start = Date.parse('2026-11-22T08:00:00Z'), passwordParams?: PasswordHashParams) {
    const harness = new CoreHarness(dataDir, undefined as unknown as Core, start);
    harness.core = await harness.startCore(passwordParams);
    return harness;
  }

  /** Closes and reopens the store, as an app restart would. */
  async restart(passwordParams?: PasswordHashParams): Promise<void> {
    this.core.close();
    this.core = await this.startCore(passwordParams);
  }

  advance(ms: number): void {
    this.now += ms;
  }

  call(caller: string, name: string, input: unknown = {}): Promise<CommandResult<unknown>> {
    return this.core.dispatch(caller, name, input);
  }

  /** Calls a command that must succeed and returns its value. */
  async ok<T = Record<string, unknown>>(caller: string, name: string, input: unknown = {}): Promise<T> {
    const result = await this.call(caller, name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.code} ${result.message}`);
    return result.value as T;
  }

  totp(secret: string, offsetSteps = 0): string {
    return generateSync({ secret, epoch: Math.floor(this.now / 1000) + offsetSteps * 30 });
  }

  async setUpFacility(): Promise<void> {
    await this.ok('setup', 'setup.complete', { organizationName: 'Pwani Health', facility: FACILITY, owner: OWNER });
  }

  async signInOwner(caller = 'owner-window'): Promise<void> {
    await this.ok(caller, 'auth.login', { username: OWNER.username, password: OWNER.password });
  }

  /** Enrolls the caller's user in MFA and returns the secret. */
  async enrollMfa(caller: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const { secret } = await this.ok<{ secret: string }>(caller, 'mfa.beginEnrollment');
    const { recoveryCodes } = await this.ok<{ recoveryCodes: string[] }>(caller, 'mfa.confirmEnrollment', {
      code: this.totp(secret),
    });
    this.advance(30_000);
    return { secret, recoveryCodes };
  }

  private startCore(passwordParams?: PasswordHashParams): Promise<Core> {
    return startCore({
      dataDir: this.dataDir,
      keyProvider: new PassphraseKeyProvider(
        join(this.dataDir, 'workstation.key'),
        'identity tests passphrase',
        MIN_ARGON2_PARAMS,
      ),
      appVersion: '1.0.0',
      clock: () => new Date(this.now),
      ...(passwordParams ? { passwordParams } : {}),
    });
  }
}
