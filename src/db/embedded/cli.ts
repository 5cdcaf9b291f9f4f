import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './launcher';

/**
 * `npm run db [-- --port N] [--data-dir DIR | --memory]`: the embedded server on its own, so several app
 * processes and the job command can share one database, as replicas do in production.
 */
async function main(): Promise<void> {
  const read = () =>
    parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        memory: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  let values: ReturnType<typeof read>;
  try {
    values = read();
  } catch (err) {
    console.error(`npm run db: ${(err as Error).message}\nUsage: npm run db -- [--port N] [--data-dir DIR | --memory]`);
    process.exit(2);
  }
  if (values.help) {
    console.log(
      'Usage: npm run db -- [--port N] [--data-dir DIR | --memory]\n  defaults: port $MONGO_PORT or 27017, data dir $IEC_DATA_DIR or .data/mongo',
    );
    return;
  }
  const portText = values.port ?? process.env.MONGO_PORT ?? '27017';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`npm run db: --port must be a whole number from 0 to 65535, got "${portText}"`);
    process.exit(2);
  }
  const dataDir = values.memory ? undefined : (values['data-dir'] ?? process.env.IEC_DATA_DIR ?? '.data/mongo');
  try {
    const server = await startEmbeddedMongo({ port, dataDir });
    console.log(`Embedded MongoDB-compatible server ready (${dataDir ? `data in ${dataDir}` : 'in memory'}).`);
    console.log(`MONGODB_URI=${server.uri}/iec-bot`);
    const stop = () => void server.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(`npm run db: ${(err as Error).message}`);
    process.exit(1);
  }
}

void main();
