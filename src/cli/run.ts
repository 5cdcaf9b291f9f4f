import { existsSync } from 'node:fs';

/**
 * What every administrator command (seed, job, db, import…) shares: `.env` read like the app reads it, and a
 * failure told in one line with the command's name and a non-zero exit, never a stack trace.
 *
 * A new command is `src/<feature>/cli.ts` calling `runCli('npm run <name>', main)`, a `<name>` script in
 * package.json (`tsx src/<feature>/cli.ts`), and its compiled form `node dist/<feature>/cli.js` (see README).
 */

/** A failure the person can act on; `exitCode` 2 means bad arguments. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function loadDotEnv(): void {
  if (existsSync('.env') && process.env.IEC_SKIP_DOTENV !== '1') process.loadEnvFile('.env');
}

/** Runs `main` (its result is the exit code) and exits. */
export function runCli(name: string, main: (argv: string[]) => Promise<number>): void {
  loadDotEnv();
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(err instanceof CliError ? `${name}: ${message}` : `${name} failed: ${message}`);
      process.exit(err instanceof CliError ? err.exitCode : 1);
    },
  );
}
