import type { TickSummary } from '../../src/scheduler';
import type { SandboxClock } from './clock';

/**
 * The scheduler as production runs it, on the sandbox's clock: a tick at every simulated minute (every wall
 * minute at the normal rate; at most once a wall second when the clock runs faster), and one right after the
 * clock jumps. Ticks never overlap.
 */

export interface TickReport {
  at: string;
  summary: TickSummary;
}

export class SandboxTicker {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  last: TickReport | undefined;

  constructor(
    private readonly clock: SandboxClock,
    private readonly run: (at: Date) => Promise<TickSummary>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** A tick as of the simulated now, after any running one. */
  tickNow(): Promise<TickReport> {
    const next = this.chain.then(async () => {
      const at = new Date(this.clock.now());
      const summary = await this.run(at);
      this.last = { at: at.toISOString(), summary };
      return this.last;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Reschedules the next tick (after the clock's rate changed). */
  reschedule(): void {
    if (this.stopped) return;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const sim = this.clock.now();
    const untilMinute = 60_000 - (sim % 60_000);
    const delay = Math.max(1000, untilMinute / this.clock.rate);
    this.timer = setTimeout(() => {
      this.tickNow().then(
        () => undefined,
        (err: unknown) => this.onError(err),
      );
      if (!this.stopped) this.schedule();
    }, delay);
    this.timer.unref();
  }
}
