import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { commandNames, type CommandName } from '../../../shared/api/contract';
import { failure, type CommandResult, type ErrorCode } from '../../../shared/api/errors';
import { workstationContract, type WorkstationStatus } from '../../../shared/api/workstation';
import { startCore, type Core, type WorkstationUnlock } from '../app';
import type { CoreLogger } from '../commands/dispatcher';
import { StoreError } from '../db/errors';
import type { KeyProvider } from '../db/key-provider';
import { DEFAULT_ARGON2_PARAMS, PassphraseKeyProvider, type Argon2Params } from '../db/passphrase-key-provider';

export const KEYCHAIN_KEY_FILE = 'workstation.key';
export const PASSPHRASE_KEY_FILE = 'workstation-passphrase.key';

export interface WorkstationHostOptions {
  dataDir: string;
  appVersion: string;
  /** Builds the OS-keychain provider for a key file, or null where no usable keychain exists. */
  osKeychain: ((keyFilePath: string) => KeyProvider) | null;
  passphraseParams?: Argon2Params;
  clock?: () => Date;
  logger?: CoreLogger;
  /** Run the automatic sync loop once the store is open (it idles until the workstation is connected). */
  startSync?: boolean;
}

type WorkstationCommand = keyof typeof workstationContract;

const MAX_UNLOCK_DELAY_S = 30;
const MAX_REMEMBERED_FAILURES = 100;

/**
 * Owns the workstation's lifecycle: which key protects it, unlocking the
 * encrypted store, and then handing every command to the core's dispatcher.
 * Until the store is open only the workstation.* commands answer; everything
 * else is refused, since no record can be read and no audit entry written yet.
 */
export class WorkstationHost {
  private core: Core | null = null;
  private failedMessage: string | null = null;
  private failedUnlocks = 0;
  /** Wrong passphrases since the last unlock, audited once the store is open (it cannot be written before). */
  private failedUnlockTimes: Date[] = [];
  private nextUnlockAt = 0;
  private readonly clock: () => Date;

  private constructor(private readonly options: WorkstationHostOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Opens at once when the OS keychain holds (or may create) the key; otherwise waits for a passphrase. */
  static async start(options: WorkstationHostOptions): Promise<WorkstationHost> {
    const host = new WorkstationHost(options);
    const keychainFile = join(options.dataDir, KEYCHAIN_KEY_FILE);
    const protectedByKeychain = existsSync(keychainFile);
    const protectedByPassphrase = existsSync(join(options.dataDir, PASSPHRASE_KEY_FILE));
    if (protectedByKeychain && options.osKeychain === null) {
      host.failedMessage =
        "This workstation's key is kept in the operating system's keychain, which is not available now. " +
        'Sign in to the computer as the user who set Zahanati up, or rebuild the workstation with its recovery kit.';
    } else if (options.osKeychain !== null && (protectedByKeychain || !protectedByPassphrase)) {
      await host
        .open(options.osKeychain(keychainFile), 'workstation.keychain')
        .catch((error: unknown) => host.fail(error));
    }
    return host;
  }

  /** Every command name the renderer may call, for IPC registration. */
  get commandNames(): readonly CommandName[] {
    return commandNames;
  }

  /** The open core, for the process that owns this host (tests, shutdown). */
  get openCore(): Core | null {
    return this.core;
  }

  status(): WorkstationStatus {
    if (this.core !== null) return { state: 'open' };
    if (this.failedMessage !== null) return { state: 'failed', message: this.failedMessage };
    return existsSync(join(this.options.dataDir, PASSPHRASE_KEY_FILE))
      ? { state: 'needs-passphrase' }
      : { state: 'needs-new-passphrase' };
  }

  async dispatch(callerId: string, name: unknown, input: unknown): Promise<CommandResult<unknown>> {
    if (isWorkstationCommand(name)) return this.runWorkstationCommand(name, input);
    if (this.core === null) return failure('LOCKED', 'Unlock this workstation first.');
    return this.core.dispatch(callerId, name, input);
  }

  close(): void {
    this.core?.close();
    this.core = null;
  }

  private async runWorkstationCommand(name: WorkstationCommand, input: unknown): Promise<CommandResult<unknown>> {
    const parsed = workstationContract[name].input.safeParse(input);
    if (!parsed.success) {
      return failure(
        'VALIDATION',
        'Some details are missing or not valid. Check the highlighted fields.',
        parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
      );
    }
    if (name === 'workstation.status') return { ok: true, value: this.status() };
    const { passphrase } = parsed.data as z.infer<(typeof workstationContract)['workstation.unlock']['input']>;
    return name === 'workstation.unlock' ? this.unlock(passphrase) : this.createPassphrase(passphrase);
  }

  private async unlock(passphrase: string): Promise<CommandResult<unknown>> {
    const expected = this.status().state;
    if (expected !== 'needs-passphrase') return this.wrongState(expected);
    const waitSeconds = Math.ceil((this.nextUnlockAt - this.clock().getTime()) / 1000);
    if (waitSeconds > 0) {
      return failure('LOCKED', `Too many wrong passphrases. Wait ${waitSeconds} seconds and try again.`);
    }
    try {
      await this.open(this.passphraseProvider(passphrase), 'workstation.unlock');
      return { ok: true, value: this.status() };
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'WRONG_PASSPHRASE') {
        this.failedUnlocks += 1;
        if (this.failedUnlockTimes.length < MAX_REMEMBERED_FAILURES) this.failedUnlockTimes.push(this.clock());
        const delaySeconds = Math.min(2 ** (this.failedUnlocks - 1), MAX_UNLOCK_DELAY_S);
        this.nextUnlockAt = this.clock().getTime() + delaySeconds * 1000;
        return failure('UNAUTHENTICATED', error.message);
      }
      return this.fail(error);
    }
  }

  private async createPassphrase(passphrase: string): Promise<CommandResult<unknown>> {
    const expected = this.status().state;
    if (expected !== 'needs-new-passphrase') return this.wrongState(expected);
    try {
      await this.open(this.passphraseProvider(passphrase), 'workstation.createPassphrase');
      return { ok: true, value: this.status() };
    } catch (error) {
      return this.fail(error);
    }
  }

  private passphraseProvider(passphrase: string): PassphraseKeyProvider {
    return new PassphraseKeyProvider(
      join(this.options.dataDir, PASSPHRASE_KEY_FILE),
      passphrase,
      this.options.passphraseParams ?? DEFAULT_ARGON2_PARAMS,
    );
  }

  private async open(keyProvider: KeyProvider, command: WorkstationUnlock['command']): Promise<void> {
    const core = await startCore({
      dataDir: this.options.dataDir,
      keyProvider,
      appVersion: this.options.appVersion,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      ...(this.options.startSync === true ? { startSync: true } : {}),
    });
    await core.recordUnlock({ command, openedAt: this.clock(), failedAt: this.failedUnlockTimes });
    this.core = core;
    this.failedUnlocks = 0;
    this.failedUnlockTimes = [];
  }

  private fail(error: unknown): CommandResult<unknown> {
    const message =
      error instanceof StoreError
        ? error.message
        : 'The records on this workstation could not be opened. Restart Zahanati; if it keeps happening, call IT support.';
    if (!(error instanceof StoreError)) {
      this.options.logger?.error('workstation_open_failed', {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
    this.failedMessage = message;
    return failure('INTERNAL', message);
  }

  private wrongState(state: WorkstationStatus['state']): CommandResult<unknown> {
    const code: ErrorCode = 'CONFLICT';
    return failure(
      code,
      state === 'open' ? 'This workstation is already unlocked.' : 'This workstation is not waiting for that step.',
    );
  }
}

function isWorkstationCommand(name: unknown): name is WorkstationCommand {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(workstationContract, name);
}
