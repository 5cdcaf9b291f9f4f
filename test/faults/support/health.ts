import { request } from 'node:http';

/** The HTTP status of a GET (e.g. `/healthz`), 0 when the app does not answer within 5 s. */
export function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    request(url, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', () => resolve(0))
      .end();
  });
}

/** Waits until `condition` holds, checking every 100 ms; fails naming `what` after `timeoutMs`. */
export async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
