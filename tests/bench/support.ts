/**
 * What every benchmark shares: the --quick switch, one JSON line per figure on
 * stdout (nothing else goes there, so the output can be piped into a tool),
 * progress on stderr, percentiles and timers.
 */

export const quick = process.argv.includes('--quick');

/** `full` at full size, a tenth of it with --quick. */
export function sized(full: number): number {
  return quick ? Math.max(1, Math.round(full / 10)) : full;
}

export function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, ...extra }));
}

/** A progress line for the person watching; stderr, so stdout stays pure JSON lines. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timedMs<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { ms: msSince(start), value };
}

/** Rounds to 3 decimals for the extra fields of a JSON line. */
export const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Runs `main`; a failure prints its stack on stderr (the data is synthetic) and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
