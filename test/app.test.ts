import { readFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Feature } from '../src/slack/features';
import { startHarness, TEST_SIGNING_SECRET, type Harness } from './support/harness';
import { signSlackRequest } from './support/slack-requests';

/** Listens to exactly what the reference samples carry, so "accepted" means "reached a listener". */
const seen: string[] = [];
/** What `/after-ack` does after its ack waits for this, like a form's save after its "Saving…". */
let afterAck: Promise<void> = Promise.resolve();
const sampleListeners: Feature = {
  name: 'reference-samples',
  register(app) {
    app.command('/after-ack', async ({ ack }) => {
      await ack();
      await afterAck;
      seen.push('after-ack done');
    });
    app.command('/hello-world', async ({ ack, command }) => {
      seen.push(`command:${command.text}`);
      await ack();
    });
    app.action('a', async ({ ack, action }) => {
      seen.push(`action:${'value' in action ? action.value : ''}`);
      await ack();
    });
    app.view({ callback_id: 'view-id', type: 'view_submission' }, async ({ ack, view }) => {
      seen.push(`view_submission:${view.private_metadata}`);
      await ack();
    });
    app.view({ callback_id: 'view-id', type: 'view_closed' }, async ({ ack }) => {
      seen.push('view_closed');
      await ack();
    });
    app.event('app_home_opened', async ({ event }) => {
      seen.push(`app_home_opened:${event.tab}`);
    });
  },
};

const samplesDir = path.resolve(__dirname, '../../shared/slack-reference/payloads');
const sample = (file: string) =>
  JSON.parse(readFileSync(path.join(samplesDir, file), 'utf8')) as { headers: Record<string, string>; raw_body: string };

describe('the app behind HTTP, as Slack talks to it', () => {
  let h: Harness;
  beforeAll(async () => {
    const { features } = await import('../src/features');
    h = await startHarness({ features: [...features, sampleListeners] });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.fake.reset());

  it('answers a signed `/iec help` with 200 and sends the help to the user, ephemerally', async () => {
    const res = await h.slack.command('/iec', 'help', { userId: 'U0IEC1' });
    expect(res.status).toBe(200);
    const reply = await h.fake.waitFor('response_url');
    expect(reply.args.response_type).toBe('ephemeral');
    const text = JSON.stringify(reply.args.blocks);
    expect(text).toContain('/iec help');
    for (const sub of h.registry.list()) expect(text).toContain(sub.help[0].usage.split(' ').slice(0, 2).join(' '));
  });

  it('answers `/iec` alone with the help', async () => {
    await h.slack.command('/iec', '', { userId: 'U0IEC1' });
    const reply = await h.fake.waitFor('response_url');
    expect(JSON.stringify(reply.args.blocks)).toContain('iec-bot commands');
  });

  it('answers an unknown subcommand with the nearest match and the help', async () => {
    await h.slack.command('/iec', 'hlep me', { userId: 'U0IEC1' });
    const reply = await h.fake.waitFor('response_url');
    expect(JSON.stringify(reply.args.blocks)).toContain('Did you mean `/iec help`?');
  });

  it('counts a request as running until its listener has finished, also after Slack got the ack', async () => {
    let finish!: () => void;
    afterAck = new Promise((resolve) => {
      finish = resolve;
    });
    seen.length = 0;
    const res = await h.slack.command('/after-ack', '', { userId: 'U0IEC1' });
    expect(res.status).toBe(200);
    let idle = false;
    const waiting = h.idle().then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(idle).toBe(false);
    finish();
    await waiting;
    expect(seen).toEqual(['after-ack done']);
  });

  it('rejects a wrong signature with 401 and runs nothing', async () => {
    const res = await h.slack.command('/iec', 'help', { userId: 'U0IEC1' }, { signingSecret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsTo('response_url')).toHaveLength(0);
  });

  it('rejects a request whose timestamp is six minutes old with 401', async () => {
    const res = await h.slack.command('/iec', 'help', { userId: 'U0IEC1' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });

  it('rejects a request without the signature headers', async () => {
    const res = await h.slack.command('/iec', 'help', { userId: 'U0IEC1' }, { omit: ['signature', 'timestamp'] });
    expect(res.status).toBe(401);
  });

  it.each([
    ['slash_command.bolt-python.json', 'command:Hi'],
    ['block_actions.bolt-python.json', 'action:click_me_123'],
    ['view_submission.bolt-python.json', 'view_submission:This is for you!'],
    ['view_closed.bolt-python.json', 'view_closed'],
    ['app_home_opened.messages-org-install.bolt-python.json', 'app_home_opened:messages'],
  ])("accepts Slack's sample %s, re-signed with a fresh timestamp", async (file, expected) => {
    const { headers, raw_body } = sample(file);
    const signed = signSlackRequest(TEST_SIGNING_SECRET, raw_body, Math.floor(Date.now() / 1000));
    const res = await h.slack.replay({
      url: `${h.baseUrl}/slack/events`,
      headers: { 'content-type': headers['Content-Type'], ...signed },
      body: raw_body,
    });
    expect(res.status).toBe(200);
    await waitUntil(() => seen.includes(expected));
    expect(seen).toContain(expected);
  });

  it('says the database is up on /healthz, and 503 while it is unreachable', async () => {
    const up = await fetch(`${h.baseUrl}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok', database: 'up' });

    const uri = mongoose.connection.getClient().options.hosts.map((host) => `mongodb://${host.toString()}`)[0];
    const dbName = mongoose.connection.db!.databaseName;
    await mongoose.disconnect();
    const down = await fetch(`${h.baseUrl}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', database: 'down' });
    await mongoose.connect(`${uri}/${dbName}`);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition() && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 20));
}
