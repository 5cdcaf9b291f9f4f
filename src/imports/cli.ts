import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { CliError, runCli } from '../cli/run';
import { formatConfigProblems, parseDatabaseConfig } from '../config';
import { parseImportArgs, USAGE } from './cli-args';

/**
 * `npm run import -- …` (compiled: `node dist/imports/cli.js …`): imports a file as an administrator, from the shell.
 * Connects like the app: MONGODB_URI when set, else the embedded server on IEC_DATA_DIR (the
 * app's, when the app runs). With SLACK_BOT_TOKEN
 * set, contacts are linked to their Slack accounts by email. Before anything else it finishes (or rolls back)
 * any import a process left half-way. Exit codes: 0 the file was read (even with rejected rows), 1 it could
 * not be read or applied, 2 bad arguments.
 */
async function main(argv: string[]): Promise<number> {
  const args = parseImportArgs(argv);
  if (!args.ok) throw new CliError(`${args.problem}\n${USAGE}`, 2);
  const command = args.command;
  if (command.kind === 'template') {
    const { templateWorkbook } = await import('./template');
    writeFileSync(command.out, await templateWorkbook(command.what));
    console.log(`Wrote ${command.out}: the ${command.what} columns I recognise, with one example row.`);
    return 0;
  }
  let content: Buffer | undefined;
  if (command.kind === 'import') {
    if (!existsSync(command.file) || !statSync(command.file).isFile()) throw new CliError(`there is no file ${command.file}.`);
    content = readFileSync(command.file);
  }
  const parsed = parseDatabaseConfig(process.env);
  if (!parsed.ok) {
    console.error(formatConfigProblems(parsed.problems, 'npm run import'));
    return 1;
  }
  const { openDatabase } = await import('../db/open');
  const service = await import('./service');
  const { summaryLines } = await import('./report');
  const { AppError } = await import('../errors');

  const by = command.as ?? `shell:${userInfo().username}`;
  const actor = { userId: by, isAdmin: true, leads: [], partnerIds: [] };
  const db = await openDatabase(parsed.config);
  try {
    if (command.kind === 'resume' || command.kind === 'rollback') {
      const run = command.kind === 'resume' ? service.resumeImport : service.rollbackImport;
      const summary = await run(command.id, { now: new Date(), actor });
      for (const line of summaryLines(summary)) console.log(line);
      return 0;
    }
    if (command.kind !== 'import') return 2;
    await service.recoverImports(new Date(), async (r) => {
      console.log(`Import ${r.summary.id} (${r.summary.filename}) had stopped half-way: ${r.outcome}.${r.problem ? ` ${r.problem}` : ''}`);
    });
    const lookupEmail = await slackLookup();
    const preview = await service.previewImport({
      kind: command.what,
      filename: basename(command.file),
      content: content as Buffer,
      actor,
      by,
      via: 'shell',
      now: new Date(),
      ...(lookupEmail ? { lookupEmail } : {}),
    });
    if (!preview.ok) throw new CliError(`${command.file} cannot be imported: ${preview.reason.replace(/[*`]/g, '')}`);
    if (command.dryRun) {
      await service.cancelImport(preview.summary.id, actor, new Date());
      console.log('Dry run: nothing was written.');
      for (const line of summaryLines({ ...preview.summary, status: 'previewed' })) console.log(line);
      return 0;
    }
    const total = preview.summary.counts.new + preview.summary.counts.updated;
    const summary = await service.applyImport(preview.summary.id, {
      now: new Date(),
      actor,
      onProgress: (done) => {
        if (total > 1000) console.log(`  applied ${done} of ${total}`);
      },
    });
    for (const line of summaryLines(summary)) console.log(line);
    return summary.status === 'applied' ? 0 : 1;
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.userMessage.replace(/[*`]/g, ''));
    throw err;
  } finally {
    await db.close();
  }
}

/** users.lookupByEmail with the bot token, when there is one. */
async function slackLookup(): Promise<((email: string) => Promise<string | undefined>) | undefined> {
  const token = process.env.SLACK_BOT_TOKEN;
  if (!token) return undefined;
  const { WebClient } = await import('@slack/web-api');
  const client = new WebClient(token, { slackApiUrl: process.env.SLACK_API_URL || undefined, rejectRateLimitedCalls: false });
  return async (email) => {
    try {
      const res = await client.users.lookupByEmail({ email });
      return res.user?.id;
    } catch {
      return undefined;
    }
  };
}

runCli('npm run import', main);
