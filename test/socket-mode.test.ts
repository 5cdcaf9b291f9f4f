import type { App } from '@slack/bolt';
import { createApp } from '../src/app';
import { CommissionModel } from '../src/commissions/model';
import { ACTION } from '../src/commitments/ids';
import { parseConfig } from '../src/config';
import { PARTNER_ACTION, PARTNER_BLOCK } from '../src/partners/ids';
import { PartnerModel } from '../src/partners/model';
import { connectTestDatabase, disconnectTestDatabase } from './support/db';
import { FakeSlack } from './support/fake-slack';
import { blockActionsPayload, fakePayloadContext, slashCommandPayload, viewSubmissionPayload } from './support/slack-requests';
import { CapturingLogger } from './support/logger';
import { SocketModeServer } from './support/socket-mode';
import { viewOf } from './support/views';

/** The real app with SLACK_SOCKET_MODE=true, connected to a local Socket Mode server in front of the fake Slack. */

const ADMIN = 'U0ADMIN';
const APP_TOKEN = 'xapp-1-A0FAKEAPP-1234-socketmodetest';

describe('Socket Mode', () => {
  let fake: FakeSlack;
  let socket: SocketModeServer;
  let app: App;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    await connectTestDatabase();
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare' });
    fake = await FakeSlack.start();
    socket = await SocketModeServer.start(fake.apiUrl);
    const parsed = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-socket-mode-test',
      SLACK_SIGNING_SECRET: 'socket-mode-signing-secret',
      SLACK_SOCKET_MODE: 'true',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: socket.apiUrl,
      IEC_ADMINS: ADMIN,
      PORT: '0',
      SCHEDULER_ENABLED: 'false',
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    app = createApp({ config: parsed.config, logger, clock: () => new Date() }).app;
    await app.start();
    await socket.waitForConnection();
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await socket.stop();
    await fake.stop();
    await disconnectTestDatabase();
  });

  it('connects with the app-level token, and gets hello before any envelope', async () => {
    expect(socket.opens).toEqual([{ token: APP_TOKEN, ok: true }]);
    expect(socket.sent[0]).toEqual({ type: 'hello' });
    // the server answers only an app-level token, as Slack does
    const withBotToken = await fetch(`${socket.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-socket-mode-test' },
    });
    expect(await withBotToken.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });

  it('a slash command, a bad then a good form submission and a block action: each ack names its envelope and carries what Bolt must answer', async () => {
    const ctx = fakePayloadContext(fake);

    const command = await socket.deliver('slash_commands', slashCommandPayload(ctx, '/iec', 'partner add', { userId: ADMIN }));
    const commandEnvelope = socket.sent.at(-1)?.envelope_id;
    expect(command.envelope_id).toBe(commandEnvelope);
    const opened = await fake.waitFor('views.open', undefined, 15_000);
    const view = fake.view(viewOf(opened).id);
    if (!view) throw new Error('the fake holds no view for the opened form');

    const bad = await socket.deliver(
      'interactive',
      viewSubmissionPayload(ctx, { userId: ADMIN, view, values: { [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: '   ' } } }),
    );
    expect(bad.envelope_id).toBe(socket.sent.at(-1)?.envelope_id);
    expect(bad.payload).toEqual({ response_action: 'errors', errors: { [PARTNER_BLOCK.name]: 'Give the organisation’s name.' } });
    expect(await PartnerModel.countDocuments()).toBe(0);

    const good = await socket.deliver(
      'interactive',
      viewSubmissionPayload(ctx, {
        userId: ADMIN,
        view,
        values: {
          [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Con Edison' },
          [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' },
        },
      }),
    );
    expect(good.envelope_id).toBe(socket.sent.at(-1)?.envelope_id);
    // the form helper answers "Saving…" at once, then shows the saved partner by views.update
    expect(good.payload?.response_action).toBe('update');
    const saved = await fake.waitFor(
      'views.update',
      (c) => c.args.view_id === view.id && JSON.stringify(c.args.view).includes('Partner added'),
    );
    expect(JSON.stringify(saved.args.view)).toContain('Con Edison');
    expect(await PartnerModel.countDocuments({ name: 'Con Edison' })).toBe(1);

    const repliesBefore = fake.callsTo('response_url').length;
    const action = await socket.deliver(
      'interactive',
      blockActionsPayload(ctx, {
        userId: ADMIN,
        actionId: ACTION.more,
        blockId: 'commitments_more',
        value: 'not a list',
        channelId: 'C0GENERAL',
      }),
    );
    expect(action.envelope_id).toBe(socket.sent.at(-1)?.envelope_id);
    expect(action.payload ?? {}).toEqual({});
    const reply = await fake.waitFor('response_url', () => fake.callsTo('response_url').length > repliesBefore, 15_000);
    expect(String(reply.args.text)).toMatch(/That list is out of date/);

    expect(socket.sent.map((m) => m.type)).toEqual(['hello', 'slash_commands', 'interactive', 'interactive', 'interactive']);
    expect(logger.errors()).toEqual([]);
  }, 60_000);
});
