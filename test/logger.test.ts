import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createApp } from '../src/app';
import { parseConfig } from '../src/config';
import { createLogger, withRequest } from '../src/logger';
import { PARTNER_ACTION, PARTNER_BLOCK } from '../src/partners/ids';
import { CommissionModel } from '../src/commissions/model';
import { connectTestDatabase, disconnectTestDatabase } from './support/db';
import { FakeSlack } from './support/fake-slack';
import { SlackRequester } from './support/slack-requests';
import { viewOf } from './support/views';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('the logger', () => {
  it('writes JSON lines in production, with the request fields on every line inside a request', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', production: true, name: 'iec-bot', destination: out.stream });
    logger.info('outside');
    withRequest({ reqId: 'r-1', command: '/iec' }, () => {
      logger.info('inside', 42);
      logger.debug('not at info');
      logger.error('failed:', new Error('boom'));
    });
    const lines = out.lines().map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', name: 'iec-bot', msg: 'outside' }),
      expect.objectContaining({ level: 'info', msg: 'inside 42', reqId: 'r-1', command: '/iec' }),
      expect.objectContaining({ level: 'error', msg: 'failed:', reqId: 'r-1', err: expect.objectContaining({ message: 'boom' }) }),
    ]);
    expect(lines[0]).not.toHaveProperty('reqId');
  });

  it('is human-readable in development', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', production: false, destination: out.stream });
    withRequest({ reqId: 'r-2' }, () => logger.warn('careful'));
    expect(out.text()).toMatch(/WARN.*careful/);
    expect(out.text()).toMatch(/reqId: "r-2"/);
    expect(() => JSON.parse(out.lines()[0])).toThrow();
  });

  it('replaces the configured secrets and anything shaped like a Slack token', () => {
    const out = capture();
    const logger = createLogger({ level: 'debug', production: true, destination: out.stream, secrets: ['s3cret-signing-value'] });
    logger.info('token xoxb-1234-abcd and xapp-1-A0-xyz, secret s3cret-signing-value');
    logger.error(new Error('bad auth for xoxp-999-zzz'));
    expect(out.text()).not.toMatch(/xoxb-1234|xapp-1-A0|s3cret-signing-value|xoxp-999/);
    expect(out.text()).toContain('[redacted]');
  });
});

describe('a full run through Slack, logged at debug level', () => {
  const BOT_TOKEN = 'xoxb-logger-test-7777-secret';
  const SIGNING_SECRET = 'logger-test-signing-secret-5555';
  let fake: FakeSlack;
  let stop: () => Promise<void>;
  let slack: SlackRequester;
  const out = capture();
  const printed: string[] = [];

  beforeAll(async () => {
    await connectTestDatabase();
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare' });
    fake = await FakeSlack.start();
    const parsed = parseConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      IEC_ADMINS: 'U0ADMIN',
      LOG_LEVEL: 'debug',
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const logger = createLogger({
      level: 'debug',
      production: true,
      destination: out.stream,
      secrets: [parsed.config.slack.botToken, parsed.config.slack.signingSecret],
    });
    const { app } = createApp({ config: parsed.config, logger, clock: () => new Date() });
    const server = (await app.start(0)) as Server;
    slack = new SlackRequester({
      appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
    });
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        printed.push(String(chunk));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
    stop = async () => {
      jest.restoreAllMocks();
      await app.stop();
      await fake.stop();
      await disconnectTestDatabase();
    };
  });
  afterAll(() => stop());

  it('never writes the bot token or the signing secret, and tags the request’s lines with its id', async () => {
    await slack.command('/iec', 'help', { userId: 'U0ADMIN' });
    await fake.waitFor('response_url');
    await slack.command('/iec', 'partner add', { userId: 'U0ADMIN' });
    const viewId = viewOf(await fake.waitFor('views.open')).id;
    const bad = await slack.viewSubmission({
      userId: 'U0ADMIN',
      view: { id: viewId },
      values: { [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: ' ' } },
    });
    expect(bad.json?.response_action).toBe('errors');
    const good = await slack.viewSubmission({
      userId: 'U0ADMIN',
      view: { id: viewId },
      values: {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Con Edison' },
        [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' },
      },
    });
    expect(good.json?.response_action).toBe('update');
    fake.fail('chat.postEphemeral', { status: 500 });
    await slack.command('/iec', 'nonsense', { userId: 'U0NOBODY' });
    await fake.waitFor('response_url', () => fake.callsTo('response_url').length >= 2);

    const everything = out.text() + printed.join('');
    expect(out.lines().length).toBeGreaterThan(5);
    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).not.toContain(SIGNING_SECRET);
    expect(everything).not.toContain(BOT_TOKEN.slice(5)); // not even without its prefix

    const lines = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    const tagged = lines.filter((l) => typeof l.reqId === 'string');
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.filter((l) => l.command === '/iec' || l.view !== undefined).length).toBe(tagged.length);
  });
});
