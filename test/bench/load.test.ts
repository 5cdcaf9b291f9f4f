import { Arrivals } from '../../bench/load';

describe('bench Arrivals', () => {
  it('does not time an answer with a call of the same key that arrived before the request', async () => {
    const arrivals = new Arrivals();
    arrivals.arrived('publish:U1'); // e.g. the Home refresh after an earlier form
    const wait = arrivals.expect('publish:U1', 50);
    await expect(wait()).resolves.toBeUndefined();
  });

  it('keeps a call that arrives between the request and the wait', async () => {
    const arrivals = new Arrivals();
    const wait = arrivals.expect('trigger:1.2', 1_000);
    arrivals.arrived('trigger:1.2');
    const at = await wait();
    expect(at).toBeGreaterThan(0);
  });
});
