/**
 * What each `/iec` subcommand costs at district scale, one request at a time: wall time from sending the signed
 * command to its ephemeral reply at the fake Slack, the app's CPU (process.cpuUsage, the app runs in this process)
 * and the database commands it sent (the driver's command monitoring) with their summed duration. Prints a table
 * and one JSON line. Apart from `npm run bench`: it says where a request's time goes, the bench says how long
 * people wait under load.
 *
 *   BENCH_DB_URI=mongodb://127.0.0.1:PORT/iec_probe npx ts-node --transpile-only bench/iec-probe.ts [--seed] [--rounds N] [--only TEXT] [--slowest]
 *
 * `--seed` drops the database and writes the bench's district (bench/data.ts; `--quick` the smaller one); without it
 * the data already there is measured; `--slowest` names each subcommand's slowest database command (its filter, sort
 * and limit). The business time is the bench's (BENCH_NOW).
 */
import '../src/db/write-tracking'; // before any model is compiled (createApp checks)
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { FakeSlack } from '../tools/slack-standin/fake-slack';
import { fakePayloadContext, slashCommandPayload } from '../tools/slack-standin/requests';
import { BENCH_ADMIN, BENCH_NOW, BENCH_ZONE, BOT_TOKEN, IEC_TEXTS, quietLogger, SIGNING_SECRET } from './config';
import { reseed } from './data';
import { Arrivals, closeAgent, send } from './load';
import { STILL_WORKING } from '../src/slack/request-deadline';

const IGNORED = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x);

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const uri = process.env.BENCH_DB_URI;
  if (!uri) throw new Error('set BENCH_DB_URI (with a database name)');
  const rounds = Number(option(argv, '--rounds') ?? 5);
  const only = option(argv, '--only');
  const fake = await FakeSlack.start();
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    MONGODB_URI: uri,
    IEC_ADMINS: BENCH_ADMIN,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'error',
    TZ: BENCH_ZONE,
    IEC_SKIP_DOTENV: '1',
  });
  const { parseConfig, formatConfigProblems } = await import('../src/config');
  const parsed = parseConfig(process.env);
  if (!parsed.ok) throw new Error(formatConfigProblems(parsed.problems));
  const { connectDatabase } = await import('../src/db/connection');
  const { createApp } = await import('../src/app');
  await connectDatabase(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`);
  if (argv.includes('--seed')) console.error(`seeded in ${(await reseed(argv)).toFixed(1)} s`);
  type Command = { requestId: number; ms?: number; what: string };
  let commands: Command[] = [];
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (e) => {
    if (IGNORED.has(e.commandName)) return;
    const c = e.command as Record<string, unknown>;
    const shape = JSON.stringify(c.filter ?? c.pipeline ?? c.q ?? c.updates ?? '').slice(0, 160);
    commands.push({
      requestId: e.requestId,
      what: `${e.commandName} ${String(c[e.commandName])} ${shape} sort=${JSON.stringify(c.sort instanceof Map ? Object.fromEntries(c.sort) : (c.sort ?? ''))} limit=${String(c.limit ?? '')}`,
    });
  });
  const ended = (e: { requestId: number; duration: number }) => {
    const c = commands.find((x) => x.requestId === e.requestId);
    if (c) c.ms = e.duration;
  };
  client.on('commandSucceeded', ended);
  client.on('commandFailed', ended);

  const { app } = createApp({ config: parsed.config, logger: quietLogger, clock: () => BENCH_NOW });
  const server = (await app.start(0)) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const ctx = fakePayloadContext(fake);
  const arrivals = new Arrivals();
  fake.subscribe((call) => {
    if (call.method === 'response_url' && call.args.text !== STILL_WORKING) arrivals.arrived(`response:${call.path}`);
  });

  const once = async (text: string) => {
    const payload = slashCommandPayload(ctx, '/iec', text, { userId: BENCH_ADMIN });
    const body = new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const reply = arrivals.expect(`response:${new URL(payload.response_url).pathname}`, 30_000);
    commands = [];
    const cpu = process.cpuUsage();
    const t = performance.now();
    await send(url, { contentType: 'application/x-www-form-urlencoded', body });
    const at = await reply();
    const wall = (at ?? Number.NaN) - t;
    await new Promise((r) => setTimeout(r, 50)); // work after the reply (refreshes) lands in this request's figures
    const used = process.cpuUsage(cpu);
    const slowest = [...commands].sort((a, b) => (b.ms ?? 1e9) - (a.ms ?? 1e9))[0];
    return {
      wall,
      cpu: (used.user + used.system) / 1000,
      commands: commands.length,
      dbMs: commands.reduce((n, c) => n + (c.ms ?? 0), 0),
      slowest: slowest ? `${slowest.ms === undefined ? 'unfinished' : `${slowest.ms} ms`}: ${slowest.what}` : '',
    };
  };

  const texts = only ? [only] : IEC_TEXTS;
  const rows: Array<Record<string, number | string>> = [];
  for (const text of texts) {
    await once(text); // warm-up
    const runs = [];
    for (let i = 0; i < rounds; i += 1) runs.push(await once(text));
    rows.push({
      text,
      wallMs: round(median(runs.map((r) => r.wall))),
      cpuMs: round(median(runs.map((r) => r.cpu))),
      commands: median(runs.map((r) => r.commands)),
      dbMs: round(median(runs.map((r) => r.dbMs))),
    });
    if (argv.includes('--slowest')) console.error(`${text}: ${runs.at(-1)?.slowest}`);
  }
  console.table(rows);
  console.log(JSON.stringify({ load: os.loadavg().map((l) => Math.round(l * 10) / 10), rounds, rows }));
  closeAgent();
  await app.stop();
  await fake.stop();
  await mongoose.disconnect();
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
