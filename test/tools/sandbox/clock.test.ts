import { MAX_RATE, parseInstant, SandboxClock } from '../../../tools/sandbox/clock';

describe("the sandbox's simulated clock", () => {
  it('runs with the wall clock, faster on request, and never backwards', () => {
    let wall = Date.UTC(2026, 11, 1, 15);
    const clock = new SandboxClock(undefined, () => wall);
    expect(clock.now()).toBe(wall);
    wall += 60_000;
    expect(clock.now()).toBe(Date.UTC(2026, 11, 1, 15, 1));

    clock.setRate(3600); // an hour a second
    wall += 2000;
    expect(clock.now()).toBe(Date.UTC(2026, 11, 1, 17, 1));

    const later = Date.UTC(2026, 11, 7, 14);
    expect(clock.jumpTo(later)).toEqual({ ok: true });
    expect(clock.now()).toBe(later);
    expect(clock.jumpTo(Date.UTC(2026, 11, 2))).toEqual({ ok: false, problem: expect.stringContaining('never runs backwards') });
    expect(clock.now()).toBe(later);
    expect(MAX_RATE).toBe(86_400);
  });

  it('continues after a restart from where it was, plus the wall time that passed, at the normal rate', () => {
    let wall = Date.UTC(2026, 11, 1, 15);
    const saved = { simMs: Date.UTC(2027, 2, 22, 14), wallMs: wall, rate: 3600 };
    wall += 10 * 60_000;
    const clock = new SandboxClock(saved, () => wall);
    expect(clock.now()).toBe(Date.UTC(2027, 2, 22, 14, 10));
    expect(clock.rate).toBe(1);
    // a wall clock set back while it was stopped does not take the simulated time back
    const back = new SandboxClock(saved, () => saved.wallMs - 3600_000);
    expect(back.now()).toBe(saved.simMs);
  });

  it('takes instants with their offset only, and says how to write one', () => {
    expect(parseInstant('2026-12-07T09:00:00-05:00')).toEqual({ ok: true, ms: Date.UTC(2026, 11, 7, 14) });
    expect(parseInstant(' 2026-12-07T14:00Z ')).toEqual({ ok: true, ms: Date.UTC(2026, 11, 7, 14) });
    expect(parseInstant('2026-12-07T09:00')).toEqual({
      ok: false,
      problem: expect.stringMatching(/has no offset.*2026-12-07T09:00:00-05:00/),
    });
    expect(parseInstant('next monday')).toEqual({ ok: false, problem: expect.stringContaining('not an ISO-8601 instant') });
    expect(parseInstant('2026-02-30T09:00:00Z')).toEqual({ ok: false, problem: expect.stringContaining('not a real date') });
  });
});
