import { parseArgs } from 'node:util';
import { CliError, loadDotEnv } from '../../cli/run';
import { PRODUCTION_NEEDS_MONGODB_URI } from '../../config';
import { DataDirInUseError, startEmbeddedMongo } from './launcher';
import { findRunningServer, removeServerFile, writeServerFile } from './server-file';

const USAGE = 'Usage: npm run db -- [--port N] [--data-dir DIR | --memory]   (compiled: node dist/db/embedded/cli.js …)';

/**
 * `npm run db [-- --port N] [--data-dir DIR | --memory]`: the embedded server on its own, so several app
 * processes and the commands can share one database, as replicas do in production. With a data folder it is
 * published in `<dir>/server.json` (see server-file.ts), so the app and the commands find it by themselves.
 * Unlike the other commands it keeps running until SIGINT/SIGTERM, so it does not use runCli.
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
    throw new CliError(`${(err as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    console.log(`${USAGE}\n  defaults: port $MONGO_PORT or 27017, data dir $IEC_DATA_DIR or .data/mongo`);
    return;
  }
  if (process.env.NODE_ENV === 'production')
    throw new CliError(`the embedded database is not for production: ${PRODUCTION_NEEDS_MONGODB_URI}`);
  const portText = values.port ?? process.env.MONGO_PORT ?? '27017';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a whole number from 0 to 65535, got "${portText}"`, 2);
  }
  const dataDir = values.memory ? undefined : (values['data-dir'] ?? process.env.IEC_DATA_DIR ?? '.data/mongo');
  if (dataDir) {
    const running = await findRunningServer(dataDir);
    if (running)
      throw new CliError(`a server already runs on ${dataDir} (process ${running.ownerPid}): use MONGODB_URI=${running.uri}/iec-bot`);
  }
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  try {
    server = await startEmbeddedMongo({ port, dataDir });
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new CliError(`${err.message}: stop that process first`);
    throw new CliError((err as Error).message);
  }
  if (dataDir) {
    writeServerFile(dataDir, {
      uri: server.uri,
      port: server.port,
      ownerPid: process.pid,
      serverPid: server.pid,
      startedAt: new Date().toISOString(),
    });
    process.once('exit', () => removeServerFile(dataDir));
  }
  console.log(`Embedded MongoDB-compatible server ready (${dataDir ? `data in ${dataDir}` : 'in memory'}).`);
  console.log(`MONGODB_URI=${server.uri}/iec-bot`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

loadDotEnv();
main().catch((err: unknown) => {
  console.error(`npm run db: ${(err as Error).message}`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});
