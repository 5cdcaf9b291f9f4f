/**
 * Measures `/iec status`'s work (`schedulerStatus` with the app's notification sources) at district scale: app CPU
 * (process.cpuUsage), wall time and the database commands it sends (the driver's command monitoring), per call.
 * Prints one JSON line, and with `--by-command` the commands of one call by name and collection.
 *
 *   BENCH_DB_URI=mongodb://127.0.0.1:PORT/iec_status npx ts-node --transpile-only bench/status-probe.ts [--seed] [--rounds N]
 *
 * `--seed` drops the database and writes the bench's district (bench/data.ts: 10,000 partners, 100,000 commitments,
 * 2,000 deliverables, 500 meetings; `--quick` the smaller one), plus a winter recess in the school calendar so
 * reminders move past no-school days; without it the data already there is measured. The business time is the
 * bench's (BENCH_NOW). Run it on a quiet machine where possible: the load average is printed with the figures.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { addNoSchool } from '../src/calendar';
import { connectDatabase } from '../src/db/connection';
import { schedulerStatus } from '../src/scheduler';
import { notificationSources } from '../src/scheduled';
import { BENCH_ADMIN, BENCH_NOW, BENCH_ZONE } from './config';
import { reseed } from './data';

const IGNORED = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const uri = process.env.BENCH_DB_URI;
  if (!uri) throw new Error('set BENCH_DB_URI (with a database name)');
  const roundsAt = argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 10;
  await connectDatabase(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`);
  if (argv.includes('--seed')) {
    const seconds = await reseed(argv);
    await addNoSchool({ startDate: '2026-02-16', endDate: '2026-02-20', label: 'Midwinter recess', createdBy: BENCH_ADMIN, at: BENCH_NOW });
    await addNoSchool({ startDate: '2026-04-03', endDate: '2026-04-10', label: 'Spring recess', createdBy: BENCH_ADMIN, at: BENCH_NOW });
    console.error(`seeded in ${seconds.toFixed(1)} s`);
  }

  let commands: Array<{ name: string; collection: string; requestId: number; ms?: number }> | undefined;
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (e) => {
    if (!IGNORED.has(e.commandName))
      commands?.push({ name: e.commandName, collection: String(e.command[e.commandName]), requestId: e.requestId });
  });
  client.on('commandSucceeded', (e) => {
    const c = commands?.find((x) => x.requestId === e.requestId);
    if (c) c.ms = e.duration;
  });
  const ctx = () => ({ now: BENCH_NOW, timeZone: BENCH_ZONE });
  const opts = { maxFailures: 15, maxUpcoming: 15, upcomingDays: 7 };
  const once = async () => {
    commands = [];
    const cpu = process.cpuUsage();
    const t = performance.now();
    const status = await schedulerStatus(BENCH_NOW, notificationSources, ctx(), opts);
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const sent = commands;
    commands = undefined;
    return { cpuMs: (used.user + used.system) / 1000, wallMs: wall, commands: sent, status };
  };
  for (let i = 0; i < 2; i++) await once(); // warm-up: module loading, the pool, the server's caches
  const load = [os.loadavg()[0]];
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await once());
  load.push(os.loadavg()[0]);
  const last = runs[runs.length - 1];
  console.log(
    JSON.stringify({
      rounds,
      cpuMs: { median: round1(median(runs.map((r) => r.cpuMs))), min: round1(Math.min(...runs.map((r) => r.cpuMs))) },
      wallMs: { median: round1(median(runs.map((r) => r.wallMs))), min: round1(Math.min(...runs.map((r) => r.wallMs))) },
      commands: median(runs.map((r) => r.commands.length)),
      load1: load.map(round1),
      upcomingTotal: last.status.upcomingTotal,
      counts: last.status.counts,
      planningErrors: last.status.planningErrors,
      // what status shows, to compare before and after a change
      upcoming: last.status.upcoming.map((u) => `${u.dueAt.toISOString()} ${u.key}`),
    }),
  );
  // everything status would list, not only the first 15: the same before and after a change
  const all = await schedulerStatus(BENCH_NOW, notificationSources, ctx(), { ...opts, maxUpcoming: 1_000_000 });
  const listed = JSON.stringify(all.upcoming.map((u) => [u.dueAt.toISOString(), u.key, u.kind, u.about, u.target]));
  console.log(`upcoming: ${all.upcomingTotal} planned, sha1 ${createHash('sha1').update(listed).digest('hex')}`);
  if (argv.includes('--by-command')) {
    // the commands of the last measured call, each with its time on the server's side of the driver
    for (const c of last.commands) console.log(`  ${c.name} ${c.collection} ${c.ms === undefined ? '?' : Math.round(c.ms)} ms`);
  }
  await mongoose.disconnect();
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
