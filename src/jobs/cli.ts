import { runCli } from '../cli/run';
import { formatConfigProblems, parseConfig } from '../config';
import { USAGE, parseJobArgs } from './jobs';

/**
 * `npm run job -- <tick|digest> --at <ISO-8601 instant>`: connects like the app (MONGODB_URI, or the embedded
 * server on IEC_DATA_DIR: the app's when the app runs), runs the job through the scheduler's code path as of
 * `--at`, prints what it did. `npm run job -- reconcile`: every derived data owner checked and repaired
 * (src/reconcile/derived.ts), one line each. Compiled: `node dist/jobs/cli.js`.
 * Exit codes: 0 done (even if some messages failed: see the summary), 1 the job could not run, 2 bad arguments.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const args = parseJobArgs(argv);
  if (!args.ok) {
    console.error(`npm run job: ${args.problem}\n${USAGE}`);
    return 2;
  }
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(formatConfigProblems(parsed.problems, 'npm run job'));
    return 1;
  }
  const config = parsed.config;
  const { createLogger } = await import('../logger');
  const logger = createLogger({ level: config.logLevel, production: config.production, name: 'iec-bot job' });

  const { openDatabase } = await import('../db/open');
  if (args.job === 'reconcile') {
    const { reconcile } = await import('../reconcile/derived');
    const db = await openDatabase(config);
    try {
      const lines = await reconcile();
      for (const l of lines) {
        console.log(l.error ? `${l.name}: could not be checked: ${l.error}` : `${l.name}: ${l.found} wrong, fixed ${l.fixed}`);
      }
      const fixed = lines.reduce((n, l) => n + l.fixed, 0);
      console.log(`reconcile: fixed ${fixed} entr${fixed === 1 ? 'y' : 'ies'}`);
      return lines.some((l) => l.error) ? 1 : 0;
    } catch (err) {
      console.error(`npm run job: reconcile could not run: ${(err as Error).message}`);
      return 1;
    } finally {
      await db.close().catch(() => undefined);
    }
  }
  const { schedulerDeps, describeSummary } = await import('../scheduler');
  const { runJob } = await import('./jobs');
  const { notificationSources } = await import('../scheduled');

  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    db = await openDatabase(config);
    const summary = await runJob(args.job, args.at, schedulerDeps(config, logger, { sources: notificationSources }));
    console.log(`${args.job} as of ${args.at.toISOString()}: ${describeSummary(summary)}`);
    for (const e of summary.errors) console.log(`  error: ${e}`);
    return 0;
  } catch (err) {
    console.error(`npm run job: ${args.job} could not run: ${(err as Error).message}`);
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

runCli('npm run job', main);
