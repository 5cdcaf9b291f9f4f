// before any model is compiled (createApp checks): every model's writes are counted for truthful error replies
import '../../src/db/write-tracking';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from '@slack/logger';
import { createApp } from '../../src/app';
import { parseConfig, type Config } from '../../src/config';
import { connectDatabase, disconnectDatabase } from '../../src/db/connection';
import { PROJECT_ROOT, startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/launcher';
import type { AppDeps } from '../../src/slack/deps';
import { runJob } from '../../src/jobs/jobs';
import { notificationSources } from '../../src/scheduled';
import { schedulerDeps } from '../../src/scheduler';
import { SandboxClock } from './clock';
import { ModalStacks } from './modals';
import { personaFor, seedSandbox, seedWorkspace, type SeedReport } from './people';
import { createSandboxServer, ReadMarks } from './server';
import { loadState, saveState, type SandboxState } from './store';
import { SandboxTicker } from './ticker';
import { FakeSlack } from '../slack-standin';
import { allowMissingReference, referenceAvailable, SLACK_REFERENCE_DIR } from '../slack-standin/reference';
import { SlackRequester } from '../slack-standin/requests';

/**
 * The whole sandbox in one process tree: the embedded database (its own data folder), the seed, the Slack
 * stand-in, the real Bolt app in HTTP mode pointed at it, and the web page. `stop()` undoes it all.
 */

export const SANDBOX_DATA_DIR = path.join(PROJECT_ROOT, '.data', 'sandbox');

export interface SandboxOptions {
  /** The page's port (0: a free one). */
  port: number;
  /** Where the embedded database keeps its files (default `.data/sandbox/mongo`). */
  dataDir?: string;
  /** Use this MongoDB (with its database name) instead of starting the embedded server: tests. */
  mongoUri?: string;
  logger: Logger;
  timeZone?: string;
  /** Where the page listens (default 127.0.0.1: only this machine). */
  host?: string;
  /** Where the messages, files, open modals, read marks and clock are kept between runs (default `.data/sandbox`; none with `mongoUri` unless given). */
  stateDir?: string;
  /** The scheduler ticks on its own every simulated minute (default true). */
  autoTick?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  config: Config;
  fake: FakeSlack;
  seed: SeedReport;
  clock: SandboxClock;
  ticker: SandboxTicker;
  stop(): Promise<void>;
}

/** The slash commands of the app's manifest (what Slack would route to the app). */
export function manifestCommands(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'manifests', 'manifest.json'), 'utf8')) as {
    features?: { slash_commands?: Array<{ command: string }> };
  };
  return (manifest.features?.slash_commands ?? []).map((c) => c.command);
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { logger } = options;
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => logger.warn('sandbox: stopping a part failed:', err));
    cleanups.length = 0;
  };
  try {
    let uri = options.mongoUri;
    if (!uri) {
      const embedded: EmbeddedMongo = await startEmbeddedMongo({ dataDir: options.dataDir ?? path.join(SANDBOX_DATA_DIR, 'mongo') });
      cleanups.push(() => embedded.stop());
      uri = `${embedded.uri}/iec-sandbox`;
    }
    await connectDatabase(uri);
    cleanups.push(() => disconnectDatabase());

    if (!referenceAvailable()) {
      allowMissingReference();
      logger.warn(
        `Slack's reference data is not at ${SLACK_REFERENCE_DIR} (set SLACK_REFERENCE_DIR): the Slack stand-in checks Slack's hard limits but not the Block Kit schema or method arguments.`,
      );
    }
    const stateDir = options.stateDir ?? (options.mongoUri ? undefined : SANDBOX_DATA_DIR);
    const loaded = stateDir ? loadState(stateDir) : { ok: true as const, state: undefined };
    if (!loaded.ok) throw new Error(loaded.problem);
    const saved = loaded.state;
    const clock = new SandboxClock(saved?.clock);

    const fake = await FakeSlack.start({ teamName: 'IEC Sandbox', teamDomain: 'iec-sandbox', clock: () => clock.now() });
    cleanups.push(() => fake.stop());
    if (saved) fake.restore(saved.slack);

    const signingSecret = randomBytes(16).toString('hex');
    const parsed = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-sandbox-0000-iec-bot',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
      IEC_ADMINS: personaFor('admin').id,
      PORT: '0',
      SCHEDULER_ENABLED: 'false',
      TZ: options.timeZone ?? 'America/New_York',
      LOG_LEVEL: 'info',
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const config = parsed.config;

    const seed = await seedSandbox(new Date(clock.now()), config.timeZone);
    seedWorkspace(fake, config.timeZone);

    // the simulated time is the `now` of every request the app handles, not only of scheduler runs
    const deps: AppDeps = { config, logger, clock: () => new Date(clock.now()) };
    const { app } = createApp(deps);
    const appServer = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    cleanups.push(() => app.stop());
    const appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}/slack/events`;

    const slack = new SlackRequester({ appUrl, signingSecret, fake });
    const modals = new ModalStacks(fake);
    if (saved) modals.restore(saved.modals);
    fake.subscribe((call) => modals.onCall(call));
    const read = new ReadMarks(saved?.read);

    const scheduler = schedulerDeps(config, logger, { sources: notificationSources });
    const ticker = new SandboxTicker(
      clock,
      (at) => runJob('tick', at, scheduler),
      (err) => logger.error('sandbox: a scheduler tick failed:', err),
    );

    let saveTimer: NodeJS.Timeout | undefined;
    const snapshot = (): SandboxState => ({
      version: 1,
      slack: fake.snapshot(),
      modals: modals.snapshot(),
      read: read.snapshot(),
      clock: clock.state(),
    });
    const save = () => {
      clearTimeout(saveTimer);
      saveTimer = undefined;
      if (stateDir) saveState(stateDir, snapshot());
    };
    const changed = () => {
      if (!stateDir || saveTimer) return;
      saveTimer = setTimeout(() => {
        try {
          save();
        } catch (err) {
          logger.error('sandbox: could not save its state:', err);
        }
      }, 250);
    };
    fake.subscribe(changed);
    cleanups.push(async () => save());
    cleanups.push(() => ticker.stop()); // stopped (its last tick done) before the state is saved

    const host = options.host ?? '127.0.0.1';
    const web = createSandboxServer({
      fake,
      slack,
      modals,
      config,
      logger,
      commands: manifestCommands(),
      clock,
      ticker,
      read,
      changed,
      exposed: host !== '127.0.0.1' && host !== 'localhost',
    });
    await new Promise<void>((resolve, reject) => {
      web.once('error', reject);
      web.listen(options.port, host, () => resolve());
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          web.closeAllConnections();
          web.close(() => resolve());
        }),
    );
    const port = (web.address() as AddressInfo).port;
    if (options.autoTick ?? true) ticker.start();
    return { url: `http://localhost:${port}`, port, config, fake, seed, clock, ticker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
