/**
 * Phase timings of the minifier (`--perf`): milliseconds per phase, summed over files. The
 * pipeline measures only when asked (a `PhaseTimes` is passed), so normal runs pay nothing.
 */

/** The phases of one file, in pipeline order. */
export const PHASES = [
  "read",
  "decode",
  "parse",
  "snapshot",
  "model",
  "transforms",
  "print",
  "encode",
  "verify.reparse",
  "verify.compare",
  "verify.model",
  "verify.resolution",
] as const;

export type Phase = (typeof PHASES)[number];

/** Milliseconds per phase. */
export type PhaseTimes = Record<Phase, number>;

export function emptyPhaseTimes(): PhaseTimes {
  const t = {} as PhaseTimes;
  for (const p of PHASES) t[p] = 0;
  return t;
}

/** Adds `b` into `a`. */
export function addPhaseTimes(a: PhaseTimes, b: Readonly<PhaseTimes>): void {
  for (const p of PHASES) a[p] += b[p];
}

/** A stopwatch that charges the time since the last lap to a phase (no-op without `times`). */
export class Laps {
  private last = 0;

  constructor(private readonly times: PhaseTimes | null) {
    if (times) this.last = performance.now();
  }

  lap(phase: Phase): void {
    if (!this.times) return;
    const now = performance.now();
    this.times[phase] += now - this.last;
    this.last = now;
  }

  /** Restarts the watch without charging anything (time spent elsewhere). */
  reset(): void {
    if (this.times) this.last = performance.now();
  }
}
