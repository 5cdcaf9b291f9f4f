/**
 * Compressed time for tests that run with production's durations (the 5-minute lease, the 2-minute retry delay,
 * the 1 s backoff, the 60 s time budget per message, the 20 s client timeout) instead of lowered ones. The code
 * takes its clock and its waits as options (`wallClock`, `delivery.clock`, `delivery.sleep`); a test passes one
 * of these, so production's bounds still bound what they bound, measured on the test's clock.
 */

export interface TestTime {
  /** The clock: real time plus however far the waits have moved it. */
  clock: () => Date;
  /** A wait on that clock. */
  sleep: (ms: number) => Promise<void>;
  /** Moves the clock ahead (a test's "five minutes later"). */
  advance: (ms: number) => void;
}

/**
 * Instant waits: `sleep(ms)` moves the clock `ms` ahead at once and yields, so a backoff or a Retry-After costs
 * nothing real while `maxTotalMs` still sees it. Real time keeps passing underneath (a slow request counts too).
 */
export function virtualTime(): TestTime {
  let offset = 0;
  return {
    clock: () => new Date(Date.now() + offset),
    sleep: async (ms) => {
      offset += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

/**
 * A clock that runs `factor` times as fast as the real one, from `start` (processes given the same start and
 * factor share one clock). For what cannot be instant: a request in
 * flight (a Slack answer that never comes ends at the client's timeout, a real timer), and processes that run
 * their own loops. `real(ms)` is a duration of this clock in real milliseconds: the client's timeout must be
 * given that way (the HTTP client's timer cannot take a clock), so the timeout keeps its production ratio to the
 * lease (a lease outlasts one request 15 times over: 5 min against 20 s).
 */
export function fastTime(factor: number, start = Date.now()): TestTime & { factor: number; start: number; real: (ms: number) => number } {
  let offset = 0;
  return {
    factor,
    start,
    clock: () => new Date(start + (Date.now() - start) * factor + offset),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / factor)),
    advance: (ms) => {
      offset += ms;
    },
    real: (ms) => Math.ceil(ms / factor),
  };
}

/**
 * The factor for scheduler replicas in their own processes (and in-process tests of requests that hang): 20.
 * The production lease (5 min) then lasts 15 s real and the client's timeout (20 s) 1 s real, the retry delay
 * (2 min) 6 s and the first backoff 50 ms. A real request to the fake Slack that is slow under load (1 s) still
 * lies 15 times inside a lease, as production's ratio asks; it may time out (a 20-second request in production
 * terms), which the code handles like any lost answer. A faster factor would make that timeout shorter than
 * what a loaded machine takes to answer a request (the fake could then record a post after its sender searched
 * for it: a duplicate that production would not see); a slower one would make each killed replica's claims
 * wait longer than 15 s real before another takes them over.
 */
export const REPLICA_TIME_FACTOR = 20;
