import { planningReads, sharedRead } from '../../src/scheduler/planning-reads';

describe('planningReads: what the sources of one planning run read, read once', () => {
  it('calls a read once for the same function and arguments, again for others', async () => {
    const calls: string[] = [];
    const read = async (from: Date, to: Date) => {
      calls.push(`${from.toISOString()}..${to.toISOString()}`);
      return [from.getTime(), to.getTime()];
    };
    const other = async () => {
      calls.push('other');
      return 'x';
    };
    const reads = planningReads();
    const a = new Date('2026-02-01T00:00:00Z');
    const b = new Date('2026-02-08T00:00:00Z');
    const [first, again, later] = await Promise.all([
      reads.once(read, a, b),
      reads.once(read, new Date(a), new Date(b)),
      reads.once(read, a, a),
    ]);
    expect(first).toBe(again);
    expect(later).toEqual([a.getTime(), a.getTime()]);
    expect(await reads.once(other)).toBe('x');
    expect(await reads.once(other)).toBe('x');
    expect(calls).toEqual([`${a.toISOString()}..${b.toISOString()}`, `${a.toISOString()}..${a.toISOString()}`, 'other']);
  });

  it('shares a failed read with everyone who asked it in the run, and a new run reads again', async () => {
    let n = 0;
    const failing = async () => {
      n++;
      throw new Error('database unavailable');
    };
    const reads = planningReads();
    await expect(reads.once(failing)).rejects.toThrow('database unavailable');
    await expect(reads.once(failing)).rejects.toThrow('database unavailable');
    expect(n).toBe(1);
    await expect(planningReads().once(failing)).rejects.toThrow('database unavailable');
    expect(n).toBe(2);
  });

  it('sharedRead reads every time outside a planning run', async () => {
    let n = 0;
    const read = async () => ++n;
    expect(await sharedRead({}, read)).toBe(1);
    expect(await sharedRead({}, read)).toBe(2);
    const run = { reads: planningReads() };
    expect(await sharedRead(run, read)).toBe(3);
    expect(await sharedRead(run, read)).toBe(3);
  });
});
