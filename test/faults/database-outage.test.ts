import { request } from 'node:http';
import mongoose from 'mongoose';
import { CommissionModel } from '../../src/commissions/model';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { connectDatabase } from '../../src/db/connection';
import { UNAVAILABLE_MESSAGE, UNEXPECTED_MESSAGE } from '../../src/errors';
import { createDeliveryClient } from '../../src/scheduler/delivery';
import { NotificationModel } from '../../src/scheduler/model';
import { tick, type SchedulerDeps, type TickSummary } from '../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification } from '../../src/scheduler/types';
import { LEAD, seedBasics, type Seeded } from '../commitments/fixtures';
import { testDatabaseName, testServerUri } from '../support/db';
import type { FakeSlackCall } from '../support/fake-slack';
import { startHarness, type Harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The database becomes unreachable in the middle of a run: a loopback TCP proxy between the app and the
 * database starts dropping every connection while the scheduler is sending. Commands and modals answer
 * "try again in a minute", /healthz says 503; when the database is back the same process recovers (no
 * restart), /healthz says 200, commands work, and every claimed notification is sent exactly once, including
 * those Slack accepted just before the database went away.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const COUNT = 40;
const CUT_AFTER = 12;
const KIND = 'outage-test';
const LEASE_MS = 60_000;

const items: PlannedNotification[] = Array.from({ length: COUNT }, (_, i) => ({
  key: `${KIND}:${i}`,
  kind: KIND,
  dueAt: new Date(NOW.getTime() - (i + 1) * 1000),
  expiresAt: new Date(NOW.getTime() + 24 * 3_600_000),
  recipient: i % 4 === 0 ? { user: `UOUT${String(i).padStart(4, '0')}` } : { channel: `COUT${i % 5}` },
  ref: { i },
}));

const source: NotificationSource = {
  kind: KIND,
  plan: async (w) => items.filter((n) => n.dueAt > w.from && n.dueAt <= w.to),
  render: async (n) => ({ message: { text: `notification ${n.key}` } }),
};

function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    request(url, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', () => resolve(0))
      .end();
  });
}

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the database goes away in the middle of a run', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let seeded: Seeded;
  let wall = Date.now();

  beforeAll(async () => {
    h = await startHarness({ now: NOW });
    seeded = await seedBasics();
    await CommissionModel.updateOne({ key: 'construction' }, { $set: { channelId: 'C0CONSTR01' } });
    // From here on the app reaches its database only through the proxy.
    const server = new URL(testServerUri());
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    await mongoose.disconnect();
    // Shorter waits than production's, so the file stays fast: operations give up after 2-3 s instead of 5-10 s, and
    // a stuck driver monitor (see src/db/monitor-watchdog.ts; it happens in about one run in three here) is
    // replaced after 5 s instead of 60 s.
    mongoose.set('bufferTimeoutMS', 3_000);
    await connectDatabase(`mongodb://127.0.0.1:${proxy.port}/${testDatabaseName()}`, {
      serverSelectionTimeoutMS: 2_000,
      stuckHeartbeatMs: 5_000,
    });
  });
  afterAll(async () => {
    proxy.restore();
    await h.stop();
    await proxy.stop();
  });

  const deps = (): SchedulerDeps => ({
    client: createDeliveryClient('xoxb-outage-test', { apiUrl: h.fake.apiUrl, timeoutMs: 5_000 }),
    sources: [source],
    logger: h.logger,
    timeZone: 'America/New_York',
    admins: [],
    owner: `replica-${wall}`,
    leaseMs: LEASE_MS,
    retryDelayMs: 1_000,
    concurrency: 4,
    delivery: { baseBackoffMs: 20, maxTotalMs: 5_000 },
    wallClock: () => new Date(wall),
  });

  /** What the person saw after `/iec <text>` or `/commit`: the response_url post of that very request. */
  async function answerTo(command: string, text: string): Promise<FakeSlackCall> {
    const res = await h.slack.command(command, text, { userId: LEAD });
    expect(res.status).toBe(200);
    const path = new URL(res.sent.response_url).pathname;
    return h.fake.waitFor('response_url', (c) => c.path === path, 20_000);
  }

  const delivered = () =>
    h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.ok)
      .map((c) => String(c.args.text).replace(/^notification /, ''));

  it('answers clearly while it is down, says 503, recovers without a restart, and sends each claimed notification once', async () => {
    expect(await getStatus(`${h.baseUrl}/healthz`)).toBe(200);

    // The scheduler is sending; after some messages the database goes away under it.
    const stopWatching = h.fake.subscribe((call) => {
      if (call.method === 'chat.postMessage' && call.ok && delivered().length >= CUT_AFTER && !proxy.isCut) proxy.cut();
    });
    const firstTick: TickSummary = await tick(NOW, deps());
    stopWatching();
    expect(proxy.isCut).toBe(true);
    expect(firstTick.errors.length).toBeGreaterThan(0);
    expect(delivered().length).toBeGreaterThanOrEqual(CUT_AFTER);
    expect(delivered().length).toBeLessThan(COUNT);

    // While it is down: commands and a modal answer "try again in a minute"; /healthz says 503.
    expect(await getStatus(`${h.baseUrl}/healthz`)).toBe(503);
    for (const [command, text] of [
      ['/iec', 'commitments'],
      ['/iec', 'partner show Con Edison'],
      ['/iec', 'digest construction'],
      ['/commit', 'Con Edison'],
    ]) {
      const answer = await answerTo(command, text);
      expect({ command, text, answer: answer.args.text }).toEqual({ command, text, answer: UNAVAILABLE_MESSAGE });
      expect(answer.args.response_type).toBe('ephemeral');
    }
    const form = h.fake.seedView({ callback_id: 'commitment_form', blocks: [] });
    const submitted = await h.slack.viewSubmission({
      userId: LEAD,
      view: { id: form.id, callback_id: 'commitment_form' },
      values: {
        [BLOCK.partner]: {
          [ACTION.partner]: {
            type: 'external_select',
            selected_option: { text: { type: 'plain_text', text: 'Con Edison' }, value: String(seeded.conEd) },
          },
        },
        [BLOCK.commission]: {
          [ACTION.commission]: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Construction' }, value: 'construction' },
          },
        },
        [BLOCK.type]: {
          [ACTION.type]: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Mentoring' }, value: 'mentoring' },
          },
        },
        [BLOCK.quantity]: { [ACTION.quantity]: { type: 'plain_text_input', value: '4' } },
        [BLOCK.startDate]: { [ACTION.startDate]: { type: 'datepicker', selected_date: '2026-10-01' } },
      },
    });
    // the form stays underneath (what was typed is kept); the message on top says to try again
    expect(submitted.json?.response_action).toBe('push');
    expect(JSON.stringify(submitted.json?.view)).toContain('try again in a minute');
    expect(h.fake.callsTo('response_url').map((c) => c.args.text)).not.toContain(UNEXPECTED_MESSAGE);

    // The database comes back: the same process recovers.
    proxy.restore();
    await until('/healthz says 200 again', async () => (await getStatus(`${h.baseUrl}/healthz`)) === 200, 30_000);
    const list = await answerTo('/iec', 'commitments');
    expect(list.args.text).not.toBe(UNAVAILABLE_MESSAGE);
    expect(await CommitmentModel.countDocuments()).toBe(0); // the submission made during the outage recorded nothing

    // Later ticks (after the dead claims' lease) finish the run: every notification sent exactly once.
    for (let i = 0; i < 5 && (await NotificationModel.countDocuments({ kind: KIND, status: { $ne: 'sent' } })) > 0; i++) {
      wall += LEASE_MS + 1_000;
      await tick(NOW, deps());
    }
    const keys = delivered();
    const duplicated = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect({ duplicated, missing: items.map((n) => n.key).filter((k) => !keys.includes(k)) }).toEqual({ duplicated: [], missing: [] });
    // the message Slack accepted as the database went away was found in the channel, not posted again
    expect(h.logger.text()).toMatch(/had reached Slack before its sender could record it; found it, not sent again/);
    const docs = await NotificationModel.find({ kind: KIND }).lean();
    expect(docs).toHaveLength(COUNT);
    expect(docs.filter((d) => d.status !== 'sent').map((d) => `${d.key}: ${d.status} ${d.reason ?? ''}`)).toEqual([]);
  }, 90_000);
});
