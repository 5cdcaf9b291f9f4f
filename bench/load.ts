import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signSlackRequest } from '../tools/slack-standin/requests';
import { SIGNING_SECRET } from './config';

/** Signed Slack requests at a fixed concurrency, and their latencies. */

export interface PreparedRequest {
  contentType: string;
  body: string;
  /** Called just before the request is sent (e.g. to note when a /commit left). */
  onSend?: (at: number) => void;
  /**
   * Resolves when the person has the full answer (the ephemeral reply, the opened modal): the client sends its next
   * request only then, as a person would. Without it, the next request follows the ack.
   */
  answered?: () => Promise<boolean>;
}

export interface LoadResult {
  /** Milliseconds from sending to the end of the app's answer, one per request. */
  latencies: number[];
  /** Requests whose answer was not HTTP 200. */
  errors: number;
  /** Requests whose full answer (`answered`) did not come in time. */
  unanswered: number;
  statuses: Record<string, number>;
  wallMs: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** Sends one signed request (signed now) and resolves with its status and latency. */
export function send(url: string, r: PreparedRequest): Promise<{ status: number; ms: number; body: string }> {
  const headers = {
    'content-type': r.contentType,
    ...signSlackRequest(SIGNING_SECRET, r.body, Math.floor(Date.now() / 1000)),
    'content-length': String(Buffer.byteLength(r.body)),
  };
  return new Promise((resolve) => {
    const started = performance.now();
    r.onSend?.(started);
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }));
    req.end(r.body);
  });
}

/**
 * `count` requests made by `make(i)` from `concurrency` clients; each client sends its next request once the
 * previous one is answered (acked, and `answered` when the request has it).
 */
export async function runLoad(url: string, count: number, concurrency: number, make: (i: number) => PreparedRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let unanswered = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const prepared = make(next++);
        const res = await send(url, prepared);
        latencies.push(res.ms);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 200) errors += 1;
        if (prepared.answered && !(await prepared.answered())) unanswered += 1;
      }
    }),
  );
  return { latencies, errors, unanswered, statuses, wallMs: performance.now() - started };
}

/**
 * Promises for calls the fake Slack will receive, by a key such as `response:/response/R-1` or `trigger:123.456`:
 * `expect(key)` waits (at most `timeoutMs`) until `arrived(key)` is called from the fake's subscription. Only a call
 * that arrives after `expect(key)` was asked counts: keys such as `publish:<user>` recur (a Home refresh after a
 * form, an earlier open whose wait timed out), and an older arrival would time an answer before its request.
 */
export class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  arrived(key: string): void {
    const at = performance.now();
    this.seen.set(key, at);
    this.waiting.get(key)?.(at);
  }

  /** When the call arrives (performance.now()), or undefined after `timeoutMs`. */
  expect(key: string, timeoutMs = 10_000): () => Promise<number | undefined> {
    const since = performance.now();
    return () =>
      new Promise<number | undefined>((resolve) => {
        const already = this.seen.get(key);
        if (already !== undefined) {
          this.seen.delete(key);
          if (already >= since) return resolve(already);
        }
        const timer = setTimeout(() => {
          this.waiting.delete(key);
          resolve(undefined);
        }, timeoutMs);
        this.waiting.set(key, (at) => {
          clearTimeout(timer);
          this.waiting.delete(key);
          this.seen.delete(key);
          resolve(at);
        });
      });
  }
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

export function closeAgent(): void {
  agent.destroy();
}
