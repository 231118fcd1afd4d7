/**
 * Replay protection's memory: every signed request's nonce is recorded durably before the
 * request is served, so a replay is refused even after a restart or on another server instance
 * sharing the database.
 *
 * Recording a nonce is a durable write. Rather than one transaction (and one fsync) per
 * request, the nonces of all requests that reach this point in one turn of the event loop are
 * recorded together, in one storage call; each request waits for that commit. Under load many
 * requests share one commit; alone, a request waits only for its own.
 */
import { type NonceUse, type SyncStorage } from './storage/storage';

/** At most this many nonces go into one storage call. */
const MAX_GROUP = 500;
/** Forget expired nonces at most this often; they cost only a little disk until then. */
const DEFAULT_FORGET_EVERY_MS = 60_000;

interface Waiting {
  use: NonceUse;
  resolve: (fresh: boolean) => void;
  reject: (error: unknown) => void;
}

export class NonceLedger {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private lastForgetAt = Number.NEGATIVE_INFINITY;

  /**
   * @param retentionMs how long a nonce is remembered: a request whose timestamp is older than
   *   that is refused by the timestamp window anyway.
   */
  constructor(
    private readonly storage: SyncStorage,
    private readonly retentionMs: number,
    private readonly forgetEveryMs = DEFAULT_FORGET_EVERY_MS,
  ) {}

  /** Records the nonce; resolves true once it is durably stored, false when the device used it before. */
  use(deviceId: string, nonce: string, seenAt: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ use: { deviceId, nonce, seenAt }, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.waiting;
    this.waiting = [];
    for (let from = 0; from < all.length; from += MAX_GROUP) {
      void this.record(all.slice(from, from + MAX_GROUP));
    }
  }

  private async record(group: readonly Waiting[]): Promise<void> {
    try {
      await this.forgetExpired(group[0]?.use.seenAt ?? 0);
      const fresh = await this.storage.useNonces(group.map((w) => w.use));
      group.forEach((w, index) => w.resolve(fresh[index] === true));
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }

  private async forgetExpired(now: number): Promise<void> {
    if (now - this.lastForgetAt < this.forgetEveryMs) return;
    this.lastForgetAt = now;
    await this.storage.forgetNonces(now - this.retentionMs);
  }
}
