/**
 * The app under measurement, in its own process (so its memory is its own and the load generator does not share
 * its event loop): BENCH_MODE=app builds the real app exactly as src/main.ts does (configuration, database,
 * createApp with every feature), BENCH_MODE=bare a bare Bolt app on the same HTTP receiver that only
 * acknowledges (and, for /commit, opens a fixed modal): the floor. Talks to bench/run.ts over IPC:
 * it sends `{ type: 'ready', port }`, then answers `{ id, type: 'memory' | 'tick' }` requests.
 */
import { App, LogLevel } from '@slack/bolt';
import { quietLogger } from './config';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

const mode = process.env.BENCH_MODE === 'bare' ? 'bare' : 'app';

interface Request {
  id: number;
  type: 'memory' | 'tick';
  /** tick: the instant, the fake Slack to deliver to, the kinds, and a replica-wide concurrency override. */
  at?: string;
  apiUrl?: string;
  kinds?: string[];
  concurrency?: number;
  lookBackMs?: number;
}

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

async function startBare(): Promise<App> {
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    logger: quietLogger,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.command('/iec', async ({ ack }) => ack());
  app.command('/commit', async ({ ack, client, command }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'bare',
        title: { type: 'plain_text', text: 'Record a commitment' },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Floor' } }],
      },
    });
  });
  app.view(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  app.options(/.*/, async ({ ack }) => ack({ options: [] }));
  return app;
}

async function startApp(): Promise<{ app: App; tick: (r: Request) => Promise<unknown> }> {
  const { parseConfig, formatConfigProblems } = await import('../src/config');
  const parsed = parseConfig(process.env);
  if (!parsed.ok) throw new Error(formatConfigProblems(parsed.problems));
  const config = parsed.config;
  await import('../src/db/write-tracking'); // before any model is compiled (createApp checks)
  const { connectDatabase } = await import('../src/db/connection');
  const { createApp } = await import('../src/app');
  await connectDatabase(config.mongodbUri ?? '');
  const now = process.env.BENCH_NOW ? new Date(process.env.BENCH_NOW) : undefined;
  const clock = () => now ?? new Date();
  const deps = { config, logger: quietLogger, clock };
  const { app } = createApp(deps);
  const { schedulerDeps } = await import('../src/scheduler');
  const { createDeliveryClient } = await import('../src/scheduler');
  const { tick } = await import('../src/scheduler');
  const { notificationSources } = await import('../src/scheduled');
  const run = async (r: Request) => {
    const overrides = {
      sources: notificationSources,
      client: createDeliveryClient(config.slack.botToken, { apiUrl: r.apiUrl ?? config.slack.apiUrl }),
      ...(r.kinds ? { kinds: r.kinds } : {}),
      ...(r.concurrency ? { concurrency: r.concurrency } : {}),
      ...(r.lookBackMs ? { lookBackMs: r.lookBackMs } : {}),
    };
    const started = Date.now();
    const summary = await tick(new Date(r.at ?? clock().toISOString()), schedulerDeps(config, quietLogger, overrides));
    return { ms: Date.now() - started, summary };
  };
  return { app, tick: run };
}

async function main(): Promise<void> {
  const built = mode === 'bare' ? { app: await startBare(), tick: undefined } : await startApp();
  const server = (await built.app.start(0)) as Server;
  process.on('message', (raw: Request) => {
    void (async () => {
      try {
        if (raw.type === 'memory') {
          if (global.gc) global.gc();
          await new Promise((r) => setTimeout(r, 200));
          process.send?.({ id: raw.id, ok: true, memory: memory() });
        } else if (raw.type === 'tick' && built.tick) {
          process.send?.({ id: raw.id, ok: true, result: await built.tick(raw) });
        } else {
          process.send?.({ id: raw.id, ok: false, error: `cannot ${raw.type} in ${mode} mode` });
        }
      } catch (err) {
        process.send?.({ id: raw.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  // an orderly exit, so a CPU profile asked for (BENCH_CPU_PROF) is written
  process.on('SIGTERM', () => process.exit(0));
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port, memory: memory() });
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
