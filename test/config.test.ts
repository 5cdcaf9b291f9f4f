import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseConfig } from '../src/config';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-123-456-abc',
  SLACK_SIGNING_SECRET: 'a-signing-secret',
};

describe('parseConfig', () => {
  it('refuses the embedded database in production, with every other problem', () => {
    const result = parseConfig({ NODE_ENV: 'production' });
    expect(result).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^SLACK_BOT_TOKEN is required/),
        expect.stringMatching(/^SLACK_SIGNING_SECRET is required/),
        expect.stringMatching(/^MONGODB_URI is required when NODE_ENV=production/),
      ],
    });
    expect(parseConfig({ ...valid, NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example.org/iec' })).toMatchObject({
      ok: true,
      config: { production: true, mongodbUri: 'mongodb://db.example.org/iec' },
    });
    expect(parseConfig(valid)).toMatchObject({ ok: true, config: { production: false, mongodbUri: undefined } });
  });

  it('applies the documented defaults', () => {
    const result = parseConfig(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 3000,
      timeZone: 'America/New_York',
      admins: [],
      slack: { socketMode: false, apiUrl: 'https://slack.com/api/' },
    });
    expect(result.config.mongodbUri).toBeUndefined();
  });

  it('reports every missing setting at once', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toMatch(/SLACK_BOT_TOKEN/);
    expect(result.problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET/);
  });

  it('says what each malformed variable should be', () => {
    const result = parseConfig({
      ...valid,
      PORT: 'eighty',
      TZ: 'Mars/Olympus',
      IEC_ADMINS: 'U012ABCDEF,jane',
      SLACK_API_URL: 'not a url',
      MONGODB_URI: 'postgres://x',
      SLACK_SOCKET_MODE: 'true',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    expect(text).toMatch(/PORT must be a whole number/);
    expect(text).toMatch(/TZ must be an IANA time zone/);
    expect(text).toMatch(/IEC_ADMINS must be a comma-separated list of Slack user ids/);
    expect(text).toMatch(/SLACK_API_URL must be an absolute URL/);
    expect(text).toMatch(/MONGODB_URI must be a MongoDB connection string/);
    expect(text).toMatch(/SLACK_APP_TOKEN is required when SLACK_SOCKET_MODE=true/);
  });

  it('reads admins, socket mode and a custom API URL', () => {
    const result = parseConfig({
      ...valid,
      IEC_ADMINS: 'U012ABCDEF, U034GHIJKL',
      SLACK_SOCKET_MODE: 'true',
      SLACK_APP_TOKEN: 'xapp-1-abc',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(result.ok && result.config.admins).toEqual(['U012ABCDEF', 'U034GHIJKL']);
    expect(result.ok && result.config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(result.ok && result.config.slack.socketMode).toBe(true);
  });
});

describe('starting with no configuration', () => {
  it('prints every missing setting, never a secret, and exits non-zero', () => {
    const root = path.resolve(__dirname, '..');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, IEC_SKIP_DOTENV: '1', SLACK_SIGNING_SECRET: 'x' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN is required/);
    expect(result.stderr).toMatch(/SLACK_SIGNING_SECRET looks too short/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('fails with a clear message when MONGODB_URI points nowhere', () => {
    const root = path.resolve(__dirname, '..');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        IEC_SKIP_DOTENV: '1',
        ...valid,
        MONGODB_URI: 'mongodb://127.0.0.1:1/iec',
        SLACK_API_URL: 'http://127.0.0.1:1/api/',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:1\/iec/);
  });
});
