import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * The sandbox's simulated time. It runs with the wall clock by default (rate 1), can jump forward to an
 * instant or run faster (e.g. one simulated hour per wall second), and never moves backwards. It is the `now`
 * of every request the app handles in the sandbox, of the scheduler's ticks and of the Slack stand-in's message
 * timestamps. Its state is kept between runs (the time that passed while the sandbox was stopped passes too).
 */

export interface ClockState {
  /** Simulated time (ms since the epoch) at `wallMs`. */
  simMs: number;
  wallMs: number;
  /** Simulated milliseconds per wall millisecond. */
  rate: number;
}

export const clockState = z.object({ simMs: z.number().finite(), wallMs: z.number().finite(), rate: z.number().positive().finite() });

/** The fastest the clock runs: one simulated day per wall second. */
export const MAX_RATE = 86_400;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const INSTANT_EXAMPLE = '2026-12-07T09:00:00-05:00 (or …T14:00:00Z)';

/** An instant typed by a person: a date and time with its offset or Z; a wall-clock time alone is ambiguous. */
export function parseInstant(text: string): { ok: true; ms: number } | { ok: false; problem: string } {
  const s = text.trim();
  if (!INSTANT.test(s)) {
    return {
      ok: false,
      problem: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)
        ? `"${s}" has no offset, so it could be any time zone's: add one, e.g. ${INSTANT_EXAMPLE}`
        : `"${s}" is not an ISO-8601 instant: write it with its offset, e.g. ${INSTANT_EXAMPLE}`,
    };
  }
  // luxon, not Date: Date reads February 30 as March 2
  const parsed = DateTime.fromISO(s, { setZone: true });
  return parsed.isValid ? { ok: true, ms: parsed.toMillis() } : { ok: false, problem: `"${s}" is not a real date and time` };
}

export class SandboxClock {
  private anchor: ClockState;
  private last = 0;

  constructor(
    saved?: ClockState,
    private readonly wall: () => number = Date.now,
  ) {
    const w = this.wall();
    // after a restart: on from where it was, plus the wall time that passed meanwhile, at the normal rate
    const sim = saved ? Math.max(saved.simMs, saved.simMs + (w - saved.wallMs)) : w;
    this.anchor = { simMs: sim, wallMs: w, rate: 1 };
  }

  /** Simulated now (ms); never smaller than a value it returned before. */
  now(): number {
    const t = this.anchor.simMs + (this.wall() - this.anchor.wallMs) * this.anchor.rate;
    this.last = Math.max(this.last, Math.floor(t));
    return this.last;
  }

  get rate(): number {
    return this.anchor.rate;
  }

  /** Moves forward to `ms`; an instant before the simulated now is refused (time never runs backwards). */
  jumpTo(ms: number): { ok: true } | { ok: false; problem: string } {
    const now = this.now();
    if (ms < now) return { ok: false, problem: `the clock never runs backwards: it is already ${new Date(now).toISOString()}` };
    this.anchor = { simMs: ms, wallMs: this.wall(), rate: this.anchor.rate };
    return { ok: true };
  }

  /** Runs at `rate` simulated ms per wall ms from now on (1: as in production). */
  setRate(rate: number): void {
    this.anchor = { simMs: this.now(), wallMs: this.wall(), rate };
  }

  state(): ClockState {
    return { simMs: this.now(), wallMs: this.wall(), rate: this.anchor.rate };
  }
}
