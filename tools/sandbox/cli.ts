import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * `npm run sandbox [-- --port 3000] [-- --fresh]`: the whole app in a browser, with no Slack workspace — the
 * embedded database (data kept in .data/sandbox between runs; --fresh starts over), seeded with the eight
 * commissions and the demo partners, the real Bolt app, a Slack stand-in and the page on http://localhost:PORT
 * (127.0.0.1 only; `--host` exposes it, with a warning). Messages, files and the simulated clock are kept too.
 * Ctrl-C stops everything.
 */

const USAGE = 'Usage: npm run sandbox [-- --port 3000] [-- --fresh] [-- --host ADDRESS]   (SANDBOX_PORT also sets the port)';

/** Printed when `--host` makes the page reachable from other machines. */
export function exposureWarning(host: string, port: number): string {
  return (
    `WARNING: --host ${host} makes the sandbox reachable at http://${host}:${port} from other machines. Anyone who ` +
    'reaches it acts as every persona, the administrator included, and reads every message and file in it. ' +
    'Use it only on a network you trust; without --host it listens on 127.0.0.1 (this machine) only.'
  );
}

const port = z.coerce
  .number({ error: 'the port must be a whole number from 1 to 65535' })
  .int('the port must be a whole number from 1 to 65535')
  .min(1, 'the port must be a whole number from 1 to 65535')
  .max(65535, 'the port must be a whole number from 1 to 65535');

export type SandboxArgs = { ok: true; port: number; fresh: boolean; host?: string } | { ok: false; problem: string };

export function parseSandboxArgs(argv: readonly string[], env: Record<string, string | undefined>): SandboxArgs {
  const read = () =>
    parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, fresh: { type: 'boolean', default: false }, host: { type: 'string' } },
      strict: true,
    }).values;
  let values: ReturnType<typeof read>;
  try {
    values = read();
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  const chosen = port.safeParse(values.port ?? (env.SANDBOX_PORT || '3000'));
  if (!chosen.success)
    return { ok: false, problem: `${values.port !== undefined ? '--port' : 'SANDBOX_PORT'}: ${chosen.error.issues[0].message}` };
  const host = values.host?.trim();
  if (values.host !== undefined && !host) return { ok: false, problem: '--host needs an address, e.g. --host 0.0.0.0' };
  return { ok: true, port: chosen.data, fresh: values.fresh ?? false, ...(host ? { host } : {}) };
}

async function main(): Promise<void> {
  const args = parseSandboxArgs(process.argv.slice(2), process.env);
  if (!args.ok) {
    console.error(`npm run sandbox: ${args.problem}\n${USAGE}`);
    process.exit(2);
  }
  const { ConsoleLogger, LogLevel } = await import('@slack/logger');
  const logger = new ConsoleLogger();
  logger.setName('sandbox');
  logger.setLevel(LogLevel.INFO);
  const { startSandbox, SANDBOX_DATA_DIR } = await import('./sandbox');
  if (args.fresh) {
    rmSync(SANDBOX_DATA_DIR, { recursive: true, force: true });
    logger.info(`--fresh: removed ${SANDBOX_DATA_DIR}`);
  }
  logger.info('starting the embedded database, the app and the Slack stand-in…');
  if (args.host) console.warn(`\n  ${exposureWarning(args.host, args.port)}\n`);
  const sandbox = await startSandbox({ port: args.port, logger, ...(args.host ? { host: args.host } : {}) });
  logger.info(
    `seeded ${sandbox.seed.commissions} commissions, ${sandbox.seed.partners} partners, ${sandbox.seed.schools} schools (data in ${SANDBOX_DATA_DIR})`,
  );
  console.log(`\n  iec-bot sandbox is running: open ${sandbox.url}\n  Ctrl-C stops it.\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping the sandbox`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('stopping failed:', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: Error) => {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(
      `npm run sandbox could not start: ${inUse ? `${err.message}: choose another port with --port or SANDBOX_PORT` : err.message}`,
    );
    process.exit(1);
  });
}
