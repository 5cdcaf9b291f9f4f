import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/app';
import { parseConfig, type Config } from '../../src/config';
import type { AppDeps } from '../../src/slack/deps';
import { partnerNames } from '../../src/partners';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { schoolNames } from '../../src/schools';
import type { Feature } from '../../src/slack/features';
import { NOT_YET_CONFIRMED } from '../../src/slack/forms';
import { HOME_STILL_LOADING, STILL_WORKING } from '../../src/slack/request-deadline';
import type { SubcommandRegistry } from '../../src/slack/iec-command';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from './db';
import { FakeSlack } from './fake-slack';
import { CapturingLogger } from './logger';
import { SlackRequester } from './slack-requests';
import type { FakeSlackCall } from './fake-slack';

/** The bot scopes of manifests/manifest.json: what the app is installed with. */
export function manifestBotScopes(): string[] {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../manifests/manifest.json'), 'utf8')) as {
    oauth_config: { scopes: { bot: string[] } };
  };
  return manifest.oauth_config.scopes.bot;
}

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEST_BOT_TOKEN = 'xoxb-test-0000-iec-bot';

export interface HarnessOptions {
  admins?: string[];
  /** The app's clock; a settable one by default (see `harness.setNow`). */
  now?: Date;
  features?: readonly Feature[];
  env?: Record<string, string>;
  /** Connection options appended to the test database's URI, e.g. `?monitorCommands=true`. */
  databaseQuery?: string;
  /** Enterprise Grid: the organisation the fake workspace belongs to (auth.test, users.info, payloads). */
  enterprise?: { id: string; name: string };
  /**
   * The app's "still working" notices (sent when an answer is late, e.g. on a loaded machine) count as answers, as
   * in tests of those notices. By default they are progress notices the fake keeps out of `callsTo` and `waitFor`.
   */
  noticesAreAnswers?: boolean;
}

const PROGRESS_NOTICES = [STILL_WORKING, HOME_STILL_LOADING, NOT_YET_CONFIRMED].map((n) => JSON.stringify(n).slice(1, 60));

/** A call that says an answer is late (the request deadline's or the form helper's notice), not the answer. */
export const isProgressNotice = (call: FakeSlackCall): boolean => {
  const sent = JSON.stringify(call.args);
  return PROGRESS_NOTICES.some((n) => sent.includes(n));
};

/**
 * The real Bolt app over real HTTP on a free port, its Web API client pointed at the fake Slack, on this
 * test file's own database. `slack` sends signed requests exactly as Slack does.
 */
export interface Harness {
  app: App;
  registry: SubcommandRegistry;
  config: Config;
  deps: AppDeps;
  fake: FakeSlack;
  slack: SlackRequester;
  logger: CapturingLogger;
  baseUrl: string;
  setNow(now: Date): void;
  /** Waits until what the app does for the requests sent so far (saves, replies, DMs, Home refreshes) is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a test may leave the app busy after it ends: longer than the slowest request's work in the suite. */
const IDLE_MS = 20_000;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  await connectTestDatabase(options.databaseQuery);
  // the fake answers missing_scope for any method the manifest's scopes do not cover, as Slack does
  const fake = await FakeSlack.start({ scopes: manifestBotScopes(), ...(options.enterprise ? { enterprise: options.enterprise } : {}) });
  if (!options.noticesAreAnswers) fake.progressNotices(isProgressNotice);
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    IEC_ADMINS: (options.admins ?? []).join(','),
    PORT: '0',
    SCHEDULER_ENABLED: 'false',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const logger = new CapturingLogger();
  let now = options.now;
  const deps: AppDeps = { config: parsed.config, logger, clock: () => now ?? new Date() };
  const { app, registry, idle } = createApp(deps, options.features);
  const server = (await app.start(0)) as Server;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const slack = new SlackRequester({ appUrl: `${baseUrl}/slack/events`, signingSecret: TEST_SIGNING_SECRET, fake });
  return {
    app,
    registry,
    config: parsed.config,
    deps,
    fake,
    slack,
    logger,
    baseUrl,
    setNow: (value) => {
      now = value;
    },
    async idle() {
      if (!(await idle(IDLE_MS))) throw new Error(`the app was still handling requests ${IDLE_MS} ms after the test`);
    },
    async stop() {
      await idle(IDLE_MS);
      await app.stop();
      await fake.stop();
      await disconnectTestDatabase();
    },
  };
}

export interface UseHarnessOptions extends HarnessOptions {
  /** What every test starts from, on an empty database (the harness is passed in). */
  seed?: (h: Harness) => unknown;
}

/**
 * One harness for the tests of the file or `describe` it is called in: started before them and stopped after.
 * Before each test the fake Slack is reset, the database emptied, the clock set back to `now` (when given), then
 * `seed` runs. Returns a getter, as the harness only exists once `beforeAll` has run.
 */
export function useHarness(options: UseHarnessOptions = {}): () => Harness {
  const { seed, ...harnessOptions } = options;
  let harness: Harness | undefined;
  const get = (): Harness => {
    if (!harness) throw new Error('useHarness: the harness starts in beforeAll; use it inside a test or a hook');
    return harness;
  };
  beforeAll(async () => {
    harness = await startHarness(harnessOptions);
  });
  afterAll(() => harness?.stop());
  beforeEach(async () => {
    const h = get();
    // the previous test's requests finish first: a late DM or save must not land in this test
    await h.idle();
    h.fake.reset();
    await clearCollections();
    if (options.now) h.setNow(options.now);
    await seed?.(h);
    // seeds write commissions and partners directly: the people index the actor middleware reads follows
    await rebuildPeopleIndex();
    // and the name indexes are loaded from it, as a replica loads them at start-up
    await Promise.all([partnerNames.ready(), schoolNames.ready()]);
  });
  return get;
}
