import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeSlack } from './support/fake-slack';
import { SlackRequester } from './support/slack-requests';

/** `npm start` as production runs it: the real entry point in its own process, on the embedded database. */

const root = path.resolve(__dirname, '..');
const secret = 'main-test-signing-secret';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<Response> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`not healthy after ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the app process', () => {
  let fake: FakeSlack;
  let dataDir: string;
  beforeAll(async () => {
    fake = await FakeSlack.start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-main-'));
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded database, answers Slack, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        IEC_SKIP_DOTENV: '1',
        SLACK_BOT_TOKEN: 'xoxb-main-test',
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        IEC_DATA_DIR: dataDir,
        SCHEDULER_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const health = await waitForHealthy(`http://127.0.0.1:${port}/healthz`, child, () => output);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up' });

      const slack = new SlackRequester({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: secret, fake });
      const res = await slack.command('/iec', 'help', { userId: 'U0MAIN' });
      expect(res.status).toBe(200);
      const reply = await fake.waitFor('response_url', undefined, 15_000);
      expect(JSON.stringify(reply.args.blocks)).toContain('iec-bot commands');
      expect(output).not.toContain(secret);
      expect(output).not.toContain('xoxb-main-test');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: shutting down/);
  }, 90_000);
});
