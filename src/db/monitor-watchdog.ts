import type { EventEmitter } from 'node:events';

/**
 * A guard against a race in the MongoDB driver (6.x): when every connection to the database drops at once, the
 * server monitor may start its heartbeat on a socket that is already destroyed and then wait forever for the
 * socket to drain. The monitor never checks the server again, so the client never notices that the database is
 * back: commands keep answering "try again in a minute" and /healthz keeps saying 503 until a restart.
 *
 * A healthy heartbeat always ends (succeeded or failed) within the driver's socket timeout: `connectTimeoutMS`
 * (30 s by default), plus `heartbeatFrequencyMS` (10 s) when the server streams its answers. One that has run
 * for longer than `stuckAfterMs` is stuck, and the only way out is a new client: `onStuck` is called (once).
 */

/** Comfortably longer than any heartbeat that can still end by itself (30 s + 10 s by default). */
export const DEFAULT_STUCK_HEARTBEAT_MS = 60_000;

interface HeartbeatEvent {
  /** The server's address (one monitor per server). */
  connectionId?: string;
}

/** Watches the client's heartbeats; returns a function that stops watching (also stopped when the client closes). */
export function watchHeartbeats(
  client: EventEmitter,
  onStuck: () => void,
  stuckAfterMs = DEFAULT_STUCK_HEARTBEAT_MS,
  checkEveryMs = Math.min(5_000, stuckAfterMs / 2),
): () => void {
  const running = new Map<string, number>();
  const started = (e: HeartbeatEvent) => {
    const server = e.connectionId ?? '';
    if (!running.has(server)) running.set(server, Date.now());
  };
  const ended = (e: HeartbeatEvent) => running.delete(e.connectionId ?? '');
  const timer = setInterval(() => {
    const now = Date.now();
    if ([...running.values()].some((since) => now - since > stuckAfterMs)) {
      stop();
      onStuck();
    }
  }, checkEveryMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', started);
    client.off('serverHeartbeatSucceeded', ended);
    client.off('serverHeartbeatFailed', ended);
    client.off('topologyClosed', stop);
  };
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);
  client.once('topologyClosed', stop);
  return stop;
}
