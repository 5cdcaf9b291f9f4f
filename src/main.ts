import { loadDotEnv } from './cli/run';
import { formatConfigProblems, parseConfig } from './config';

/** On SIGTERM, how long acknowledged requests may take to finish; the process exits by force after 15 s. */
const SHUTDOWN_DRAIN_MS = 10_000;

/**
 * Entry point: read the configuration, connect the database (the embedded server when MONGODB_URI is not
 * set), start the Bolt app and the scheduler, and shut down gracefully on SIGTERM/SIGINT.
 * The configuration is checked before anything heavy is loaded, so a bad one fails at once.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(formatConfigProblems(parsed.problems));
    process.exit(1);
  }
  const config = parsed.config;

  const { createLogger } = await import('./logger');
  const logger = createLogger({
    level: config.logLevel,
    production: config.production,
    name: 'iec-bot',
    secrets: [config.slack.botToken, config.slack.signingSecret, config.slack.appToken],
  });

  // before any model is compiled: every model's writes are counted for truthful error replies
  await import('./db/write-tracking');
  const { redactUri } = await import('./db/connection');
  const { openDatabase } = await import('./db/open');
  const { createApp } = await import('./app');

  // the embedded server started here is published (<dataDir>/server.json) so `npm run seed`, `job`… use it
  const db = await openDatabase(config, { publish: true });
  if (db.via === 'own') logger.info(`MONGODB_URI is not set: using the embedded server (data in ${config.dataDir})`);
  if (db.via === 'shared') logger.info(`MONGODB_URI is not set: using the embedded server already running on ${config.dataDir}`);
  logger.info(`database connected: ${redactUri(db.uri)}`);
  const { rebuildPeopleIndex } = await import('./reconcile/people');
  const corrected = await rebuildPeopleIndex();
  if (corrected.length > 0)
    logger.info(`people index: ${corrected.length} people corrected from the commissions, partners and administrators`);

  const deps = { config, logger, clock: () => new Date() };
  const { app, idle } = createApp(deps);
  await app.start(config.port);
  const { schedulerDeps, startScheduler } = await import('./scheduler');
  const { nightlyJobs, notificationSources } = await import('./scheduled');
  const scheduler = config.schedulerEnabled
    ? startScheduler(schedulerDeps(config, logger, { sources: notificationSources }), deps.clock, nightlyJobs)
    : undefined;
  if (!scheduler) logger.info('SCHEDULER_ENABLED=false: this replica sends no scheduled messages');
  logger.info(
    `iec-bot is running (${config.slack.socketMode ? 'Socket Mode' : `HTTP on port ${config.port}`}, time zone ${config.timeZone})`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await scheduler?.stop();
      // no new requests; those acknowledged already finish (their saves, confirmations, DMs) before the database closes
      await app.stop();
      if (!(await idle(SHUTDOWN_DRAIN_MS))) logger.warn(`stopping with requests still running after ${SHUTDOWN_DRAIN_MS} ms`);
      await db.close();
      process.exit(0);
    } catch (err) {
      logger.error('shutdown failed:', err);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => {
  console.error(`iec-bot could not start: ${err.message}`);
  process.exit(1);
});
