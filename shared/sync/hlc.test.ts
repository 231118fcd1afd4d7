import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc, encodeHlc, HybridLogicalClock, nodeOfValidHlc } from './hlc';

const node = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const timestamp = fc.record({
  wallMs: fc.integer({ min: 0, max: 2 ** 47 }),
  counter: fc.integer({ min: 0, max: 0xffff }),
  node,
});

type Step =
  { kind: 'tick'; advance: number } | { kind: 'receive'; remote: { wallMs: number; counter: number; node: string } };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), advance: fc.integer({ min: -5_000, max: 5_000 }) }),
  fc.record({ kind: fc.constant('receive' as const), remote: timestamp }),
);

describe('hybrid logical clock', () => {
  it('round-trips through its string form, whose order is the (wall, counter, node) order', () => {
    fc.assert(
      fc.property(timestamp, timestamp, (a, b) => {
        expect(decodeHlc(encodeHlc(a))).toEqual(a);
        expect(nodeOfValidHlc(encodeHlc(a))).toBe(a.node);
        const tupleOrder =
          a.wallMs - b.wallMs || a.counter - b.counter || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
        expect(Math.sign(compareHlc(encodeHlc(a), encodeHlc(b)))).toBe(Math.sign(tupleOrder));
      }),
    );
  });

  it('only ever moves forward, whatever the physical clock does and whatever it receives', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), fc.integer({ min: 0, max: 2 ** 46 }), (steps, start) => {
        let physical = start;
        const clock = new HybridLogicalClock('ws-a', () => physical);
        let last = clock.now();
        for (const s of steps) {
          let next: string;
          if (s.kind === 'tick') {
            physical = Math.max(0, physical + s.advance);
            next = clock.now();
          } else {
            const remote = encodeHlc(s.remote);
            next = clock.receive(remote);
            expect(compareHlc(next, remote)).toBeGreaterThan(0);
          }
          expect(compareHlc(next, last)).toBeGreaterThan(0);
          last = next;
        }
      }),
    );
  });

  it('stays at physical time when nothing runs ahead of it', () => {
    let physical = 1_000;
    const clock = new HybridLogicalClock('ws-a', () => physical);
    expect(decodeHlc(clock.now())).toEqual({ wallMs: 1_000, counter: 0, node: 'ws-a' });
    expect(decodeHlc(clock.now())).toEqual({ wallMs: 1_000, counter: 1, node: 'ws-a' });
    physical = 2_000;
    expect(decodeHlc(clock.now())).toEqual({ wallMs: 2_000, counter: 0, node: 'ws-a' });
  });

  it('follows a workstation whose clock is days ahead, and reports the drift', () => {
    const threeDays = 3 * 24 * 3_600_000;
    const slow = new HybridLogicalClock('slow', () => 1_000_000);
    const fast = new HybridLogicalClock('fast', () => 1_000_000 + threeDays);
    const received = slow.receive(fast.now());
    expect(decodeHlc(received).wallMs).toBe(1_000_000 + threeDays);
    expect(slow.driftMs()).toBe(threeDays);
    expect(compareHlc(slow.now(), received)).toBeGreaterThan(0);
  });

  it('borrows the next millisecond instead of overflowing the counter', () => {
    const clock = new HybridLogicalClock('ws-a', () => 5);
    let last = clock.now();
    for (let event = 0; event < 0x10000 + 10; event += 1) {
      const next = clock.now();
      expect(next > last).toBe(true);
      last = next;
    }
    expect(decodeHlc(last).wallMs).toBe(6);
  });

  it('refuses malformed timestamps and node ids', () => {
    expect(() => decodeHlc('yesterday')).toThrow(/Not a hybrid logical clock/);
    expect(() => new HybridLogicalClock('bad node!')).toThrow(/node id/);
  });
});
