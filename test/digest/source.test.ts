import { DateTime } from 'luxon';
import { NoSchoolDayModel } from '../../src/calendar/model';
import { CommissionModel } from '../../src/commissions/model';
import { digestSource } from '../../src/digest/source';
import type { PlannedNotification } from '../../src/scheduler/types';
import { checkMessage } from '../support/fake-slack/limits';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const NY = 'America/New_York';
const ctx = (now: Date) => ({ now, timeZone: NY });

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH' });
});

async function plan(from: string, to: string): Promise<PlannedNotification[]> {
  const window = { from: new Date(from), to: new Date(to) };
  return digestSource.plan(window, ctx(window.to));
}

function local(d: Date): string {
  return DateTime.fromJSDate(d, { zone: NY }).toFormat('ccc yyyy-MM-dd HH:mm');
}

describe('digest source', () => {
  it('plans one digest per commission and ISO week, Monday 09:00 local, with a day of catch-up', async () => {
    const planned = await plan('2026-11-20T00:00:00Z', '2026-12-08T00:00:00Z');
    expect(planned.map((n) => [n.key, local(n.dueAt)])).toEqual([
      ['digest:healthcare:2026-W48', 'Mon 2026-11-23 09:00'],
      ['digest:healthcare:2026-W49', 'Mon 2026-11-30 09:00'],
      ['digest:healthcare:2026-W50', 'Mon 2026-12-07 09:00'],
    ]);
    expect(planned[0]).toMatchObject({
      kind: 'digest',
      commissionKey: 'healthcare',
      recipient: { channel: 'C0HEALTH' },
      ref: { commissionKey: 'healthcare', week: '2026-W48' },
      expiresAt: new Date(planned[0].dueAt.getTime() + 24 * 3600_000),
    });
  });

  it('is at 09:00 local, once each, in the spring-forward and fall-back weeks in New York', async () => {
    const spring = await plan('2026-03-01T00:00:00Z', '2026-03-17T00:00:00Z');
    expect(spring.map((n) => [n.key, local(n.dueAt), n.dueAt.toISOString()])).toEqual([
      ['digest:healthcare:2026-W10', 'Mon 2026-03-02 09:00', '2026-03-02T14:00:00.000Z'],
      ['digest:healthcare:2026-W11', 'Mon 2026-03-09 09:00', '2026-03-09T13:00:00.000Z'],
      ['digest:healthcare:2026-W12', 'Mon 2026-03-16 09:00', '2026-03-16T13:00:00.000Z'],
    ]);
    const fall = await plan('2026-10-25T00:00:00Z', '2026-11-10T00:00:00Z');
    expect(fall.map((n) => [n.key, local(n.dueAt), n.dueAt.toISOString()])).toEqual([
      ['digest:healthcare:2026-W44', 'Mon 2026-10-26 09:00', '2026-10-26T13:00:00.000Z'],
      ['digest:healthcare:2026-W45', 'Mon 2026-11-02 09:00', '2026-11-02T14:00:00.000Z'],
      ['digest:healthcare:2026-W46', 'Mon 2026-11-09 09:00', '2026-11-09T14:00:00.000Z'],
    ]);
  });

  it('plans each digest in exactly one of consecutive windows, two hours at a time across both DST changes', async () => {
    for (const [start, end] of [
      ['2026-03-07T00:00:00Z', '2026-03-17T00:00:00Z'],
      ['2026-10-31T00:00:00Z', '2026-11-10T00:00:00Z'],
    ]) {
      const seen: string[] = [];
      for (let t = new Date(start).getTime(); t < new Date(end).getTime(); t += 2 * 3600_000) {
        const planned = await digestSource.plan({ from: new Date(t), to: new Date(t + 2 * 3600_000) }, ctx(new Date(t + 2 * 3600_000)));
        seen.push(...planned.map((n) => `${n.key} ${local(n.dueAt)}`));
      }
      expect(seen).toHaveLength(new Set(seen).size);
      expect(seen.every((s) => s.endsWith('09:00'))).toBe(true);
      expect(seen).toHaveLength(2);
    }
  });

  it("uses the commission's own day, time and zone", async () => {
    await CommissionModel.updateOne(
      { key: 'healthcare' },
      { timeZone: 'America/Los_Angeles', digest: { weekday: 5, hour: 15, minute: 30 } },
    );
    const [n] = await plan('2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(n.key).toBe('digest:healthcare:2026-W48');
    expect(n.dueAt.toISOString()).toBe('2026-11-27T23:30:00.000Z'); // Friday 15:30 PST
  });

  it('moves a no-school Monday to Tuesday, same time', async () => {
    await NoSchoolDayModel.create({ startDate: '2026-11-30', endDate: '2026-11-30', label: 'Staff development', createdBy: 'U1' });
    const planned = await plan('2026-11-29T00:00:00Z', '2026-12-02T00:00:00Z');
    expect(planned.map((n) => [n.key, local(n.dueAt)])).toEqual([['digest:healthcare:2026-W49', 'Tue 2026-12-01 09:00']]);
  });

  it('renders the digest for the week before its own, to the channel', async () => {
    const [n] = await plan('2026-11-29T00:00:00Z', '2026-12-01T00:00:00Z');
    const rendered = await digestSource.render(n, ctx(n.dueAt));
    if (!('message' in rendered)) throw new Error(`skipped: ${rendered.skip}`);
    expect(rendered.recipient).toEqual({ channel: 'C0HEALTH' });
    expect(rendered.message.text).toContain('Weekly digest for Healthcare, week of Nov 23 – Nov 29');
    expect(JSON.stringify(rendered.message.blocks)).toContain('(2026-W48)');
    expect(checkMessage(rendered.message)).toEqual([]);
  });

  it('skips, with a reason, a commission without a channel, and a week with no school day left', async () => {
    await CommissionModel.create({ key: 'it', name: 'Information Technology' });
    await NoSchoolDayModel.create({ startDate: '2026-12-21', endDate: '2027-01-01', label: 'Winter break', createdBy: 'U1' });
    const planned = await plan('2026-11-29T00:00:00Z', '2026-12-01T00:00:00Z');
    const it = planned.find((n) => n.key === 'digest:it:2026-W49');
    expect(it?.recipient).toEqual({ channel: '' });
    expect(await digestSource.render(it!, ctx(it!.dueAt))).toEqual({
      skip: 'Information Technology has no channel for its digest: set one with /iec commission set-channel it #channel',
    });
    const [breakWeek] = (await plan('2026-12-20T00:00:00Z', '2026-12-22T00:00:00Z')).filter((n) => n.commissionKey === 'healthcare');
    expect(await digestSource.render(breakWeek, ctx(breakWeek.dueAt))).toEqual({
      skip: 'no school from 2026-12-21 until 2027-01-04 (Winter break): no digest this week',
    });
  });

  it('plans nothing for inactive commissions', async () => {
    await CommissionModel.updateOne({ key: 'healthcare' }, { active: false });
    expect(await plan('2026-11-20T00:00:00Z', '2026-12-08T00:00:00Z')).toEqual([]);
  });
});
