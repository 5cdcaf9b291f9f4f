import mongoose from 'mongoose';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { connectDatabase } from '../../src/db/connection';
import { UNEXPECTED_MESSAGE } from '../../src/errors';
import { NOT_YET_CONFIRMED } from '../../src/slack/forms';
import { HOME_STILL_LOADING, STILL_WORKING } from '../../src/slack/request-deadline';
import { LEAD, seedBasics, storedFields, type Seeded } from '../commitments/fixtures';
import { testDatabaseName, testServerUri } from '../support/db';
import type { FakeSlackCall } from '../support/fake-slack';
import { startHarness, type Harness } from '../support/harness';
import { events } from '../support/slack-requests';
import { TcpProxy } from '../support/tcp-proxy';
import { commitmentFormValues } from './support/forms';
import { getStatus, until } from './support/health';

/**
 * A database that drops packets instead of refusing them (a host gone silent, a firewall dropping): nothing is
 * reset, the driver's requests simply get no answer. The app runs with production's CONNECTION_SETTINGS, whose
 * socket timeout is long (a slow database must be able to finish): the request deadline answers the person inside
 * Slack's 3 s, for a command, a button, a form submission, an options request and the Home tab, whether the
 * silence starts before the request (the person cannot be read: "try again") or inside the listener ("still
 * working, the result will follow" — and it does follow once the packets flow again). The same process recovers.
 */

const SLACK_MS = 3_000;
/** How long a test waits for the answer that follows a notice (the driver sees the database again). */
const FOLLOW_MS = 60_000;

/** What the person was told first, and how to wait for what follows it. */
interface Told {
  httpMs: number;
  toldMs: number;
  text: string;
  /** The next answer at the same place (after `told`). */
  next: () => Promise<FakeSlackCall>;
}

describe('the database drops every packet', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let seeded: Seeded;

  beforeAll(async () => {
    h = await startHarness({ now: new Date('2026-09-15T14:00:00Z'), noticesAreAnswers: true });
    seeded = await seedBasics();
    // the stand-in compiles its Home-tab schema on first use (seconds on this machine): once here, not in a timing
    await h.slack.event(events.appHomeOpened(LEAD));
    await h.fake.waitFor('views.publish', (c) => c.args.user_id === LEAD, 20_000);
    const server = new URL(testServerUri());
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    await mongoose.disconnect();
    // production's settings; command monitoring (an observation, no timeout) lets a test swallow after a given read
    await connectDatabase(`mongodb://127.0.0.1:${proxy.port}/${testDatabaseName()}?monitorCommands=true`);
  });
  afterAll(async () => {
    proxy.restore();
    await h.stop();
    await proxy.stop();
  });

  afterEach(() => proxy.restore());

  /**
   * Until the app is well again: /healthz says 200 and the driver's server monitor has had two answers since now
   * (a restore drops every connection at once, which can leave the monitor stuck after its first one until the
   * watchdog replaces the client, src/db/monitor-watchdog.ts: the next request must not run into that replacement).
   */
  async function recovered(what: string): Promise<void> {
    let beats = 0;
    let watched: ReturnType<typeof mongoose.connection.getClient> | undefined;
    const onBeat = () => {
      beats += 1;
    };
    try {
      await until(
        what,
        async () => {
          const client = mongoose.connection.getClient();
          if (client !== watched) {
            beats = 0;
            watched?.off('serverHeartbeatSucceeded', onBeat);
            client.on('serverHeartbeatSucceeded', onBeat);
            watched = client;
          }
          return beats >= 2 && (await getStatus(`${h.baseUrl}/healthz`)) === 200;
        },
        90_000,
      );
    } finally {
      watched?.off('serverHeartbeatSucceeded', onBeat);
    }
  }

  /**
   * Swallows everything from the first database command that starts after the people read of the next request has
   * been answered (a command started while that read is in flight would swallow its answer instead: the person
   * could not be read, which the second test covers).
   */
  function swallowAfterPeopleRead(): () => void {
    const client = mongoose.connection.getClient();
    let peopleRead: number | undefined;
    let personRead = false;
    const onStarted = (e: { commandName: string; command: Record<string, unknown>; requestId: number }) => {
      if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
      if (e.command[e.commandName] === 'people') peopleRead = e.requestId;
      else if (personRead) {
        proxy.swallow();
        disarm();
      }
    };
    const onSucceeded = (e: { requestId: number }) => {
      if (e.requestId === peopleRead) personRead = true;
    };
    const disarm = () => {
      client.off('commandStarted', onStarted);
      client.off('commandSucceeded', onSucceeded);
    };
    client.on('commandStarted', onStarted);
    client.on('commandSucceeded', onSucceeded);
    return disarm;
  }

  /** A request and the first call of `method` matching `at` it caused: when and what the person was told. */
  async function timed(
    send: () => Promise<{ json?: unknown; sent: Record<string, unknown> }>,
    method: string,
    at: (c: FakeSlackCall, sent: Record<string, unknown>) => boolean,
  ): Promise<Told> {
    const t0 = Date.now();
    const res = await send();
    const httpMs = Date.now() - t0;
    const told = await h.fake.waitFor(method, (c) => c.at >= t0 && at(c, res.sent), 20_000);
    return {
      httpMs,
      toldMs: told.at - t0,
      text: JSON.stringify(told.args),
      next: () => h.fake.waitFor(method, (c) => c.at > told.at && c !== told && at(c, res.sent), FOLLOW_MS),
    };
  }

  const sameResponseUrl = (c: FakeSlackCall, sent: Record<string, unknown>) => c.path === new URL(String(sent.response_url)).pathname;

  const kinds = (commitmentId: string): Record<string, () => Promise<Told>> => ({
    command: () => timed(() => h.slack.command('/iec', 'commitments', { userId: LEAD }), 'response_url', sameResponseUrl),
    button: () =>
      timed(
        () =>
          h.slack.blockAction({
            userId: LEAD,
            ephemeral: true,
            type: 'static_select',
            actionId: ACTION.status,
            blockId: BLOCK.partner,
            selectedOption: `${commitmentId}:cancelled`,
          }),
        'response_url',
        sameResponseUrl,
      ),
    'form submission': async () => {
      const form = h.fake.seedView({ callback_id: 'commitment_form', blocks: [] });
      const t0 = Date.now();
      const res = await h.slack.viewSubmission({
        userId: LEAD,
        view: { id: form.id, callback_id: 'commitment_form' },
        values: commitmentFormValues(seeded.conEd),
      });
      const httpMs = Date.now() - t0;
      const action = (res.json as { response_action?: string } | undefined)?.response_action;
      // "Saving…" at once (update), then the form helper's views.update; anything else is the answer itself
      if (action !== 'update')
        return { httpMs, toldMs: httpMs, text: JSON.stringify(res.json), next: () => Promise.reject(new Error('none')) };
      const ofForm = (c: FakeSlackCall) => c.args.view_id === form.id;
      const told = await h.fake.waitFor('views.update', (c) => c.at >= t0 && ofForm(c), 20_000);
      return {
        httpMs,
        toldMs: told.at - t0,
        text: JSON.stringify(told.args),
        next: () => h.fake.waitFor('views.update', (c) => c.at > told.at && ofForm(c), FOLLOW_MS),
      };
    },
    'options request': async () => {
      const form = h.fake.seedView({ callback_id: 'commitment_form', blocks: [] });
      const t0 = Date.now();
      const res = await h.slack.options({
        userId: LEAD,
        actionId: ACTION.partner,
        blockId: BLOCK.partner,
        value: 'con',
        view: { id: form.id },
      });
      const httpMs = Date.now() - t0;
      return { httpMs, toldMs: httpMs, text: JSON.stringify(res.json), next: () => Promise.reject(new Error('none')) };
    },
    'Home tab': () =>
      timed(
        async () => ({ ...(await h.slack.event(events.appHomeOpened(LEAD))), sent: {} }),
        'views.publish',
        (c) => c.args.user_id === LEAD,
      ),
  });

  const expectInTime = (kind: string, a: Told) =>
    expect({ kind, httpLate: a.httpMs >= SLACK_MS, toldLate: a.toldMs >= SLACK_MS ? a.toldMs : false }).toEqual({
      kind,
      httpLate: false,
      toldLate: false,
    });

  /** What each kind says while its listener waits on the silent database: not done yet, the result follows. */
  const stillWorking: Record<string, string> = {
    command: STILL_WORKING,
    button: STILL_WORKING,
    'form submission': NOT_YET_CONFIRMED,
    'Home tab': HOME_STILL_LOADING,
  };
  const shown = (text: string) => JSON.stringify(text).slice(1, 60);

  it('inside the listener: tells each kind in time that the result will follow, and it follows once the database is back', async () => {
    const commitment = await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison'));
    for (const [kind, send] of Object.entries(kinds(String(commitment._id)))) {
      const disarm = swallowAfterPeopleRead();
      const told = await send();
      disarm();
      expectInTime(kind, told);
      if (kind === 'options request') {
        // answered from each replica's in-memory name index (no database round trip; other work may have set off the
        // silence meanwhile), or with no options when the deadline came first: never a wrong list, never late
        const values = (JSON.parse(told.text) as { options: Array<{ value: string }> }).options.map((o) => o.value);
        expect(values).toEqual(values.length > 0 ? [String(seeded.conEd)] : []);
        proxy.restore();
        await recovered(`the app is well after the ${kind}`);
        continue;
      }
      expect({ kind, swallowing: proxy.isSwallowing }).toEqual({ kind, swallowing: true });
      expect({ kind, text: told.text }).toEqual({ kind, text: expect.stringContaining(shown(stillWorking[kind])) });
      expect({ kind, text: told.text }).toEqual({ kind, text: expect.not.stringContaining('nothing was changed') });
      // the packets flow again: the answer the person was promised arrives, at the same place
      proxy.restore();
      const followed = JSON.stringify((await told.next()).args);
      expect({ kind, followed }).toEqual({ kind, followed: expect.not.stringContaining(shown(UNEXPECTED_MESSAGE)) });
      await recovered(`the app is well after the ${kind}`);
    }
  }, 480_000);

  it('before the request: each kind is told in time to try again, nothing is done, and the app recovers without a restart', async () => {
    const commitment = await CommitmentModel.findOne({ partnerId: seeded.conEd }).lean();
    const before = JSON.stringify(commitment);
    proxy.swallow();
    for (const [kind, send] of Object.entries(kinds(String(commitment?._id)))) {
      const told = await send();
      expectInTime(kind, told);
      if (kind === 'options request') expect(JSON.parse(told.text)).toEqual({ options: [] });
      else expect({ kind, text: told.text }).toEqual({ kind, text: expect.stringContaining('try again in a minute') });
    }
    proxy.restore();
    await recovered('the app is well again');
    const list = await timed(() => h.slack.command('/iec', 'commitments', { userId: LEAD }), 'response_url', sameResponseUrl);
    expectInTime('command after recovery', list);
    expect(list.text).toContain('Con Edison');
    expect(list.text).not.toContain('try again');
    expect(JSON.stringify(await CommitmentModel.findById(commitment?._id).lean())).toBe(before);
  }, 240_000);
});
