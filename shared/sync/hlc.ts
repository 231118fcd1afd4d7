/**
 * Hybrid logical clocks (Kulkarni et al., 2014). Each change is stamped with
 * (wall time, counter, node): close to physical time, yet strictly increasing
 * on each node and consistent with causality across nodes, even when a
 * workstation's clock is wrong. Encoded as a fixed-width string whose
 * lexicographic order is the clock order.
 */
export interface HlcTimestamp {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

const WALL_DIGITS = 12; // hex milliseconds: enough until the year 10889
const COUNTER_DIGITS = 4;
const MAX_COUNTER = 0xffff;
const NODE_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export function encodeHlc({ wallMs, counter, node }: HlcTimestamp): string {
  return `${wallMs.toString(16).padStart(WALL_DIGITS, '0')}.${counter.toString(16).padStart(COUNTER_DIGITS, '0')}.${node}`;
}

export function decodeHlc(encoded: string): HlcTimestamp {
  const match = /^([0-9a-f]{12})\.([0-9a-f]{4})\.([A-Za-z0-9-]{1,64})$/.exec(encoded);
  if (match === null) throw new Error('Not a hybrid logical clock timestamp');
  const [, wall = '', counter = '', node = ''] = match;
  return { wallMs: parseInt(wall, 16), counter: parseInt(counter, 16), node };
}

/**
 * The node of a timestamp already known to be well formed (e.g. checked
 * against the wire format): a slice, where decodeHlc runs a regular
 * expression, for hot paths that check every change of a batch.
 */
export function nodeOfValidHlc(encoded: string): string {
  return encoded.slice(WALL_DIGITS + COUNTER_DIGITS + 2);
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class HybridLogicalClock {
  private wallMs = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly physicalNow: () => number = Date.now,
  ) {
    if (!NODE_PATTERN.test(node)) throw new Error('An HLC node id is 1–64 letters, digits or dashes');
  }

  /** Stamps a local event. */
  now(): string {
    const physical = this.physicalNow();
    if (physical > this.wallMs) {
      this.wallMs = physical;
      this.counter = 0;
    } else {
      this.bumpCounter();
    }
    return this.current();
  }

  /** Merges a timestamp received from another node; the result orders after both. */
  receive(remote: string): string {
    const other = decodeHlc(remote);
    const physical = this.physicalNow();
    const wall = Math.max(this.wallMs, other.wallMs, physical);
    if (wall === this.wallMs && wall === other.wallMs) {
      this.counter = Math.max(this.counter, other.counter);
      this.bumpCounter();
    } else if (wall === this.wallMs) {
      this.bumpCounter();
    } else if (wall === other.wallMs) {
      this.wallMs = wall;
      this.counter = other.counter;
      this.bumpCounter();
    } else {
      this.wallMs = wall;
      this.counter = 0;
    }
    return this.current();
  }

  /** How far this clock runs ahead of physical time (ms): large after receiving from a fast clock. */
  driftMs(): number {
    return this.wallMs - this.physicalNow();
  }

  private bumpCounter(): void {
    if (this.counter < MAX_COUNTER) {
      this.counter += 1;
    } else {
      // 65,536 events in one millisecond: borrow the next millisecond rather than wrap.
      this.wallMs += 1;
      this.counter = 0;
    }
  }

  private current(): string {
    return encodeHlc({ wallMs: this.wallMs, counter: this.counter, node: this.node });
  }
}
