import { spawn } from 'node:child_process';
import path from 'node:path';
import { CommissionModel } from '../../src/commissions/model';
import { parseJobArgs } from '../../src/jobs/jobs';
import { NotificationModel } from '../../src/scheduler/model';
import { connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fake-slack';

describe('parseJobArgs', () => {
  it('accepts a job and an instant with its offset', () => {
    expect(parseJobArgs(['digest', '--at', '2026-11-30T09:00:00-05:00'])).toEqual({
      ok: true,
      job: 'digest',
      at: new Date('2026-11-30T14:00:00Z'),
    });
    expect(parseJobArgs(['tick', '--at=2026-11-30T14:00Z'])).toEqual({ ok: true, job: 'tick', at: new Date('2026-11-30T14:00:00Z') });
  });

  it('says what is wrong', () => {
    const problem = (argv: string[]) => {
      const r = parseJobArgs(argv);
      return r.ok ? 'ok' : r.problem;
    };
    expect(problem([])).toBe('name a job');
    expect(problem(['digets', '--at', '2026-11-30T14:00Z'])).toBe('unknown job "digets": the jobs are tick, digest, reconcile');
    expect(problem(['tick'])).toBe('--at is required');
    expect(problem(['tick', '--at', '2026-11-30 09:00'])).toContain('with its offset');
    expect(problem(['tick', '--at', '2026-11-30T09:00'])).toContain('with its offset');
    expect(problem(['tick', '--at', '2026-13-45T09:00Z'])).toContain('not a real date');
    expect(problem(['tick', '--when', 'x'])).toContain("Unknown option '--when'");
    expect(problem(['tick', 'digest', '--at', '2026-11-30T14:00Z'])).toContain('one job at a time');
    expect(parseJobArgs(['reconcile'])).toEqual({ ok: true, job: 'reconcile' });
    expect(problem(['reconcile', '--at', '2026-11-30T14:00Z'])).toBe('reconcile takes no --at');
  });
});

describe('npm run job (the CLI, as a process)', () => {
  const ROOT = path.resolve(__dirname, '..', '..');
  let fake: FakeSlack;
  let uri: string;
  beforeAll(async () => {
    uri = await connectTestDatabase();
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake.stop();
    await disconnectTestDatabase();
  });

  function job(args: string[]): Promise<{ status: number | null; out: string }> {
    // asynchronously: the fake Slack lives in this process
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/jobs/cli.ts', ...args], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          IEC_SKIP_DOTENV: '1',
          MONGODB_URI: uri,
          SLACK_BOT_TOKEN: 'xoxb-job-test',
          SLACK_SIGNING_SECRET: 'job-test-signing-secret',
          SLACK_API_URL: fake.apiUrl,
          TZ: 'America/New_York',
          LOG_LEVEL: 'error',
        },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (status) => resolve({ status, out }));
    });
  }

  it('runs the digest as of an instant through the scheduler, once, and exits 2 on bad arguments', async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: ['U0LEAD'] });
    const first = await job(['digest', '--at', '2026-05-11T09:05:00-04:00']);
    expect(first).toMatchObject({
      status: 0,
      out: expect.stringContaining('digest as of 2026-05-11T13:05:00.000Z: 1 sent, 0 skipped, 0 failed'),
    });
    expect(fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === 'C0HEALTH')).toHaveLength(1);
    expect(await NotificationModel.find({}, { key: 1, status: 1, _id: 0 }).lean()).toEqual([
      { key: expect.stringMatching(/^digest:healthcare:2026-W20/), status: 'sent' },
    ]);

    const bad = await job(['digest', '--at', 'monday']);
    expect(bad.status).toBe(2);
    expect(bad.out).toContain('--at must be an ISO-8601 instant');
  });

  it('reconcile: prints one line per derived data owner and what it fixed', async () => {
    const reconciled = await job(['reconcile']);
    expect(reconciled.out).toContain('commitment totals (commitments/totals.ts): 0 wrong, fixed 0');
    expect(reconciled.out).toContain("partners' last activity (partners/activity.ts): 0 wrong, fixed 0");
    // the test above wrote a commission's leads straight to the database: the people index is repaired
    expect(reconciled.out).toContain('people index (access/people.ts): 1 wrong, fixed 1');
    expect(reconciled.out).toContain('reconcile: fixed 1 entry');
    expect(reconciled.status).toBe(0);
  });
});
