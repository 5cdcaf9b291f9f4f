import type { App } from '@slack/bolt';
import { UNAVAILABLE_MESSAGE } from '../../src/errors';
import type { Feature } from '../../src/slack/features';
import { HOME_STILL_LOADING, REQUEST_DEADLINE_MS, requestKind, STILL_WORKING } from '../../src/slack/request-deadline';
import type { FakeSlackCall } from '../support/fake-slack';
import { isProgressNotice, startHarness, type Harness } from '../support/harness';
import { events } from '../support/slack-requests';

/**
 * The request deadline (src/slack/request-deadline.ts) on listeners that are slow for as long as a test holds
 * them (as a database that does not answer would make them): each kind of request a person waits on hears back
 * inside Slack's 3 s, the listener's own answer follows at the same place (after the notice, never before it),
 * a listener that answers in time gets no notice, and a request whose listener could not start in time is
 * answered "try again" and never carried out.
 */

const SLACK_MS = 3_000;
const USER = 'U0DEADLINE1';

/** Listeners wait on this until the test releases them. */
let release: () => void = () => undefined;
let held: Promise<void> = Promise.resolve();
function hold(): void {
  held = new Promise((resolve) => {
    release = resolve;
  });
}
let ran: string[] = [];

const DONE_BLOCK = { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'done' } };

const slowFeature: Feature = {
  name: 'deadline-test',
  subcommands: [
    {
      name: 'slow',
      help: [],
      run: async (ctx) => {
        ran.push(`command ${ctx.rest}`);
        await held;
        await ctx.reply(`done: ${ctx.rest}`);
      },
    },
  ],
  register(app: App) {
    // a listener that cannot start in time: its person is read too late (as the actor middleware would be)
    app.use(async ({ body, next }) => {
      if ((body as { text?: string }).text === 'slow stalled') await new Promise((r) => setTimeout(r, REQUEST_DEADLINE_MS + 500));
      await next();
    });
    app.action('slow_button', async ({ ack, respond }) => {
      await ack();
      ran.push('button');
      await held;
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'done: button' });
    });
    app.action('slow_home_button', async ({ ack }) => {
      await ack();
      ran.push('home button');
      await held;
    });
    app.options('slow_options', async ({ ack }) => {
      ran.push('options');
      await held;
      await ack({ options: [{ text: { type: 'plain_text', text: 'late' }, value: 'late' }] });
    });
    app.view('slow_form', async ({ ack, body, client }) => {
      ran.push('form');
      await held;
      await ack();
      await client.views.update({
        view_id: body.view.id,
        view: { type: 'modal', title: { type: 'plain_text', text: 'Done' }, blocks: [DONE_BLOCK] },
      });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      ran.push('home');
      await held;
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'done: home' } }] },
      });
    });
  },
};

describe('the request deadline', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ features: [slowFeature], noticesAreAnswers: true });
    // the stand-in compiles its Home-tab schema on first use (seconds on this machine): once here, not in a timing
    release();
    await h.slack.event(events.appHomeOpened(USER));
    await h.fake.waitFor('views.publish', (c) => c.args.user_id === USER, 20_000);
  });
  afterAll(async () => {
    release();
    await h.stop();
  });
  beforeEach(() => {
    ran = [];
    hold();
  });
  afterEach(() => release());

  /** Sends a request; returns its HTTP answer time and the first call of `method` at `where` after it. */
  async function sent(send: () => Promise<{ json?: unknown }>, method: string, where: (c: FakeSlackCall) => boolean) {
    const t0 = Date.now();
    const res = await send();
    const httpMs = Date.now() - t0;
    const told = await h.fake.waitFor(method, (c) => c.at >= t0 && where(c), 10_000);
    return { t0, httpMs, toldMs: told.at - t0, told, json: res.json };
  }
  const inTime = (a: { httpMs: number; toldMs: number }) => ({ httpLate: a.httpMs >= SLACK_MS, toldLate: a.toldMs >= SLACK_MS });
  const onTime = { httpLate: false, toldLate: false };

  it('a slow command is told in time that the result follows; then the result comes, after the notice', async () => {
    let path = '';
    const a = await sent(
      async () => {
        const res = await h.slack.command('/iec', 'slow list', { userId: USER });
        path = new URL(res.sent.response_url).pathname;
        return res;
      },
      'response_url',
      (c) => c.path === path,
    );
    expect(inTime(a)).toEqual(onTime);
    expect(a.told.args).toMatchObject({ response_type: 'ephemeral', text: STILL_WORKING });
    release();
    const done = await h.fake.waitFor('response_url', (c) => c.path === path && c.args.text === 'done: list', 10_000);
    expect(done.at).toBeGreaterThanOrEqual(a.told.at);
    // other tests' harnesses keep this notice out of their waits for an answer, and only it
    expect([isProgressNotice(a.told), isProgressNotice(done)]).toEqual([true, false]);
  });

  it('a command that answers in time gets no notice', async () => {
    release();
    const res = await h.slack.command('/iec', 'slow quick', { userId: USER });
    const path = new URL(res.sent.response_url).pathname;
    await h.fake.waitFor('response_url', (c) => c.path === path && c.args.text === 'done: quick', 10_000);
    await new Promise((r) => setTimeout(r, REQUEST_DEADLINE_MS + 500));
    expect(
      h.fake
        .callsTo('response_url')
        .filter((c) => c.path === path)
        .map((c) => c.args.text),
    ).toEqual(['done: quick']);
  });

  it('a slow button is told in time under its message, and its answer follows', async () => {
    let path = '';
    const a = await sent(
      async () => {
        const res = await h.slack.blockAction({ userId: USER, ephemeral: true, actionId: 'slow_button', blockId: 'b' });
        path = new URL(res.sent.response_url ?? '').pathname;
        return res;
      },
      'response_url',
      (c) => c.path === path,
    );
    expect(inTime(a)).toEqual(onTime);
    expect(a.told.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: STILL_WORKING });
    release();
    await h.fake.waitFor('response_url', (c) => c.path === path && c.args.text === 'done: button', 10_000);
  });

  it('a slow button on the Home tab is told in time on Home, the tab as it was with the notice on top', async () => {
    const homeBlocks = [
      { type: 'section', block_id: 'home_intro', text: { type: 'mrkdwn', text: 'Your commitments' } },
      {
        type: 'actions',
        block_id: 'b',
        elements: [{ type: 'button', action_id: 'slow_home_button', text: { type: 'plain_text', text: 'Go' } }],
      },
    ];
    const a = await sent(
      () =>
        h.slack.blockAction({
          userId: USER,
          actionId: 'slow_home_button',
          blockId: 'b',
          view: { type: 'home', blocks: homeBlocks as never },
        }),
      'views.publish',
      (c) => c.args.user_id === USER,
    );
    expect(inTime(a)).toEqual(onTime);
    const blocks = (a.told.args.view as { blocks: Array<{ text?: { text: string }; block_id?: string }> }).blocks;
    expect(blocks[0].text?.text).toBe(STILL_WORKING);
    expect(blocks[1].block_id).toBe('home_intro');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.at >= a.t0)).toEqual([]); // no DM
    release();
  });

  it('a slow options request is answered in time with no options; the listener’s late list is dropped', async () => {
    const t0 = Date.now();
    const res = await h.slack.options({ userId: USER, actionId: 'slow_options', blockId: 'b', value: 'x' });
    expect(Date.now() - t0).toBeLessThan(SLACK_MS);
    expect(res.json).toEqual({ options: [] });
    release();
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toEqual(['options']);
    expect(h.logger.text()).not.toMatch(/unhandled error in a listener/);
  });

  it('a slow form submission is answered in time with the form and the notice on top', async () => {
    const form = h.fake.seedView({ callback_id: 'slow_form', blocks: [DONE_BLOCK] });
    const t0 = Date.now();
    const res = await h.slack.viewSubmission({ userId: USER, view: { id: form.id, callback_id: 'slow_form' } });
    expect(Date.now() - t0).toBeLessThan(SLACK_MS);
    expect(res.json?.response_action).toBe('update');
    expect(JSON.stringify(res.json?.view)).toContain(JSON.stringify(STILL_WORKING).slice(1, 60));
    release();
    await h.fake.waitFor('views.update', (c) => c.args.view_id === form.id && c.at >= t0, 10_000);
  });

  it('a slow Home tab shows that it is loading in time, then the Home tab', async () => {
    const a = await sent(
      () => h.slack.event(events.appHomeOpened(USER)),
      'views.publish',
      (c) => c.args.user_id === USER,
    );
    expect(inTime(a)).toEqual(onTime);
    expect(JSON.stringify(a.told.args)).toContain(JSON.stringify(HOME_STILL_LOADING).slice(1, 60));
    release();
    const done = await h.fake.waitFor('views.publish', (c) => c.at > a.told.at && JSON.stringify(c.args).includes('done: home'), 10_000);
    expect(done.at).toBeGreaterThanOrEqual(a.told.at);
  });

  it('a request whose listener cannot start in time is told to try again, and is never carried out', async () => {
    release();
    const res = await h.slack.command('/iec', 'slow stalled', { userId: USER });
    const path = new URL(res.sent.response_url).pathname;
    const told = await h.fake.waitFor('response_url', (c) => c.path === path, 10_000);
    expect(told.args).toMatchObject({ response_type: 'ephemeral', text: UNAVAILABLE_MESSAGE });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(ran).toEqual([]);
    expect(h.fake.callsTo('response_url').filter((c) => c.path === path)).toHaveLength(1);
  });

  it('tells the kinds of request apart (other events get no deadline)', () => {
    expect(requestKind({ command: '/iec' })).toBe('command');
    expect(requestKind({ type: 'block_actions' })).toBe('action');
    expect(requestKind({ type: 'block_suggestion' })).toBe('options');
    expect(requestKind({ type: 'view_submission' })).toBe('view');
    expect(requestKind({ type: 'event_callback', event: { type: 'app_home_opened', tab: 'home', user: USER } })).toBe('home');
    expect(requestKind({ type: 'event_callback', event: { type: 'app_home_opened', tab: 'messages', user: USER } })).toBeUndefined();
    expect(requestKind({ type: 'view_closed' })).toBeUndefined();
  });
});
