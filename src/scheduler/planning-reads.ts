import type { SchedulerContext } from './types';

/**
 * Reads shared by the sources of one planning run (one `/iec status`, one tick's plan): several sources read the same
 * records (every commission, the meetings around the window), and each asking the database again was a round trip
 * of its own. A read is identified by its function and its arguments (compared as JSON), so sources share a read only
 * when they ask the same function the same thing. What it gives is shared: a source must not change it.
 */
export interface PlanningReads {
  once<A extends unknown[], T>(read: (...args: A) => Promise<T>, ...args: A): Promise<T>;
}

/** A planning run's reads; made for each run and dropped after it, so nothing read is ever reused later. */
export function planningReads(): PlanningReads {
  const reads = new Map<unknown, Map<string, Promise<unknown>>>();
  return {
    once<A extends unknown[], T>(read: (...args: A) => Promise<T>, ...args: A): Promise<T> {
      let byArgs = reads.get(read);
      if (!byArgs) {
        byArgs = new Map();
        reads.set(read, byArgs);
      }
      const key = JSON.stringify(args);
      let found = byArgs.get(key) as Promise<T> | undefined;
      if (!found) {
        found = read(...args);
        byArgs.set(key, found);
      }
      return found;
    },
  };
}

/** `read(...args)`: shared with the other sources of the planning run when `ctx` belongs to one, else read now. */
export function sharedRead<A extends unknown[], T>(
  ctx: Pick<SchedulerContext, 'reads'>,
  read: (...args: A) => Promise<T>,
  ...args: A
): Promise<T> {
  return ctx.reads ? ctx.reads.once(read, ...args) : read(...args);
}
