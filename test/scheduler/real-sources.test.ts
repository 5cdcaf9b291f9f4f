import { addNoSchool } from '../../src/calendar/service';
import { CommissionModel } from '../../src/commissions/model';
import { DIGEST_KIND } from '../../src/digest/ids';
import { NotificationModel } from '../../src/scheduler/model';
import { tick } from '../../src/scheduler/scheduler';
import { notificationSources } from '../../src/scheduled';
import type { FakeSlack } from '../support/fake-slack';
import { schedulerTestDeps, useDatabaseAndFakeSlack } from './support/scheduler-fixtures';

/** The scheduler with the real sources (digest, deliverable reminders, follow-ups) as the app composes them (src/scheduled.ts). */

const MIN = 60_000;
const slack = useDatabaseAndFakeSlack();
let fake: FakeSlack;
beforeEach(async () => {
  fake = slack();
  await CommissionModel.create({
    key: 'healthcare',
    name: 'Healthcare',
    channelId: 'C0HEALTH',
    leads: ['U0LEAD'],
    timeZone: 'America/New_York',
  });
});

/** Ticks every `stepMin` minutes from `from` to `to`; returns when each digest post arrived (as of the tick). */
async function digestTicks(from: string, to: string, stepMin: number): Promise<Date[]> {
  const deps = schedulerTestDeps(fake, [...notificationSources]);
  const times: Date[] = [];
  for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += stepMin * MIN) {
    const before = fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === 'C0HEALTH').length;
    await tick(new Date(t), deps);
    const after = fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === 'C0HEALTH').length;
    for (let i = before; i < after; i++) times.push(new Date(t));
  }
  return times;
}

it('the real digest goes out once at 09:00 New York time in the spring-forward week', async () => {
  expect(await digestTicks('2026-03-08T04:00:00Z', '2026-03-10T04:00:00Z', 60)).toEqual([new Date('2026-03-09T13:00:00Z')]);
  expect(await NotificationModel.find({ kind: DIGEST_KIND }, { key: 1, status: 1, _id: 0 }).lean()).toEqual([
    { key: expect.stringContaining('healthcare'), status: 'sent' },
  ]);
});

it('the real digest goes out once at 09:00 New York time in the fall-back week', async () => {
  expect(await digestTicks('2026-11-01T03:00:00Z', '2026-11-03T05:00:00Z', 60)).toEqual([new Date('2026-11-02T14:00:00Z')]);
});

it('a no-school Monday moves the digest to Tuesday 09:00', async () => {
  await addNoSchool({
    startDate: '2026-05-11',
    label: 'Professional development day',
    createdBy: 'U0LEAD',
    at: new Date('2026-05-01T12:00:00Z'),
  });
  expect(await digestTicks('2026-05-10T12:00:00Z', '2026-05-13T12:00:00Z', 60)).toEqual([new Date('2026-05-12T13:00:00Z')]);
});

it("the digest carries its commission's chart as an image uploaded privately, and is still posted once", async () => {
  await digestTicks('2026-11-30T13:00:00Z', '2026-11-30T15:00:00Z', 30);
  const posts = fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === 'C0HEALTH');
  expect(posts).toHaveLength(1);
  const blocks = posts[0].args.blocks as Array<{ type: string; slack_file?: { id: string }; alt_text?: string }>;
  const image = blocks.find((b) => b.type === 'image');
  expect(image?.slack_file?.id).toEqual(expect.any(String));
  expect(image?.alt_text).toBeTruthy();
  expect(fake.uploadedFiles).toHaveLength(1);
  const file = fake.uploadedFiles[0];
  expect(file.id).toBe(image?.slack_file?.id);
  expect(file.channels ?? []).toEqual([]);
  expect(file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
});
