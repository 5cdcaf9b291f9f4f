import { existsSync } from 'node:fs';
import { formatConfigProblems, parseConfig } from '../config';
import { USAGE, parseJobArgs } from './jobs';

/**
 * `npm run job -- <tick|digest> --at <ISO-8601 instant>`: connects like the app (MONGODB_URI, or the embedded
 * server on IEC_DATA_DIR), runs the job through the scheduler's code path as of `--at`, prints what it did.
 * Exit codes: 0 done (even if some messages failed: see the summary), 1 the job could not run, 2 bad arguments.
 */
async function main(): Promise<number> {
  const args = parseJobArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(`npm run job: ${args.problem}\n${USAGE}`);
    return 2;
  }
  if (existsSync('.env') && process.env.IEC_SKIP_DOTENV !== '1') process.loadEnvFile('.env');
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(formatConfigProblems(parsed.problems));
    return 1;
  }
  const config = parsed.config;
  const { ConsoleLogger } = await import('@slack/logger');
  const logger = new ConsoleLogger();
  logger.setName('iec-bot job');
  logger.setLevel(config.logLevel as Parameters<typeof logger.setLevel>[0]);

  const { connectDatabase, disconnectDatabase } = await import('../db/connection');
  const { startEmbeddedMongo } = await import('../db/embedded/launcher');
  const { schedulerDeps, describeSummary } = await import('../scheduler/runner');
  const { runJob } = await import('./jobs');

  let embedded: Awaited<ReturnType<typeof startEmbeddedMongo>> | undefined;
  try {
    let uri = config.mongodbUri;
    if (!uri) {
      embedded = await startEmbeddedMongo({ dataDir: config.dataDir });
      uri = `${embedded.uri}/iec-bot`;
    }
    await connectDatabase(uri);
    const summary = await runJob(args.job, args.at, schedulerDeps(config, logger));
    console.log(`${args.job} as of ${args.at.toISOString()}: ${describeSummary(summary)}`);
    for (const e of summary.errors) console.log(`  error: ${e}`);
    return 0;
  } catch (err) {
    console.error(`npm run job: ${args.job} could not run: ${(err as Error).message}`);
    return 1;
  } finally {
    await disconnectDatabase().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`npm run job: ${err.message}`);
    process.exit(1);
  },
);
