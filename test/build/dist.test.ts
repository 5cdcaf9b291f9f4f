import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serverFilePath } from '../../src/db/embedded/server-file';
import { FakeSlack } from '../support/fake-slack';

/**
 * `npm run build` as an operator uses it: the app and every administrator command compiled, then run with
 * node alone (TypeScript tooling made unavailable), on the embedded database or refusing it in production.
 * The build goes to a folder at the depth of dist/, so the embedded server's jar resolves as it does from dist/.
 */

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, `.dist-test-${process.pid}`);
const noTypeScript = path.join(__dirname, 'no-typescript.js');
const COMMANDS = { app: 'main.js', seed: 'seed/cli.js', job: 'jobs/cli.js', db: 'db/embedded/cli.js', import: 'imports/cli.js' } as const;

const baseEnv = { PATH: process.env.PATH ?? '', IEC_SKIP_DOTENV: '1' };
const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-dist-test', SLACK_SIGNING_SECRET: 'dist-test-signing-secret', SCHEDULER_ENABLED: 'false' };

function run(command: keyof typeof COMMANDS, args: string[], env: Record<string, string>, timeout = 60_000) {
  return spawnSync(process.execPath, ['-r', noTypeScript, path.join(out, COMMANDS[command]), ...args], {
    cwd: root,
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
    timeout,
  });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)]));
}

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

beforeAll(() => {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`the build failed:\n${tsc.stdout}${tsc.stderr}`);
}, 240_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the build', () => {
  it('compiles the app and every command, and nothing of tools/ or test/', () => {
    for (const file of Object.values(COMMANDS)) expect(existsSync(path.join(out, file))).toBe(true);
    const built = files(out).map((f) => path.relative(out, f));
    expect(built.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(built.filter((f) => /^(tools|test|sandbox|bench)\//.test(f) || f.includes('slack-standin'))).toEqual([]);
  });

  it('each command runs from the build with node alone', () => {
    for (const command of ['seed', 'job', 'db'] as const) {
      const help = run(command, ['--help'], {});
      expect({ command, status: help.status, stderr: help.stderr }).toEqual({ command, status: 0, stderr: '' });
      expect(help.stdout).toMatch(/^Usage: npm run /);
    }
    const badArgs = run('job', ['tock'], {});
    expect(badArgs.status).toBe(2);
    expect(badArgs.stderr).toMatch(/^npm run job: /);
    const badImport = run('import', [], {});
    expect(badImport.status).toBe(2);
    expect(badImport.stderr).toMatch(/^npm run import: [\s\S]*Usage:/);
    const app = run('app', [], {});
    expect(app.status).toBe(1);
    expect(app.stderr).toMatch(/SLACK_BOT_TOKEN is required/);
    expect(app.stderr).not.toMatch(/TypeScript tooling is absent|\n\s+at /);
  });
});

describe('production (NODE_ENV=production) without MONGODB_URI', () => {
  it('the app and every command exit non-zero at once, naming MONGODB_URI, without starting a database', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-dist-prod-'));
    try {
      const env = { NODE_ENV: 'production', IEC_DATA_DIR: dataDir };
      const results = {
        app: run('app', [], { ...env, ...slackEnv }),
        seed: run('seed', [], env),
        job: run('job', ['tick', '--at', '2026-11-30T09:00:00-05:00'], { ...env, ...slackEnv }),
        db: run('db', ['--port', '0'], env),
        import: run('import', ['--resume', '0123456789abcdef01234567'], env),
      };
      for (const [command, r] of Object.entries(results)) {
        expect({ command, status: r.status }).toEqual({ command, status: 1 });
        expect(r.stderr).toMatch(/MONGODB_URI is required when NODE_ENV=production/);
        expect(r.stderr).not.toMatch(/\n\s+at |Exception/);
      }
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('one embedded server, shared', () => {
  let fake: FakeSlack;
  let dataDir: string;
  beforeAll(async () => {
    fake = await FakeSlack.start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-dist-shared-'));
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seed and job use the running app’s server; its address is removed when the app stops', async () => {
    const port = await freePort();
    const app: ChildProcess = spawn(process.execPath, ['-r', noTypeScript, path.join(out, COMMANDS.app)], {
      cwd: root,
      env: { ...baseEnv, ...slackEnv, SLACK_API_URL: fake.apiUrl, PORT: String(port), IEC_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    app.stdout?.on('data', (d) => (output += String(d)));
    app.stderr?.on('data', (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
    try {
      const started = Date.now();
      while (!/iec-bot is running/.test(output)) {
        if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}:\n${output}`);
        if (Date.now() - started > 90_000) throw new Error(`the app did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(existsSync(serverFilePath(dataDir))).toBe(true);

      const seed = run('seed', [], { IEC_DATA_DIR: dataDir });
      expect({ status: seed.status, stderr: seed.stderr }).toEqual({ status: 0, stderr: '' });
      expect(seed.stdout).toMatch(/the running app’s embedded server/);
      expect(seed.stdout).toMatch(/Commissions: 8 \(8 new\)/);

      const job = run('job', ['digest', '--at', '2026-11-30T09:05:00-05:00'], {
        ...slackEnv,
        SLACK_API_URL: fake.apiUrl,
        IEC_DATA_DIR: dataDir,
      });
      expect({ status: job.status, stderr: job.stderr }).toEqual({ status: 0, stderr: '' });
      expect(job.stdout).toMatch(/^digest as of 2026-11-30T14:05:00.000Z: 0 sent, 8 skipped, 0 failed$/m);
      expect(app.exitCode).toBeNull(); // the app kept its server and files
    } finally {
      app.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(existsSync(serverFilePath(dataDir))).toBe(false);

    // a stale address (its owner was killed) is ignored: the command starts its own server on the files
    writeFileSync(
      serverFilePath(dataDir),
      JSON.stringify({
        uri: 'mongodb://127.0.0.1:1',
        port: 1,
        ownerPid: 2 ** 22 + 1,
        serverPid: 2 ** 22 + 2,
        startedAt: new Date().toISOString(),
      }),
    );
    const again = run('seed', [], { IEC_DATA_DIR: dataDir });
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 0, stderr: '' });
    expect(again.stdout).toMatch(/\(embedded server\)[\s\S]*Commissions: 8 \(0 new\)/);
    expect(existsSync(serverFilePath(dataDir))).toBe(false);
  }, 240_000);
});
