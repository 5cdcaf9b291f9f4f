import { CommissionModel } from '../../src/commissions/model';
import { NotificationModel } from '../../src/scheduler/model';
import { DEFAULT_DELIVERY_OPTIONS } from '../../src/scheduler/delivery';
import { DEFAULT_RETRY_DELAY_MS, tick } from '../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification } from '../../src/scheduler/types';
import { FakeSlack } from '../support/fake-slack';
import { deliveredKeys, listSource, planned, schedulerTestDeps, useDatabaseAndFakeSlack } from './support/scheduler-fixtures';
import { localDatesInWindow, isoWeekKey, zonedDateTime } from '../../src/domain/dates';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

const slack = useDatabaseAndFakeSlack();
let fake: FakeSlack;
beforeEach(async () => {
  fake = slack();
});

async function statuses(): Promise<Record<string, { status: string; reason?: string | null; attempts?: number | null }>> {
  const docs = await NotificationModel.find({}).lean();
  return Object.fromEntries(docs.map((d) => [d.key, { status: d.status, reason: d.reason, attempts: d.attempts }]));
}

describe('tick with a controlled clock', () => {
  it('sends each planned notification at its instant, once, and nothing early', async () => {
    const base = at('2026-05-04T13:00:00Z');
    const source = listSource('test', [
      planned('a', new Date(base.getTime() + 5 * MIN), { channel: 'C1' }),
      planned('b', new Date(base.getTime() + 5 * MIN), { channel: 'C2' }),
      planned('c', new Date(base.getTime() + 47 * MIN), { user: 'U1' }),
      planned('d', new Date(base.getTime() + 90 * MIN), { channel: 'C1' }),
    ]);
    const deps = schedulerTestDeps(fake, [source]);
    const firstSeen = new Map<string, Date>();
    for (let t = base.getTime(); t <= base.getTime() + 120 * MIN; t += MIN) {
      const now = new Date(t);
      await tick(now, deps);
      for (const key of deliveredKeys(fake)) if (!firstSeen.has(key)) firstSeen.set(key, now);
    }
    expect(deliveredKeys(fake).sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const n of source.items) expect(firstSeen.get(n.key)).toEqual(n.dueAt);
    // the DM went to the user's IM channel, opened with conversations.open
    const dm = fake.callsTo('chat.postMessage').find((c) => c.args.text === 'notification c');
    expect(dm?.args.channel).toBe(fake.dmChannelFor('U1'));
    const docs = await NotificationModel.find({}).lean();
    expect(docs.every((d) => d.status === 'sent' && d.slack?.ts && d.attempts === 1)).toBe(true);
    // each message carries its key; sending normally never reads a channel's history
    expect(fake.messages().map((m) => m.metadata)).toContainEqual({ event_type: 'iec_notification', event_payload: { key: 'c' } });
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
  });

  it('two replicas ticking at the same instant send each notification once', async () => {
    const now = at('2026-05-04T13:00:00Z');
    const items = Array.from({ length: 30 }, (_, i) => planned(`n${i}`, new Date(now.getTime() - i * MIN), { channel: `C${i % 4}` }));
    const source = listSource('test', items);
    const results = await Promise.all(
      ['replica-a', 'replica-b', 'replica-c'].map((owner) => tick(now, schedulerTestDeps(fake, [source], { owner }))),
    );
    expect(deliveredKeys(fake).sort()).toEqual(items.map((n) => n.key).sort());
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(30);
  });

  it('a skip from render is recorded with its reason and never sent', async () => {
    const now = at('2026-05-04T13:00:00Z');
    const source = listSource('test', [planned('moved', now, { channel: 'C1' }), planned('kept', now, { channel: 'C1' })]);
    source.skip.set('moved', 'the meeting was rescheduled');
    await tick(now, schedulerTestDeps(fake, [source]));
    await tick(new Date(now.getTime() + MIN), schedulerTestDeps(fake, [source]));
    expect(deliveredKeys(fake)).toEqual(['kept']);
    expect((await statuses()).moved).toMatchObject({ status: 'skipped', reason: 'the meeting was rescheduled' });
    expect(source.renders.filter((k) => k === 'moved')).toHaveLength(1);
  });
});

describe('catch-up after an outage', () => {
  it('after two days down sends what is still useful once and skips the rest with a reason', async () => {
    const source = listSource('test', [
      planned('stale-digest', at('2026-05-04T13:00:00Z'), { channel: 'C1' }, { catchUpMs: DAY }), // Mon 09:00, useful until Tue 09:00
      planned('fresh-reminder', at('2026-05-05T14:00:00Z'), { channel: 'C1' }, { catchUpMs: DAY }), // Tue 10:00, useful until Wed 10:00
      planned('long-window', at('2026-05-04T16:00:00Z'), { user: 'U1' }, { catchUpMs: 3 * DAY }),
      planned('short-window', at('2026-05-05T23:00:00Z'), { channel: 'C2' }, { catchUpMs: HOUR }),
      planned('future', at('2026-05-06T15:00:00Z'), { channel: 'C2' }, { catchUpMs: HOUR }),
    ]);
    const deps = schedulerTestDeps(fake, [source]);
    await tick(at('2026-05-04T12:00:00Z'), deps); // Monday 08:00: nothing due yet
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    // down from Monday 08:00 to Wednesday 08:00
    const back = at('2026-05-06T12:00:00Z');
    const summary = await tick(back, deps);
    await tick(new Date(back.getTime() + MIN), deps);
    await tick(new Date(back.getTime() + 2 * MIN), schedulerTestDeps(fake, [source], { owner: 'another-replica' }));

    expect(deliveredKeys(fake).sort()).toEqual(['fresh-reminder', 'long-window']);
    expect(summary).toMatchObject({ sent: 2, skipped: 2, failed: 0 });
    const s = await statuses();
    expect(s['stale-digest'].status).toBe('skipped');
    expect(s['stale-digest'].reason).toMatch(/^missed while the app was down; was due 2026-05-04T13:00:00.000Z/);
    expect(s['short-window']).toMatchObject({ status: 'skipped' });
    expect(s.future).toBeUndefined();
    // nothing vanishes: every recorded notification ended with a final status, each non-sent one with a reason
    for (const [, v] of Object.entries(s)) {
      expect(['sent', 'skipped']).toContain(v.status);
      if (v.status !== 'sent') expect(v.reason).toBeTruthy();
    }
  });

  it('takes over a claim whose owner died once its lease has passed, and leaves a live claim alone', async () => {
    const now = at('2026-05-04T13:00:00Z');
    const wall = new Date();
    const base = { kind: 'test', dueAt: now, expiresAt: new Date(now.getTime() + DAY), recipient: { channel: 'C1' }, ref: {}, attempts: 1 };
    await NotificationModel.create([
      { ...base, key: 'orphan', status: 'claimed', owner: 'dead', leaseUntil: new Date(wall.getTime() - 1000) },
      { ...base, key: 'busy', status: 'claimed', owner: 'alive', leaseUntil: new Date(wall.getTime() + 60_000) },
    ]);
    const source = listSource('test', [planned('orphan', now, { channel: 'C1' }), planned('busy', now, { channel: 'C1' })]);
    const summary = await tick(now, schedulerTestDeps(fake, [source]));
    expect(summary.takenOver).toBe(1);
    expect(deliveredKeys(fake)).toEqual(['orphan']);
    const s = await statuses();
    expect(s.orphan).toMatchObject({ status: 'sent', attempts: 2 });
    expect(s.busy.status).toBe('claimed');
  });
});

describe('delivery faults', () => {
  it('a burst of 429s and 500s: everything is eventually sent exactly once', async () => {
    const now = at('2026-05-04T13:00:00Z');
    const items = Array.from({ length: 12 }, (_, i) => planned(`n${i}`, now, i % 3 === 0 ? { user: `U${i}` } : { channel: `C${i % 3}` }));
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 3);
    fake.fail('chat.postMessage', { status: 500 }, 3);
    fake.fail('chat.postMessage', { status: 503 }, 2);
    fake.fail('conversations.open', { status: 502 }, 1);
    const summary = await tick(now, schedulerTestDeps(fake, [listSource('test', items)]));
    expect(summary).toMatchObject({ sent: 12, failed: 0, retrying: 0 });
    expect(deliveredKeys(fake).sort()).toEqual(items.map((n) => n.key).sort());
    expect(fake.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(3);
  });

  it('gives up for now after repeated 5xx, keeps the claim under a lease, and a later tick sends it once', async () => {
    const now = at('2026-05-04T13:00:00Z');
    const source = listSource('test', [planned('flaky', now, { channel: 'C1' })]);
    fake.fail('chat.postMessage', { status: 503 }, 5);
    let wall = Date.now();
    // production's bounds: 4 attempts per tick, then the retry delay (2 minutes) before a later tick tries again
    const deps = schedulerTestDeps(fake, [source], { wallClock: () => new Date(wall) });
    expect(await tick(now, deps)).toMatchObject({ sent: 0, retrying: 1 });
    let doc = await NotificationModel.findOne({ key: 'flaky' }).lean();
    expect(doc).toMatchObject({ status: 'claimed', attempts: DEFAULT_DELIVERY_OPTIONS.maxTransientAttempts, lastError: 'HTTP 503' });
    expect(doc?.leaseUntil?.getTime()).toBe(wall + DEFAULT_RETRY_DELAY_MS);
    // a minute later the retry delay has not passed: nothing happens
    wall += MIN;
    expect(await tick(new Date(now.getTime() + MIN), deps)).toMatchObject({ takenOver: 0, sent: 0 });
    wall += 2 * MIN;
    expect(await tick(new Date(now.getTime() + 3 * MIN), deps)).toMatchObject({ takenOver: 1, sent: 1 });
    doc = await NotificationModel.findOne({ key: 'flaky' }).lean();
    expect(doc).toMatchObject({ status: 'sent', attempts: 6 });
    expect(deliveredKeys(fake)).toEqual(['flaky']);
  });

  it('a 429 on one channel does not hold up the others', async () => {
    const limited = await FakeSlack.start({ perChannelRatePerSecond: 1, rateBurst: 1 });
    try {
      const now = at('2026-05-04T13:00:00Z');
      const items = [0, 1, 2].flatMap((i) => [
        planned(`busy${i}`, now, { channel: 'CBUSY' }),
        planned(`quiet${i}`, now, { channel: `CQUIET${i}` }),
      ]);
      const started = Date.now();
      // real waits on the real clock: the fake's rate limit is per real second
      const real = { wallClock: () => new Date(), delivery: { sleep: DEFAULT_DELIVERY_OPTIONS.sleep } };
      const summary = await tick(now, schedulerTestDeps(limited, [listSource('test', items)], real));
      expect(summary.sent).toBe(6);
      const ok = limited.callsTo('chat.postMessage').filter((c) => c.ok);
      const quietDone = Math.max(...ok.filter((c) => String(c.args.channel).startsWith('CQUIET')).map((c) => c.at));
      const busy = ok.filter((c) => c.args.channel === 'CBUSY').map((c) => c.at);
      // the quiet channels were done before the busy one could take its second message (however slow the machine)
      expect(quietDone).toBeLessThan(busy[1]);
      expect(busy[2] - started).toBeGreaterThanOrEqual(1500); // three messages at one per second
      expect(limited.callsTo('chat.postMessage').some((c) => c.status === 429)).toBe(true);
      expect(deliveredKeys(limited).filter((k) => k.startsWith('busy'))).toEqual(['busy0', 'busy1', 'busy2']); // in order
    } finally {
      await limited.stop();
    }
  });

  it('a permanent channel error fails the notification and tells each lead once, by DM', async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'CGONE', leads: ['ULEAD1', 'ULEAD2'] });
    fake.setChannelError('CGONE', 'channel_not_found');
    const now = at('2026-05-04T13:00:00Z');
    const source = listSource('test', [
      planned('digest:healthcare', now, { channel: 'CGONE' }, { commissionKey: 'healthcare' }),
      planned('orphan-commission', now, { channel: 'CGONE' }),
    ]);
    const summary = await tick(now, schedulerTestDeps(fake, [source]));
    for (const owner of ['r2', 'r3']) await tick(new Date(now.getTime() + MIN), schedulerTestDeps(fake, [source], { owner }));

    expect(summary.failed).toBe(2);
    const s = await statuses();
    expect(s['digest:healthcare'].status).toBe('failed');
    expect(s['digest:healthcare'].reason).toContain('channel_not_found');
    expect(s['failure:digest:healthcare:ULEAD1'].status).toBe('sent');
    expect(s['failure:digest:healthcare:ULEAD2'].status).toBe('sent');
    // without a commission the administrators hear about it
    expect(s['failure:orphan-commission:UADMIN01'].status).toBe('sent');
    const reports = fake.callsTo('chat.postMessage').filter((c) => c.ok);
    expect(reports.map((c) => c.args.channel).sort()).toEqual(
      [fake.dmChannelFor('UADMIN01'), fake.dmChannelFor('ULEAD1'), fake.dmChannelFor('ULEAD2')].sort(),
    );
    expect(String(reports[0].args.text)).toMatch(/could not be delivered: the channel does not exist any more/);
    // the failed channel was tried once: permanent errors are not retried
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CGONE')).toHaveLength(2);
  });

  it('not_in_channel, is_archived and an inactive account are permanent too', async () => {
    fake.setChannelError('CNOTIN', 'not_in_channel');
    fake.setChannelError('CARCH', 'is_archived');
    fake.addUser({ id: 'UGONE', deleted: true });
    const now = at('2026-05-04T13:00:00Z');
    const source = listSource('test', [
      planned('a', now, { channel: 'CNOTIN' }),
      planned('b', now, { channel: 'CARCH' }),
      planned('c', now, { user: 'UGONE' }),
    ]);
    await tick(now, schedulerTestDeps(fake, [source], { admins: [] }));
    const s = await statuses();
    expect(s.a).toMatchObject({ status: 'failed', attempts: 1 });
    expect(s.a.reason).toContain('not_in_channel');
    expect(s.b.reason).toContain('is_archived');
    expect(s.c.status).toBe('failed');
    expect(s.c.reason).toMatch(/deactivated/);
  });
});

/** A weekly message at a wall-clock time in a zone, planned the way the digest plans it. */
function weeklySource(kind: string, weekday: number, time: string, zone: string): NotificationSource {
  return {
    kind,
    async plan(window) {
      const out: PlannedNotification[] = [];
      for (const date of localDatesInWindow(window, zone)) {
        const dueAt = zonedDateTime(date, time, zone);
        if (new Date(`${date}T12:00:00Z`).getUTCDay() % 7 !== weekday % 7) continue;
        out.push({
          key: `${kind}:${isoWeekKey(dueAt, zone)}`,
          kind,
          dueAt,
          expiresAt: new Date(dueAt.getTime() + DAY),
          recipient: { channel: 'CDIGEST' },
          ref: {},
        });
      }
      return out;
    },
    async render(n) {
      return { message: { text: `notification ${n.key}` } };
    },
  };
}

describe('daylight-saving weeks (America/New_York)', () => {
  const zone = 'America/New_York';
  async function fires(from: string, to: string, stepMin: number): Promise<Map<string, Date>> {
    const sources = [
      weeklySource('mon0900', 1, '09:00', zone),
      weeklySource('sun0130', 7, '01:30', zone),
      weeklySource('sun0230', 7, '02:30', zone),
    ];
    const deps = schedulerTestDeps(fake, sources);
    const seen = new Map<string, Date>();
    for (let t = at(from).getTime(); t <= at(to).getTime(); t += stepMin * MIN) {
      const before = deliveredKeys(fake).length;
      await tick(new Date(t), deps);
      for (const key of deliveredKeys(fake).slice(before)) {
        expect(seen.has(key)).toBe(false);
        seen.set(key, new Date(t));
      }
    }
    expect(deliveredKeys(fake).length).toBe(seen.size);
    return seen;
  }

  it('spring forward (2026-03-08): one Monday 09:00 EDT digest; 02:30, which does not exist, fires once at 03:30', async () => {
    const seen = await fires('2026-03-07T05:00:00Z', '2026-03-10T05:00:00Z', 30);
    expect(seen.get('mon0900:2026-W11')).toEqual(at('2026-03-09T13:00:00Z')); // 09:00 EDT (UTC−4)
    expect(seen.get('sun0130:2026-W10')).toEqual(at('2026-03-08T06:30:00Z')); // 01:30 EST
    expect(seen.get('sun0230:2026-W10')).toEqual(at('2026-03-08T07:30:00Z')); // 03:30 EDT
    expect(seen.size).toBe(3);
  });

  it('fall back (2026-11-01): one Monday 09:00 EST digest; 01:30, which happens twice, fires once', async () => {
    const seen = await fires('2026-10-31T04:00:00Z', '2026-11-03T05:00:00Z', 30);
    expect(seen.get('mon0900:2026-W45')).toEqual(at('2026-11-02T14:00:00Z')); // 09:00 EST (UTC−5)
    expect(seen.get('sun0130:2026-W44')).toEqual(at('2026-11-01T05:30:00Z')); // first 01:30 (EDT)
    expect(seen.get('sun0230:2026-W44')).toEqual(at('2026-11-01T07:30:00Z')); // 02:30 EST
    expect(seen.size).toBe(3);
  });
});
