import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { events } from '../../src/events';
import { InFlight } from '../../src/slack/in-flight';

/** Runs the middleware as Bolt does, with `listener` as what `next()` runs; resolves when the request is done. */
function request(inFlight: InFlight, listener: () => Promise<void>): Promise<void> {
  const middleware = inFlight.middleware as Middleware<AnyMiddlewareArgs>;
  return middleware({ next: listener } as never) as Promise<void>;
}

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('InFlight', () => {
  it('is idle at once when nothing runs', async () => {
    await expect(new InFlight().idle(1_000)).resolves.toBe(true);
  });

  it('becomes idle only when every running listener has finished', async () => {
    const inFlight = new InFlight();
    const first = gate();
    const second = gate();
    const done: string[] = [];
    void request(inFlight, async () => {
      await first.opened;
      done.push('first');
    });
    void request(inFlight, async () => {
      await second.opened;
      done.push('second');
    });
    expect(inFlight.running).toBe(2);
    const idle = inFlight.idle(5_000).then((ok) => {
      done.push('idle');
      return ok;
    });
    first.open();
    await new Promise((r) => setImmediate(r));
    expect(done).toEqual(['first']);
    second.open();
    await expect(idle).resolves.toBe(true);
    expect(done).toEqual(['first', 'second', 'idle']);
    expect(inFlight.running).toBe(0);
  });

  it('waits for the reactions to events the listener emitted', async () => {
    const inFlight = new InFlight();
    const reacted: string[] = [];
    const reaction = gate();
    const off = events.on('meeting.changed', async () => {
      await reaction.opened;
      reacted.push('home refreshed');
    });
    try {
      await request(inFlight, async () => {
        events.emit('meeting.changed', { action: 'edited', by: 'U1', at: new Date(0), changes: [] });
      });
      const idle = inFlight.idle(5_000);
      setTimeout(reaction.open, 20);
      await expect(idle).resolves.toBe(true);
      expect(reacted).toEqual(['home refreshed']);
    } finally {
      off();
    }
  });

  it('gives up after the timeout when a listener does not finish, and counts a listener that threw as finished', async () => {
    const inFlight = new InFlight();
    const hung = gate();
    void request(inFlight, () => hung.opened);
    await expect(inFlight.idle(50)).resolves.toBe(false);
    await expect(request(inFlight, async () => Promise.reject(new Error('listener failed')))).rejects.toThrow('listener failed');
    expect(inFlight.running).toBe(1);
    hung.open();
    await expect(inFlight.idle(1_000)).resolves.toBe(true);
  });
});
