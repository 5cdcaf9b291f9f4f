import mongoose from 'mongoose';
import { CommissionModel } from '../../src/commissions/model';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { connectDatabase } from '../../src/db/connection';
import { UNAVAILABLE_MESSAGE, UNEXPECTED_MESSAGE } from '../../src/errors';
import { createDeliveryClient } from '../../src/scheduler/delivery';
import { NotificationModel } from '../../src/scheduler/model';
import { DEFAULT_LEASE_MS, tick, type SchedulerDeps, type TickSummary } from '../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification } from '../../src/scheduler/types';
import { LEAD, seedBasics, storedFields, type Seeded } from '../commitments/fixtures';
import { testDatabaseName, testServerUri } from '../support/db';
import type { FakeSlackCall } from '../support/fake-slack';
import { events } from '../support/slack-requests';
import { startHarness, type Harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';
import { commitmentFormValues } from './support/forms';
import { getStatus, until } from './support/health';
import { HOME_STILL_LOADING, STILL_WORKING } from '../../src/slack/request-deadline';

/**
 * The database becomes unreachable in the middle of a run: a loopback TCP proxy between the app and the
 * database starts dropping every connection while the scheduler is sending. Every kind of request — a command, a
 * button, a form submission, a type-ahead, the Home tab — is answered "try again in a minute" inside Slack's 3 s,
 * /healthz says 503; when the database is back the same process recovers (no restart), /healthz says 200, commands
 * work, and every claimed notification is sent exactly once, including those Slack accepted just before the
 * database went away. Then the database goes away again just after each request's person was read (past the actor
 * middleware): the listener's own database work fails, and is still answered in time, with nothing half-written.
 *
 * The app runs with the connection settings it has in production (src/db/connection.ts): nothing is lowered here.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const COUNT = 40;
const CUT_AFTER = 12;
const KIND = 'outage-test';
/** Slack's limit for an answer: the acknowledgement, and here also the message that says what happened. */
const SLACK_MS = 3_000;

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

describe('the database goes away in the middle of a run', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let seeded: Seeded;
  let wall = Date.now();

  beforeAll(async () => {
    h = await startHarness({ now: NOW, noticesAreAnswers: true });
    seeded = await seedBasics();
    await CommissionModel.updateOne({ key: 'construction' }, { $set: { channelId: 'C0CONSTR01' } });
    // The Home tab opened once while all is well: the stand-in compiles its Home-tab schema on first use (seconds on
    // this machine), which would otherwise count against the app's answer below.
    await h.slack.event(events.appHomeOpened(LEAD));
    await h.fake.waitFor('views.publish', (c) => c.args.user_id === LEAD, 20_000);
    // From here on the app reaches its database only through the proxy.
    const server = new URL(testServerUri());
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    await mongoose.disconnect();
    // production's settings; command monitoring (an observation, no timeout) lets a test cut just after a given read
    await connectDatabase(`mongodb://127.0.0.1:${proxy.port}/${testDatabaseName()}?monitorCommands=true`);
  });
  afterAll(async () => {
    proxy.restore();
    await h.stop();
    await proxy.stop();
  });

  const deps = (): SchedulerDeps => ({
    // production's lease, retry delay, attempts, time budget and client timeout, on a virtual wall clock: the test
    // moves it past a lease, and delivery's waits (backoff, Retry-After) move it instead of taking real time
    client: createDeliveryClient('xoxb-outage-test', { apiUrl: h.fake.apiUrl }),
    sources: [source],
    logger: h.logger,
    timeZone: 'America/New_York',
    admins: [],
    owner: `replica-${wall}`,
    delivery: {
      sleep: async (ms) => {
        wall += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    },
    wallClock: () => new Date(wall),
  });

  /** What the person saw after `/iec <text>` or `/commit`: the response_url post of that very request. */
  async function answerTo(command: string, text: string): Promise<FakeSlackCall> {
    const res = await h.slack.command(command, text, { userId: LEAD });
    expect(res.status).toBe(200);
    const path = new URL(res.sent.response_url).pathname;
    return h.fake.waitFor('response_url', (c) => c.path === path, 20_000);
  }

  /** A request of some kind and what the person saw: its HTTP answer time, and when and what they were told. */
  interface Answered {
    httpMs: number;
    answerMs: number;
    answer: string;
    /** The next answer at the same place (after a "still working" notice of the request deadline). */
    later?: () => Promise<string>;
  }
  const timed = async (send: () => Promise<{ json?: unknown }>, told: (t0: number, json: unknown) => Promise<FakeSlackCall | string>) => {
    const t0 = Date.now();
    const res = await send();
    const httpMs = Date.now() - t0;
    const said = await told(t0, res.json);
    return typeof said === 'string'
      ? { httpMs, answerMs: httpMs, answer: said }
      : {
          httpMs,
          answerMs: said.at - t0,
          answer: JSON.stringify(said.args),
          later: async () => JSON.stringify((await h.fake.waitFor(said.method, (c) => c.at > said.at && samePlace(c, said), 30_000)).args),
        };
  };
  const samePlace = (a: FakeSlackCall, b: FakeSlackCall) =>
    a.path === b.path && a.args.user_id === b.args.user_id && a.args.view_id === b.args.view_id;
  const replyTo = (sent: { response_url: string }) => () =>
    h.fake.waitFor('response_url', (c) => c.path === new URL(sent.response_url).pathname, 20_000);

  const submittedForms: string[] = [];
  /** Each kind of request a person makes, sent once. `commitmentId`: a commitment whose status button is pressed. */
  const kinds = (commitmentId: string): Record<string, () => Promise<Answered>> => ({
    command: async () => {
      let sent: { response_url: string } | undefined;
      return timed(
        async () => {
          const res = await h.slack.command('/iec', 'commitments', { userId: LEAD });
          sent = res.sent;
          return res;
        },
        () => replyTo(sent!)(),
      );
    },
    button: async () => {
      let sent: { response_url?: string } | undefined;
      return timed(
        async () => {
          const res = await h.slack.blockAction({
            userId: LEAD,
            ephemeral: true,
            type: 'static_select',
            actionId: ACTION.status,
            blockId: 'any',
            selectedOption: `${commitmentId}:cancelled`,
          });
          sent = res.sent;
          return res;
        },
        () => replyTo({ response_url: sent!.response_url! })(),
      );
    },
    'form submission': () => {
      const form = h.fake.seedView({ callback_id: 'commitment_form', blocks: [] });
      submittedForms.push(form.id);
      return timed(
        () =>
          h.slack.viewSubmission({
            userId: LEAD,
            view: { id: form.id, callback_id: 'commitment_form' },
            values: commitmentFormValues(seeded.conEd),
          }),
        async (t0, json) => {
          // the form helper answers "Saving…" at once (update) and tells the outcome by views.update of that view
          if ((json as { response_action?: string } | undefined)?.response_action !== 'update') return JSON.stringify(json);
          const told = await h.fake.waitFor(
            'views.update',
            (c) =>
              c.at >= t0 && c.args.view_id === form.id && /not saved yet|try again|submitting again is safe/i.test(JSON.stringify(c.args)),
            20_000,
          );
          return { ...told, args: { response_action: 'update', ...told.args } };
        },
      );
    },
    'options load': () => {
      const form = h.fake.seedView({ callback_id: 'commitment_form', blocks: [] });
      return timed(
        () => h.slack.options({ userId: LEAD, actionId: ACTION.partner, blockId: BLOCK.partner, value: 'con', view: { id: form.id } }),
        async (_t0, json) => JSON.stringify(json),
      );
    },
    'Home opened': () =>
      timed(
        () => h.slack.event(events.appHomeOpened(LEAD)),
        (t0) => h.fake.waitFor('views.publish', (c) => c.at >= t0 && c.args.user_id === LEAD, 20_000),
      ),
  });

  /** What each kind must answer while the database is away: within Slack's 3 s, saying to try again. */
  const expectTryAgain = (kind: string, a: Answered) => {
    const late = [`HTTP answer ${a.httpMs} ms`, `told ${a.answerMs} ms`].filter((_, i) => [a.httpMs, a.answerMs][i] >= SLACK_MS);
    expect({ kind, late }).toEqual({ kind, late: [] });
    if (kind === 'options load') expect(JSON.parse(a.answer)).toEqual({ options: [] });
    else if (kind === 'form submission') {
      // the form stays underneath, or shows the error inline: what was typed is kept
      expect(['push', 'errors', 'update']).toContain(JSON.parse(a.answer).response_action);
      expect(a.answer).toMatch(/try again|resubmitting is safe|submitting again is safe/i);
    } else expect({ kind, answer: a.answer }).toEqual({ kind, answer: expect.stringContaining('try again in a minute') });
  };

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

    // While it is down: every kind of request is answered in time, saying to try again; /healthz says 503.
    expect(await getStatus(`${h.baseUrl}/healthz`)).toBe(503);
    for (const [command, text] of [
      ['/iec', 'partner show Con Edison'],
      ['/iec', 'digest construction'],
      ['/commit', 'Con Edison'],
    ]) {
      const answer = await answerTo(command, text);
      expect({ command, text, answer: answer.args.text }).toEqual({ command, text, answer: UNAVAILABLE_MESSAGE });
      expect(answer.args.response_type).toBe('ephemeral');
    }
    for (const [kind, send] of Object.entries(kinds('0123456789abcdef01234567'))) expectTryAgain(kind, await send());
    expect(h.fake.callsTo('response_url').map((c) => c.args.text)).not.toContain(UNEXPECTED_MESSAGE);

    // The database comes back: the same process recovers.
    proxy.restore();
    await until('/healthz says 200 again', async () => (await getStatus(`${h.baseUrl}/healthz`)) === 200, 30_000);
    const list = await answerTo('/iec', 'commitments');
    expect(list.args.text).not.toBe(UNAVAILABLE_MESSAGE);
    expect(await CommitmentModel.countDocuments()).toBe(0); // the submission made during the outage recorded nothing

    // Later ticks (after the dead claims' lease) finish the run: every notification sent exactly once.
    for (let i = 0; i < 5 && (await NotificationModel.countDocuments({ kind: KIND, status: { $ne: 'sent' } })) > 0; i++) {
      wall += DEFAULT_LEASE_MS + 1_000;
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
  }, 180_000);

  /** Cuts the proxy as the first database command after the people read of the next request is sent; returns a disarm. */
  function cutAfterPeopleRead(): () => void {
    const client = mongoose.connection.getClient();
    let personRead = false;
    const onCommand = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
      if (e.command[e.commandName] === 'people') personRead = true;
      else if (personRead) {
        proxy.cut();
        client.off('commandStarted', onCommand);
      }
    };
    client.on('commandStarted', onCommand);
    return () => client.off('commandStarted', onCommand);
  }

  it('answers in time when the database goes away after the person was read, writes nothing half, and recovers each time', async () => {
    const commitment = await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison'));
    const before = await CommitmentModel.findById(commitment._id).lean();
    for (const [kind, send] of Object.entries(kinds(String(commitment._id)))) {
      // what the previous kind set off once the database was back (a saved form's Home refresh) is done first: its
      // views.publish would be taken for this request's answer
      await h.idle();
      const disarm = cutAfterPeopleRead();
      const answered = await send();
      disarm();
      if (kind === 'options load') {
        // the type-ahead answers from each replica's in-memory name index (no database round trip; other work, e.g.
        // the Home refresh of a form saved once the database was back, may have set off the cut meanwhile), or with
        // no options: in time, and never a wrong list
        const values = (JSON.parse(answered.answer) as { options: Array<{ value: string }> }).options.map((o) => o.value);
        expect({ kind, late: answered.httpMs >= SLACK_MS, values }).toEqual({
          kind,
          late: false,
          values: values.length > 0 ? [String(seeded.conEd)] : [],
        });
        if (proxy.isCut) {
          proxy.restore();
          await until('/healthz says 200 after the options load', async () => (await getStatus(`${h.baseUrl}/healthz`)) === 200, 60_000);
        }
        continue;
      }
      expect({ kind, cut: proxy.isCut }).toEqual({ kind, cut: true });
      // a read cut under it is tried again by the driver (for up to serverSelectionTimeoutMS): the person is told in
      // time that the database is slow (src/slack/request-deadline.ts), then that nothing was done
      const notice = [STILL_WORKING, HOME_STILL_LOADING].find((n) => answered.answer.includes(JSON.stringify(n).slice(1, 60)));
      expectTryAgain(kind, notice && answered.later ? { ...answered, answer: await answered.later() } : answered);
      proxy.restore();
      await until(`/healthz says 200 after the ${kind}`, async () => (await getStatus(`${h.baseUrl}/healthz`)) === 200, 60_000);
    }
    // nothing half-written: the commitment is as it was (no status change, no history line)
    expect(await CommitmentModel.findById(commitment._id).lean()).toEqual(before);
    // the form was told "not saved yet, the result follows": its save, tried again by the driver, may complete once
    // the database is back; then it is recorded once and the modal shows it (the promised result)
    const recorded = (await CommitmentModel.countDocuments()) - 1;
    expect(recorded).toBeLessThanOrEqual(1);
    if (recorded === 1) {
      const formId = submittedForms.at(-1);
      const last = await h.fake.waitFor(
        'views.update',
        (c) => c.args.view_id === formId && !/not saved yet/i.test(JSON.stringify(c.args)) && /Con Edison/.test(JSON.stringify(c.args)),
        30_000,
      );
      expect(JSON.stringify(last.args)).not.toMatch(/try again/i);
    }
    expect(h.fake.callsTo('response_url').map((c) => c.args.text)).not.toContain(UNEXPECTED_MESSAGE);
  }, 240_000);
});
