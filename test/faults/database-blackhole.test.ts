import mongoose from 'mongoose';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { CONNECTION_SETTINGS, connectDatabase } from '../../src/db/connection';
import { LEAD, seedBasics, storedFields, type Seeded } from '../commitments/fixtures';
import { testDatabaseName, testServerUri } from '../support/db';
import type { FakeSlackCall } from '../support/fake-slack';
import { startHarness, type Harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';
import { getStatus, until } from './support/health';

/**
 * A database that drops packets instead of refusing them (a host gone silent, a firewall dropping): nothing is
 * reset, the driver's requests simply get no answer. With production's CONNECTION_SETTINGS (socketTimeoutMS), the
 * person is still told "try again" inside Slack's 3 s, whether the silence starts before the request or just after
 * their person was read (inside the listener); when the packets flow again the same process recovers.
 */

const SLACK_MS = 3_000;

describe('the database drops every packet', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let seeded: Seeded;

  beforeAll(async () => {
    h = await startHarness({ now: new Date('2026-09-15T14:00:00Z') });
    seeded = await seedBasics();
    const server = new URL(testServerUri());
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    await mongoose.disconnect();
    await connectDatabase(`mongodb://127.0.0.1:${proxy.port}/${testDatabaseName()}?monitorCommands=true`);
  });
  afterAll(async () => {
    proxy.restore();
    await h.stop();
    await proxy.stop();
  });

  /** Swallows everything from the first database command after the people read of the next request on. */
  function swallowAfterPeopleRead(): () => void {
    const client = mongoose.connection.getClient();
    let personRead = false;
    const onCommand = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
      if (e.command[e.commandName] === 'people') personRead = true;
      else if (personRead) {
        proxy.swallow();
        client.off('commandStarted', onCommand);
      }
    };
    client.on('commandStarted', onCommand);
    return () => client.off('commandStarted', onCommand);
  }

  const replyTo = (responseUrl: string) => h.fake.waitFor('response_url', (c) => c.path === new URL(responseUrl).pathname, 20_000);

  /** A request and what the person was told: the HTTP answer time and when the told message reached the fake. */
  async function timed(
    send: () => Promise<{ sent: { response_url?: string } }>,
  ): Promise<{ httpMs: number; toldMs: number; told: FakeSlackCall }> {
    const t0 = Date.now();
    const res = await send();
    const httpMs = Date.now() - t0;
    const told = await replyTo(res.sent.response_url ?? '');
    return { httpMs, toldMs: told.at - t0, told };
  }

  const kinds = (commitmentId: string) => ({
    command: () => timed(() => h.slack.command('/iec', 'commitments', { userId: LEAD })),
    'partner show': () => timed(() => h.slack.command('/iec', 'partner show Con Edison', { userId: LEAD })),
    button: () =>
      timed(() =>
        h.slack.blockAction({
          userId: LEAD,
          ephemeral: true,
          type: 'static_select',
          actionId: ACTION.status,
          blockId: BLOCK.partner,
          selectedOption: `${commitmentId}:cancelled`,
        }),
      ),
  });

  const expectTryAgain = (kind: string, a: { httpMs: number; toldMs: number; told: FakeSlackCall }) => {
    expect({
      kind,
      httpLate: a.httpMs >= SLACK_MS,
      toldLate: a.toldMs >= SLACK_MS,
      toldMs: a.toldMs < SLACK_MS ? 'in time' : a.toldMs,
    }).toEqual({
      kind,
      httpLate: false,
      toldLate: false,
      toldMs: 'in time',
    });
    expect({ kind, text: JSON.stringify(a.told.args) }).toEqual({ kind, text: expect.stringContaining('try again in a minute') });
  };

  it('uses production settings: a silent connection gives up within Slack’s 3 s', () => {
    expect(CONNECTION_SETTINGS.socketTimeoutMS).toBeLessThan(SLACK_MS);
  });

  it('answers "try again" in time when the packets vanish inside the listener, changes nothing, and recovers', async () => {
    const commitment = await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison'));
    for (const [kind, send] of Object.entries(kinds(String(commitment._id)))) {
      const disarm = swallowAfterPeopleRead();
      const answered = await send();
      disarm();
      expect({ kind, swallowing: proxy.isSwallowing }).toEqual({ kind, swallowing: true });
      expectTryAgain(kind, answered);
      proxy.restore();
      await until(`/healthz says 200 after the ${kind}`, async () => (await getStatus(`${h.baseUrl}/healthz`)) === 200, 60_000);
    }
    expect((await CommitmentModel.findById(commitment._id).lean())?.status).toBe('pledged');
  }, 180_000);

  it('answers "try again" in time when the packets vanish before the request, and recovers without a restart', async () => {
    proxy.swallow();
    for (const [kind, send] of Object.entries(kinds('0123456789abcdef01234567'))) expectTryAgain(kind, await send());
    proxy.restore();
    await until('/healthz says 200', async () => (await getStatus(`${h.baseUrl}/healthz`)) === 200, 60_000);
    const list = await timed(() => h.slack.command('/iec', 'commitments', { userId: LEAD }));
    expect(JSON.stringify(list.told.args)).not.toContain('try again in a minute');
  }, 180_000);
});
