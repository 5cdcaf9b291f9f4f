import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * `npm run seed [-- --demo]`: the eight commissions (and with --demo, example partners, schools and
 * commitments). Connects like the app: MONGODB_URI when set, else the embedded server with IEC_DATA_DIR.
 * Safe to run again.
 */
async function main(): Promise<void> {
  let demo = false;
  try {
    demo = parseArgs({ options: { demo: { type: 'boolean', default: false } } }).values.demo ?? false;
  } catch (err) {
    console.error(`npm run seed: ${(err as Error).message}\nUsage: npm run seed [-- --demo]`);
    process.exit(2);
  }
  if (existsSync('.env') && process.env.IEC_SKIP_DOTENV !== '1') process.loadEnvFile('.env');
  const { connectDatabase, disconnectDatabase, redactUri } = await import('../db/connection');
  const { startEmbeddedMongo } = await import('../db/embedded/launcher');
  const { seedCommissions, seedDemo } = await import('./service');

  const timeZone = process.env.TZ || 'America/New_York';
  let embedded: Awaited<ReturnType<typeof startEmbeddedMongo>> | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedMongo({ dataDir: process.env.IEC_DATA_DIR || '.data/mongo' });
    uri = `${embedded.uri}/iec-bot`;
  }
  try {
    await connectDatabase(uri);
    console.log(`Seeding ${redactUri(uri)}${embedded ? ' (embedded server)' : ''}`);
    const commissions = await seedCommissions();
    console.log(`Commissions: ${commissions.total} (${commissions.created} new).`);
    if (demo) {
      const counts = await seedDemo(new Date(), timeZone);
      console.log(`Demo data: ${counts.partners} partners, ${counts.schools} schools, ${counts.commitments} demo commitments.`);
    }
  } finally {
    await disconnectDatabase();
    await embedded?.stop();
  }
}

main().catch((err: Error) => {
  console.error(`npm run seed failed: ${err.message}`);
  process.exit(1);
});
