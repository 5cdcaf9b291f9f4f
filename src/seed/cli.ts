import { parseArgs } from 'node:util';
import { CliError, runCli } from '../cli/run';
import { formatConfigProblems, parseDatabaseConfig } from '../config';

const USAGE = 'Usage: npm run seed [-- --demo]   (compiled: node dist/seed/cli.js [--demo])';

/**
 * `npm run seed [-- --demo]`: the eight commissions (and with --demo, example partners, schools and
 * commitments). Connects like the app: MONGODB_URI when set, else the embedded server on IEC_DATA_DIR (the
 * app's, when the app runs). Safe to run again.
 */
async function main(argv: string[]): Promise<number> {
  const read = () =>
    parseArgs({ args: argv, options: { demo: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  let values: ReturnType<typeof read>['values'];
  try {
    values = read().values;
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    console.log(`${USAGE}\n  the eight commissions (idempotent); --demo adds example partners, schools and commitments`);
    return 0;
  }
  const parsed = parseDatabaseConfig(process.env);
  if (!parsed.ok) {
    console.error(formatConfigProblems(parsed.problems, 'npm run seed'));
    return 1;
  }

  const { redactUri } = await import('../db/connection');
  const { openDatabase } = await import('../db/open');
  const { seedCommissions, seedDemo } = await import('./service');
  const timeZone = process.env.TZ || 'America/New_York';
  const db = await openDatabase(parsed.config);
  try {
    console.log(
      `Seeding ${redactUri(db.uri)}${db.via === 'shared' ? ' (the running app’s embedded server)' : db.via === 'own' ? ' (embedded server)' : ''}`,
    );
    const commissions = await seedCommissions();
    console.log(`Commissions: ${commissions.total} (${commissions.created} new).`);
    if (values.demo) {
      const counts = await seedDemo(new Date(), timeZone);
      console.log(`Demo data: ${counts.partners} partners, ${counts.schools} schools, ${counts.commitments} demo commitments.`);
    }
  } finally {
    await db.close();
  }
  return 0;
}

runCli('npm run seed', main);
