import type { RespondFn } from '@slack/bolt';
import { createRespond } from '@slack/bolt/dist/context';
import { WebClient } from '@slack/web-api';
import { forbidden } from '../../src/errors';
import { replierFor, surfaceOf, type ActionSource } from '../../src/slack/interaction';
import { errorModal } from '../../src/slack/replies';
import { FakeSlack, validateView } from '../support/fake-slack';
import { checkView } from '../support/fake-slack/limits';
import { CapturingLogger } from '../support/logger';

const USER = 'U0PRESSER';

describe('replying to whoever pressed a button', () => {
  let fake: FakeSlack;
  let client: WebClient;
  let logger: CapturingLogger;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    logger = new CapturingLogger();
  });

  /** Bolt's own respond, posting to a response_url of the fake (as Bolt gives it when Slack sent one). */
  function inMessage(): ActionSource {
    const url = fake.responseUrl('resp', { channelId: 'C0GENERAL', userId: USER });
    const respond = createRespond(fetch, url) as RespondFn;
    return { body: { user: { id: USER }, response_url: url, container: { type: 'message' } }, respond, client };
  }
  const onHome = (): ActionSource => ({
    body: { user: { id: USER }, trigger_id: fake.issueTriggerId(USER), container: { type: 'view' }, view: { type: 'home' } },
    client,
  });
  const inModal = (): ActionSource => ({
    body: { user: { id: USER }, trigger_id: fake.issueTriggerId(USER), container: { type: 'view' }, view: { type: 'modal' } },
    client,
  });
  const dms = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === fake.dmChannelFor(USER));

  it('knows where the button was', () => {
    expect(surfaceOf(inMessage().body)).toBe('message');
    expect(surfaceOf(onHome().body)).toBe('home');
    expect(surfaceOf(inModal().body)).toBe('modal');
  });

  it('in a message: a new ephemeral message through response_url, and no DM', async () => {
    const reply = replierFor(inMessage(), logger);
    await reply.tell({ text: 'Done', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Done*' } }] });
    await reply.error(forbidden(':lock: Not yours.'));
    const responses = fake.callsTo('response_url');
    expect(responses.map((c) => [c.ok, c.args.response_type, c.args.replace_original, c.args.text])).toEqual([
      [true, 'ephemeral', false, 'Done'],
      [true, 'ephemeral', false, ':lock: Not yours.'],
    ]);
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('in a message whose response_url no longer works: a DM instead', async () => {
    fake.fail('response_url', { status: 500 }, 1);
    await replierFor(inMessage(), logger).tell('Done');
    expect(dms().map((c) => c.args.text)).toEqual(['Done']);
    expect(logger.errors().join('\n')).toContain('could not reply through response_url');
  });

  it('on the Home tab (no response_url): a DM, for answers and errors alike', async () => {
    const reply = replierFor(onHome(), logger);
    await reply.tell('Done');
    await reply.error(forbidden(':lock: Not yours.'));
    expect(dms().map((c) => [c.ok, c.args.text])).toEqual([
      [true, 'Done'],
      [true, ':lock: Not yours.'],
    ]);
    expect(fake.callsTo('response_url')).toEqual([]);
  });

  it('in a modal: an error is pushed on top of it; an unexpected one is logged and told politely', async () => {
    await replierFor(inModal(), logger).error(new Error('boom at line 42'));
    const pushed = fake.lastCall('views.push');
    expect(pushed?.ok).toBe(true);
    const text = JSON.stringify(pushed?.args.view);
    expect(text).toContain('Something went wrong');
    expect(text).not.toContain('boom');
    expect(logger.errors().join('\n')).toContain('boom at line 42');
    expect(dms()).toEqual([]);
  });

  it('in a modal whose trigger expired: the error goes by DM', async () => {
    fake.fail('views.push', { error: 'expired_trigger_id' }, 1);
    await replierFor(inModal(), logger).error(forbidden(':lock: Not yours.'));
    expect(dms().map((c) => c.args.text)).toEqual([':lock: Not yours.']);
  });

  it('never throws when Slack refuses the DM too (the cause is logged)', async () => {
    fake.fail('chat.postMessage', { error: 'cannot_dm_bot' }, 2);
    const reply = replierFor(onHome(), logger);
    await expect(reply.tell('Done')).resolves.toBeUndefined();
    await expect(reply.error(forbidden('no'))).resolves.toBeUndefined();
    expect(logger.errors().filter((e) => e.includes(`could not send ${USER} a DM`))).toHaveLength(2);
  });
});

describe('errorModal', () => {
  it('stays within Slack limits at any length', () => {
    const view = errorModal('x'.repeat(5000), 'A title that is far too long for a modal');
    expect(validateView(view)).toEqual([]);
    expect(checkView(view)).toEqual([]);
  });
});
