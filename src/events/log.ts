import type { Logger } from '@slack/bolt';
import { events } from './index';

/**
 * Logs what the events report as failed: derived data that could not follow a saved record (`derived.failed`:
 * the reconcile repairs it) and event handlers that threw (Home refresh, for one), each with the event's name.
 * Subscribed once per process; the latest app's logger writes (one app per process in production).
 */
let target: Logger | undefined;
let subscribed = false;

const errorOf = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

export function logEventFailures(logger: Logger): void {
  target = logger;
  if (subscribed) return;
  subscribed = true;
  events.on('derived.failed', (f) => {
    target?.error(
      `derived.failed: ${f.owner} not updated after ${f.after}; the reconcile (npm run job -- reconcile) repairs it`,
      errorOf(f.error),
    );
  });
  events.onError((err, event) => {
    target?.error(`${event}: an event handler failed`, errorOf(err));
  });
}
