import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { events } from '../events';

/**
 * What the app is still doing for the Slack requests it has acknowledged: Bolt answers Slack at `ack()` and the
 * listener goes on (saving a form, posting the confirmation, the DM), and the reactions to the events those writes
 * emit (Home refresh) come after. A graceful stop waits for them before closing the database; tests wait for them
 * before the next test starts, so one test's late DM is never counted in the next.
 */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Global middleware: counts the request from its arrival until its listener has finished. */
  readonly middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    this.count += 1;
    try {
      await next();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  };

  /** Requests whose listener is still running. */
  get running(): number {
    return this.count;
  }

  /**
   * Resolves once no listener is running and every event emitted so far has been handled, or after `timeoutMs`
   * (true when idle, false when it gave up waiting).
   */
  async idle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = async (): Promise<true> => {
      for (;;) {
        if (this.count > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
        await events.idle();
        if (this.count === 0) return true;
      }
    };
    try {
      return await Promise.race([settled(), gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }
}
