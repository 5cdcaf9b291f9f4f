import { createDeliveryClient, DEFAULT_CLIENT_TIMEOUT_MS } from '../../src/scheduler/delivery';
import { NotificationModel } from '../../src/scheduler/model';
import { DEFAULT_LEASE_MS, tick, type SchedulerDeps } from '../../src/scheduler/scheduler';
import type { FakeSlack } from '../support/fake-slack';
import { fastTime, REPLICA_TIME_FACTOR } from '../support/time';
import { deliveredKeys, listSource, planned, schedulerTestDeps, useDatabaseAndFakeSlack } from './support/scheduler-fixtures';

/**
 * The ack window: Slack accepted a post, but the sender never heard so (its request timed out, or it died) and the
 * database does not say "sent". Whoever tries next finds the message in the channel by the key in its metadata.
 */

const MIN = 60_000;
const NOW = new Date('2026-05-04T13:00:00Z');

const slack = useDatabaseAndFakeSlack();
let fake: FakeSlack;
beforeEach(() => {
  fake = slack();
});

const source = () => listSource('test', [planned('a', NOW, { channel: 'C1' })]);

/** A replica with production's settings, on virtual time (its waits cost nothing real). */
function replica(owner: string, overrides: Partial<SchedulerDeps> = {}) {
  return schedulerTestDeps(fake, [source()], {
    owner,
    client: createDeliveryClient(`xoxb-${owner}`, { apiUrl: fake.apiUrl }),
    ...overrides,
  });
}

/**
 * A replica whose clock runs REPLICA_TIME_FACTOR times as fast, for a post that hangs: its client gives up after
 * production's 20 s on that clock (1 s real), and its lease, backoffs and time budget run on the same clock.
 */
function fastReplica(owner: string) {
  const time = fastTime(REPLICA_TIME_FACTOR);
  const client = createDeliveryClient(`xoxb-${owner}`, { apiUrl: fake.apiUrl, timeoutMs: time.real(DEFAULT_CLIENT_TIMEOUT_MS) });
  return schedulerTestDeps(fake, [source()], { owner, client }, time);
}

/** For a replica whose wall clock runs this far ahead, every lease of the others has expired (a fast replica's too, for its first 3 real seconds). */
const later = () => new Date(Date.now() + DEFAULT_LEASE_MS + MIN);

async function until(condition: () => boolean): Promise<void> {
  const end = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const hungPost = () => fake.calls.some((c) => c.method === 'chat.postMessage' && c.status === 0);

it('a timeout whose post Slack had accepted is recorded from the history, not sent again', async () => {
  fake.fail('chat.postMessage', { acceptThenHang: true });
  const summary = await tick(NOW, fastReplica('r1'));
  expect(summary).toMatchObject({ sent: 1, retrying: 0 });
  expect(deliveredKeys(fake)).toEqual(['a']);
  const doc = await NotificationModel.findOne({ key: 'a' }).lean();
  expect(doc).toMatchObject({ status: 'sent', attempts: 1, slack: { channel: 'C1', ts: fake.messages('C1')[0].ts } });
  expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
});

it('a claim taken over after its post was accepted but never answered is found in the history, not sent twice', async () => {
  fake.fail('chat.postMessage', { acceptThenHang: true });
  const first = fastReplica('r1');
  const stuck = tick(NOW, first); // r1 is "dead" from here on: its post was accepted, it never hears back
  await until(hungPost);

  const summary = await tick(NOW, replica('r2', { wallClock: later }));
  expect(summary).toMatchObject({ takenOver: 1, sent: 1 });
  expect(fake.callsTo('chat.postMessage')).toHaveLength(1); // r2 did not post
  expect(fake.callsTo('conversations.history')).toHaveLength(1);
  const doc = await NotificationModel.findOne({ key: 'a' }).lean();
  expect(doc).toMatchObject({ status: 'sent', owner: 'r2', slack: { channel: 'C1', ts: fake.messages('C1')[0].ts } });

  // when r1's request finally times out, it too finds the message, and records nothing over r2's result
  expect(await stuck).toMatchObject({ sent: 0 });
  expect(first.logger.lines.map((l) => l.text).join('\n')).toContain('taken over by another replica');
  expect(deliveredKeys(fake)).toEqual(['a']);
});

it('a claim taken over after a post that never reached Slack is sent, once', async () => {
  fake.fail('chat.postMessage', { hang: true });
  const stuck = tick(NOW, fastReplica('r1'));
  await until(() => fake.calls.some((c) => c.error === 'hang'));

  const summary = await tick(NOW, replica('r2', { wallClock: later }));
  expect(summary).toMatchObject({ takenOver: 1, sent: 1 });
  expect(deliveredKeys(fake)).toEqual(['a']);
  const doc = await NotificationModel.findOne({ key: 'a' }).lean();
  expect(doc).toMatchObject({ status: 'sent', owner: 'r2', attempts: 2, slack: { ts: fake.messages('C1')[0].ts } });

  await stuck; // r1 times out, looks, and finds r2's message
  expect(deliveredKeys(fake)).toEqual(['a']);
});

describe('when the history cannot be read', () => {
  async function deadClaim(): Promise<void> {
    const wall = Date.now();
    await NotificationModel.create({
      key: 'a',
      kind: 'test',
      status: 'claimed',
      owner: 'dead',
      leaseUntil: new Date(wall - 1000),
      attempt: { channel: 'C1', startedAt: new Date(wall - 5000) },
      attempts: 1,
      dueAt: NOW,
      expiresAt: new Date(NOW.getTime() + 60 * MIN),
      recipient: { channel: 'C1' },
      ref: {},
    });
  }

  it('Slack failing: nothing is sent; a later tick tries again, and when it is too late the claim fails with the reason', async () => {
    await deadClaim();
    fake.fail('conversations.history', { status: 503 }, 100);
    const deps = replica('r2');
    expect(await tick(NOW, deps)).toMatchObject({ takenOver: 1, sent: 0, retrying: 1 });
    expect(await NotificationModel.findOne({ key: 'a' }).lean()).toMatchObject({
      status: 'claimed',
      lastError: expect.stringContaining('could not check'),
    });

    const tooLate = new Date(NOW.getTime() + 2 * 60 * MIN);
    expect(await tick(tooLate, replica('r3', { wallClock: later }))).toMatchObject({ failed: 1 });
    const doc = await NotificationModel.findOne({ key: 'a' }).lean();
    expect(doc?.status).toBe('failed');
    expect(doc?.reason).toMatch(/could not check whether an earlier attempt reached Slack \(HTTP 503\) until it was too late/);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('for good (a missing scope): the notification fails with the reason and the administrators hear it once', async () => {
    await deadClaim();
    fake.fail('conversations.history', { error: 'missing_scope' });
    expect(await tick(NOW, replica('r2'))).toMatchObject({ failed: 1 });
    const doc = await NotificationModel.findOne({ key: 'a' }).lean();
    expect(doc?.reason).toMatch(
      /^could not check whether an earlier attempt reached Slack, so it was not sent again: the app lacks a permission/,
    );
    expect(deliveredKeys(fake)).toEqual(['failure:a:UADMIN01']);
  });
});
