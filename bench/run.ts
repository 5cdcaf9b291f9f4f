/**
 * `npm run bench [-- --quick]`: generates district-sized data and measures the app against its floor, side by side
 * in the same run; prints a table and writes bench/results.json. It reports; it never fails on a target.
 * Uses MONGODB_URI when set (database `iec_bench` on that server, dropped first), else starts the embedded server.
 * See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { ACTION, BLOCK } from '../src/commitments';
import { commitmentFormView } from '../src/commitments';
import { connectDatabase, redactUri } from '../src/db/connection';
import { maxHeapArgs } from '../src/db/embedded/launcher';
import { DELIVERABLE_REMINDER_KIND } from '../src/deliverables';
import { DIGEST_KIND } from '../src/digest';
import { countNotifications, notificationsOfKinds, removeNotifications } from '../src/scheduler';
import { buildSync } from 'esbuild';
import { openCommitmentIds } from '../src/commitments';
import { FakeSlack } from '../tools/slack-standin/fake-slack';
import {
  blockActionsPayload,
  blockSuggestionPayload,
  fakePayloadContext,
  slashCommandPayload,
  viewSubmissionPayload,
  type PayloadContext,
} from '../tools/slack-standin/requests';
import type { FakeSlackCall } from '../tools/slack-standin/types';
import { seededRandom } from '../test/faults/support/random';
import {
  BENCH_ADMIN,
  BENCH_DB_NAME,
  BENCH_NOW,
  BENCH_ZONE,
  BOT_TOKEN,
  FANOUT_BURST,
  FANOUT_RATE_PER_SECOND,
  FULL,
  IEC_TEXTS,
  QUICK,
  SIGNING_SECRET,
  type BenchSizes,
} from './config';
import { addHistory, COMMISSION_KEYS, dropBenchData, generate, leadOf, partnerName, type Generated } from './data';
import { describeError, Steps } from './steps';
import { importStep, type ImportTiming } from './import-step';
import { enginesFromArgs, folderBytes, rssOf, startEngine, type Engine, type EngineName } from './engines';
import { officeDay } from './office-day';
import { Arrivals, closeAgent, percentiles, runLoad, send, type PreparedRequest, type Percentiles } from './load';

const ROOT = path.resolve(__dirname, '..');
/** The office day's second administrator (the others are the commissions' leads). */
const SECOND_ADMIN = 'UBENCHADMIN2';
const RESULTS = path.join(__dirname, 'results.json');
/** A full run stays under ~15 minutes: the million-commitment step is skipped when the run is already this long. */
const MILLION_STEP_DEADLINE_MS = 10 * 60_000;
/** The embedded server needs roughly this much free memory for a million commitments. */
const MILLION_STEP_MIN_FREE_BYTES = 8 * 1024 ** 3;
/** How long the engine may take to answer a ping on a fresh connection after a step before it counts as gone. */
const HEALTH_TIMEOUT_MS = 30_000;

const quick = process.argv.includes('--quick');
const sizes: BenchSizes = quick ? QUICK : FULL;
const engines = enginesFromArgs(process.argv);
const optionValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
/** `--office-minutes N` shortens (or lengthens) the office day. */
const officeMinutes = Number(optionValue('--office-minutes') ?? sizes.officeDayMinutes);
/** `--skip-million`: no digest step at a million commitments (it takes minutes per engine). */
const skipMillion = process.argv.includes('--skip-million');
/** `--imports-only`: only the import rows (on an empty database; no district is generated). */
const importsOnly = process.argv.includes('--imports-only');
const started = Date.now();
const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

type Row = { measure: string; app: string; floor: string; ratio: string; target: string; verdict: string };
let rows: Row[] = [];
let results: Record<string, unknown> = {};
let notes: string[] = [];
/** The engine being measured, and every engine's rows (for the side-by-side table). */
let engineStarted = Date.now();
const byEngine: Partial<Record<EngineName, { rows: Row[]; results: Record<string, unknown>; notes: string[] }>> = {};

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : 'n/a');

// ---- processes --------------------------------------------------------------------------------------------

interface Child {
  process: ChildProcess;
  port: number;
  url: string;
  request<T>(message: Record<string, unknown>): Promise<T>;
}

/**
 * The app process compiled to JavaScript once per run (esbuild; node_modules stay external, as in dist/), so its
 * memory is that of compiled code, not of ts-node's compiler.
 */
let compiled: string | undefined;
function compiledAppProcess(): string {
  if (compiled) return compiled;
  const outfile = path.join(__dirname, '.build', 'app-process.js');
  buildSync({
    entryPoints: [path.join(__dirname, 'app-process.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  compiled = outfile;
  return outfile;
}

function startChild(mode: 'app' | 'bare', env: Record<string, string>): Promise<Child> {
  // BENCH_CPU_PROF=<folder>: each app process writes a CPU profile there when it exits (node --cpu-prof)
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = fork(compiledAppProcess(), [], {
    cwd: ROOT,
    execArgv: ['--expose-gc', ...profile],
    env: { ...process.env, ...env, BENCH_MODE: mode },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  return new Promise((resolve, reject) => {
    const notReady = (code: number | null) => reject(new Error(`the ${mode} process exited with ${code} before it was ready`));
    child.once('exit', notReady);
    // a request to a process that has exited would wait for ever: it fails with the exit
    child.on('exit', (code, signal) => {
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(new Error(`the ${mode} process exited (${signal ?? `code ${code}`})`));
      }
    });
    child.on('message', (m: { type?: string; id?: number; port?: number; ok?: boolean; error?: string }) => {
      if (m.type === 'ready') {
        child.removeListener('exit', notReady);
        resolve({
          process: child,
          port: m.port as number,
          url: `http://127.0.0.1:${m.port}/slack/events`,
          request: <T>(message: Record<string, unknown>) =>
            new Promise<T>((res, rej) => {
              const id = nextId++;
              pending.set(id, { resolve: res as (v: never) => void, reject: rej });
              child.send({ ...message, id });
            }),
        });
        return;
      }
      const waiter = m.id !== undefined ? pending.get(m.id) : undefined;
      if (!waiter || m.id === undefined) return;
      pending.delete(m.id);
      if (m.ok) waiter.resolve(m as never);
      else waiter.reject(new Error(m.error ?? 'failed'));
    });
  });
}

/** Waits until the fake has had no new call for `quietMs` (what the app does after its acks is done). */
async function settle(fake: FakeSlack, quietMs = 1_000, maxMs = 60_000): Promise<void> {
  const end = Date.now() + maxMs;
  let seen = -1;
  while (seen !== fake.calls.length && Date.now() < end) {
    seen = fake.calls.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

// ---- the digest ---------------------------------------------------------------------------------------------

interface ProbeResult {
  commitments: number;
  commissions: number;
  digest: { ms: number[]; peakHeapGrowth: number; peakRssGrowth: number };
  aggregation: { ms: number[]; peakHeapGrowth: number; peakRssGrowth: number };
  weekActivity: number;
}

function probeDigest(dbUri: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'digest-probe.ts'), [], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only', '--expose-gc'],
      env: { ...process.env, BENCH_DB_URI: dbUri, BENCH_NOW: BENCH_NOW.toISOString(), BENCH_ROUNDS: quick ? '2' : '3' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ProbeResult);
      else reject(new Error(`the digest probe failed (exit ${code}): ${out.slice(-500)}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---- HTTP scenarios ---------------------------------------------------------------------------------------

type Target = 'app' | 'bare';

interface Scenario {
  name: string;
  make: (ctx: PayloadContext, i: number, target: Target) => PreparedRequest;
}

function form(payload: object): string {
  return new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/**
 * The three kinds of request people send. A client waits for the full answer of a command (its ephemeral reply, or
 * the opened modal) before it sends the next, as a person does; the bare app's /iec has no answer beyond its ack.
 */
function scenarios(
  data: Generated,
  arrivals: Arrivals,
  answerTimes: Record<string, number[]>,
  onCommitSent: (trigger: string, at: number) => void,
  commitmentIds: string[],
): Scenario[] {
  const r = seededRandom(7);
  const formView = commitmentFormView({ metadata: {}, commissions: COMMISSION_KEYS.map((key) => ({ key, name: key })), initial: {} });
  return [
    {
      name: '/iec subcommands',
      make: (ctx, i, target) => {
        const text = IEC_TEXTS[i % IEC_TEXTS.length];
        const payload = slashCommandPayload(ctx, '/iec', text, { userId: BENCH_ADMIN });
        const body = form(payload);
        if (target === 'bare') return { contentType: 'application/x-www-form-urlencoded', body };
        const reply = arrivals.expect(`response:${new URL(payload.response_url).pathname}`);
        let sentAt = 0;
        return {
          contentType: 'application/x-www-form-urlencoded',
          body,
          onSend: (at) => {
            sentAt = at;
          },
          answered: async () => {
            const at = await reply();
            if (at !== undefined && i < 1_000_000) {
              answerTimes[text] ??= [];
              answerTimes[text].push(at - sentAt);
            }
            return at !== undefined;
          },
        };
      },
    },
    {
      name: '/commit',
      make: (ctx) => {
        const payload = slashCommandPayload(ctx, '/commit', data.partners[r.int(data.partners.length)].name, { userId: BENCH_ADMIN });
        const modal = arrivals.expect(`trigger:${payload.trigger_id}`);
        return {
          contentType: 'application/x-www-form-urlencoded',
          body: form(payload),
          onSend: (at) => onCommitSent(payload.trigger_id, at),
          answered: async () => (await modal()) !== undefined,
        };
      },
    },
    {
      name: 'view submissions',
      make: (ctx, i) => {
        const partner = data.partners[r.int(data.partners.length)];
        const payload = viewSubmissionPayload(ctx, {
          userId: BENCH_ADMIN,
          view: { ...(formView as object), id: `VBENCH${String(i).padStart(7, '0')}${r.int(1e6)}` },
          values: {
            [BLOCK.partner]: { [ACTION.partner]: String(partner._id) },
            [BLOCK.commission]: { [ACTION.commission]: partner.commissions[0] },
            [BLOCK.type]: { [ACTION.type]: r.pick(['mentoring', 'guest_speaking', 'site_visit', 'internship_hosting']) },
            [BLOCK.quantity]: { [ACTION.quantity]: String(1 + r.int(20)) },
            [BLOCK.startDate]: { [ACTION.startDate]: '2026-03-02' },
          },
        });
        return {
          contentType: 'application/x-www-form-urlencoded',
          body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        };
      },
    },
    {
      // a list's status menu: the commitment's status changes (a write with history), the answer follows the ack
      name: 'buttons',
      make: (ctx, i) => {
        const id = commitmentIds[i % commitmentIds.length];
        const payload = blockActionsPayload(ctx, {
          userId: BENCH_ADMIN,
          actionId: ACTION.status,
          blockId: 'bench_status',
          type: 'static_select',
          selectedOption: `${id}:${i % 2 ? 'confirmed' : 'pledged'}`,
          ephemeral: true,
        });
        return {
          contentType: 'application/x-www-form-urlencoded',
          body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        };
      },
    },
  ];
}

/** What people type into the partner select: beginnings, words from the middle, other case and punctuation, and misses. */
function typeaheadQueries(count: number, partners: number): string[] {
  const r = seededRandom(11);
  return Array.from({ length: count }, (_, i) => {
    const name = partnerName(r.int(partners));
    switch (i % 5) {
      case 0:
        return name.slice(0, 2 + r.int(4));
      case 1:
        return name.split(' ')[1]?.slice(0, 3 + r.int(4)) ?? name.slice(0, 3);
      case 2:
        return name
          .slice(0, 6 + r.int(6))
          .toUpperCase()
          .replace(/ /g, '-');
      case 3:
        return r.pick(['con ed', 'new york', 'health', 'summit med', 'brook', 'tech gr']);
      default:
        return r.pick(['zzq', 'qqqx', 'xylophone']);
    }
  });
}

async function httpPhase(data: Generated, dbUri: string, steps: Steps): Promise<void> {
  const fake = await FakeSlack.start();
  const ctx = fakePayloadContext(fake);
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    MONGODB_URI: dbUri,
    PORT: '0',
    IEC_ADMINS: `${BENCH_ADMIN},${SECOND_ADMIN}`,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'error',
    TZ: BENCH_ZONE,
    IEC_SKIP_DOTENV: '1',
    BENCH_NOW: BENCH_NOW.toISOString(),
  };
  const children: Child[] = [];
  try {
    await httpSteps(data, env, fake, ctx, steps, children);
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
    await fake.stop().catch(() => undefined);
    closeAgent();
  }
}

const MEASURE = {
  idle: 'resident memory, idle after start-up',
  loaded: 'resident memory, idle after the load above',
  iecAnswers: `/iec answers (send → ephemeral reply), all ${IEC_TEXTS.length} subcommands, p50 / p99`,
  viewsOpen: '/commit → views.open at the fake, p50 / p99',
  ack: (scenario: string) => `ack ${scenario} p50 / p95 / p99`,
  typeahead: (partners: number) => `partner type-ahead at ${partners.toLocaleString('en-US')} partners, p50 / p99`,
  officeDay: (people: number) => `office day: ${people} people, ${officeMinutes} min, p50 / p99 (slowest kind)`,
  fanout: (variant: string) => `fan-out ${sizes.fanoutDms} DMs + ${COMMISSION_KEYS.length} digests, ${variant}`,
  digest: (commitments: number) =>
    `digest of all ${COMMISSION_KEYS.length} commissions at ${commitments.toLocaleString('en-US')} commitments: time; peak heap / RSS growth`,
  engine: (name: EngineName, commitments: number) =>
    `${name} server at ${commitments.toLocaleString('en-US')} commitments: resident memory; data folder`,
};
const FANOUT_VARIANTS = ['default scheduler (8 recipients at a time)', 'every recipient at once'] as const;
const SCENARIO_NAMES = ['/iec subcommands', '/commit', 'view submissions', 'buttons'] as const;

async function httpSteps(
  data: Generated,
  env: Record<string, string>,
  fake: FakeSlack,
  ctx: PayloadContext,
  steps: Steps,
  children: Child[],
): Promise<void> {
  const processes = await steps.run('HTTP: start the app and the bare Bolt app', [MEASURE.idle], async () => {
    log('starting the app and the bare Bolt app (each in its own process)');
    const started = await Promise.allSettled([startChild('app', env), startChild('bare', env)]);
    for (const s of started) if (s.status === 'fulfilled') children.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [app, bare] = children;
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = { app: rssOf(app.process.pid as number), bare: rssOf(bare.process.pid as number) };
    const idleHeap = {
      app: (await app.request<{ memory: { heapUsed: number } }>({ type: 'memory' })).memory.heapUsed,
      bare: (await bare.request<{ memory: { heapUsed: number } }>({ type: 'memory' })).memory.heapUsed,
    };
    rows.push({
      measure: MEASURE.idle,
      app: mb(idle.app),
      floor: mb(idle.bare),
      ratio: ratio(idle.app, idle.bare),
      target: '< 150 MB (compiled JavaScript)',
      verdict: idle.app < 150 * 1024 ** 2 ? 'met' : 'MISSED',
    });
    results.memory = {
      idle,
      idleHeap,
      note: 'RSS from ps; both processes run compiled JavaScript (esbuild, node_modules external, as dist/)',
    };
    return { app, bare };
  });
  const noApp = processes ? undefined : 'the app processes did not start';
  const app = processes?.app as Child;
  const bare = processes?.bare as Child;

  const commitSent = new Map<string, number>();
  const opened: Record<Target, number[]> = { app: [], bare: [] };
  let current: Target = 'bare';
  const openFailures: string[] = [];
  const arrivals = new Arrivals();
  fake.subscribe((call: FakeSlackCall) => {
    if (call.method === 'response_url') arrivals.arrived(`response:${call.path}`);
    if (call.method === 'views.publish') arrivals.arrived(`publish:${String(call.args.user_id)}`);
    if (call.method !== 'views.open') return;
    arrivals.arrived(`trigger:${String(call.args.trigger_id)}`);
    const sentAt = commitSent.get(String(call.args.trigger_id));
    if (sentAt === undefined) return;
    if (call.ok) opened[current].push(performance.now() - sentAt);
    else openFailures.push(`${current}: ${call.error}`);
  });

  const answerTimes: Record<string, number[]> = {};
  const commitmentIds = noApp
    ? []
    : ((await steps.run('HTTP: open commitments for the buttons', [], () => openCommitmentIds('2025-26', 2_000))) ?? []);
  const list = scenarios(data, arrivals, answerTimes, (trigger, at) => commitSent.set(trigger, at), commitmentIds);
  const measured: Record<
    string,
    Record<Target, Percentiles & { errors: number; unanswered: number; statuses: Record<string, number> }>
  > = {};
  results.http = { requests: sizes.requests, concurrency: sizes.concurrency, scenarios: measured };
  for (const scenario of list) {
    const extra = scenario.name === '/iec subcommands' ? [MEASURE.iecAnswers] : scenario.name === '/commit' ? [MEASURE.viewsOpen] : [];
    await steps.run(
      `HTTP: ${scenario.name}`,
      [MEASURE.ack(scenario.name), ...extra],
      async () => {
        const m = {} as Record<Target, Percentiles & { errors: number; unanswered: number; statuses: Record<string, number> }>;
        for (const [target, child] of [
          ['bare', bare],
          ['app', app],
        ] as const) {
          current = target;
          await runLoad(child.url, Math.min(100, sizes.requests), sizes.concurrency, (i) => scenario.make(ctx, 1_000_000 + i, target)); // warm-up
          await settle(fake);
          if (scenario.name === '/commit') opened[target].length = 0;
          log(`${scenario.name} → ${target}: ${sizes.requests} requests, ${sizes.concurrency} clients`);
          const res = await runLoad(child.url, sizes.requests, sizes.concurrency, (i) => scenario.make(ctx, i, target));
          m[target] = { ...percentiles(res.latencies), errors: res.errors, unanswered: res.unanswered, statuses: res.statuses };
          await settle(fake);
        }
        measured[scenario.name] = m;
        const a = m.app;
        const b = m.bare;
        rows.push({
          measure: MEASURE.ack(scenario.name),
          app: `${ms(a.p50)} / ${ms(a.p95)} / ${ms(a.p99)}`,
          floor: `${ms(b.p50)} / ${ms(b.p95)} / ${ms(b.p99)}`,
          ratio: `${ratio(a.p50, b.p50)} / ${ratio(a.p95, b.p95)} / ${ratio(a.p99, b.p99)}`,
          target: 'p99 ≤ 1.5× floor and < 100 ms',
          verdict:
            a.p99 <= 1.5 * b.p99 && a.p99 < 100 && a.errors === 0 && a.unanswered === 0
              ? 'met'
              : `MISSED${a.errors ? ` (${a.errors} non-200)` : ''}${a.unanswered ? ` (${a.unanswered} unanswered in 10 s)` : ''}`,
        });
        if (scenario.name === '/iec subcommands') {
          const allAnswers = percentiles(Object.values(answerTimes).flat());
          rows.push({
            measure: MEASURE.iecAnswers,
            app: `${ms(allAnswers.p50)} / ${ms(allAnswers.p99)}; ${a.unanswered} unanswered in 10 s`,
            floor: `${ms(b.p50)} / ${ms(b.p99)} (bare ack)`,
            ratio: ratio(allAnswers.p99, b.p99),
            target: 'p99 < 1 s, none unanswered in 10 s',
            verdict: allAnswers.p99 < 1000 && a.unanswered === 0 ? 'met' : 'MISSED',
          });
          const answers = Object.fromEntries(Object.entries(answerTimes).map(([text, values]) => [text, percentiles(values)]));
          const slowest = Object.entries(answers)
            .sort((x, y) => y[1].p50 - x[1].p50)
            .slice(0, 4);
          notes.push(
            `/iec answers under load (send → ephemeral reply, p50 / p99): ${slowest.map(([t, p]) => `\`${t}\` ${ms(p.p50)} / ${ms(p.p99)}`).join('; ')}`,
          );
          (results.http as Record<string, unknown>).iecAnswers = answers;
        }
        if (scenario.name === '/commit') {
          const openApp = percentiles(opened.app);
          const openBare = percentiles(opened.bare);
          rows.push({
            measure: MEASURE.viewsOpen,
            app: `${ms(openApp.p50)} / ${ms(openApp.p99)}`,
            floor: `${ms(openBare.p50)} / ${ms(openBare.p99)}`,
            ratio: `${ratio(openApp.p50, openBare.p50)} / ${ratio(openApp.p99, openBare.p99)}`,
            target: 'p99 < 300 ms',
            verdict: openApp.p99 < 300 && openApp.n >= sizes.requests * 0.99 ? 'met' : `MISSED (${openApp.n}/${sizes.requests} opened)`,
          });
          (results.http as Record<string, unknown>).viewsOpen = { app: openApp, bare: openBare, failures: openFailures };
        }
      },
      noApp,
    );
  }

  // the partner type-ahead
  const formView = commitmentFormView({ metadata: {}, commissions: COMMISSION_KEYS.map((key) => ({ key, name: key })), initial: {} });
  const typeahead = await steps.run(
    'HTTP: partner type-ahead',
    [MEASURE.typeahead(data.partners.length)],
    async () => {
      const queries = typeaheadQueries(sizes.requests, data.partners.length);
      const out: Record<string, Percentiles & { withOptions: number }> = {};
      for (const [target, child] of [
        ['bare', bare],
        ['app', app],
      ] as const) {
        let withOptions = 0;
        const make = (i: number): PreparedRequest => ({
          contentType: 'application/x-www-form-urlencoded',
          body: new URLSearchParams({
            payload: JSON.stringify(
              blockSuggestionPayload(ctx, {
                userId: BENCH_ADMIN,
                actionId: ACTION.partner,
                blockId: BLOCK.partner,
                value: queries[i % queries.length],
                view: { ...(formView as object), id: 'VTYPEAHEAD' },
              }),
            ),
          }).toString(),
        });
        await runLoad(child.url, 50, sizes.typeaheadConcurrency, make);
        log(
          `type-ahead → ${target}: ${queries.length} option loads, ${sizes.typeaheadConcurrency} clients, ${data.partners.length.toLocaleString('en-US')} partners`,
        );
        const latencies: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: sizes.typeaheadConcurrency }, async () => {
            while (next < queries.length) {
              const res = await send(child.url, make(next++));
              latencies.push(res.ms);
              if (/"options":\[\{/.test(res.body)) withOptions += 1;
            }
          }),
        );
        out[target] = { ...percentiles(latencies), withOptions };
      }
      rows.push({
        measure: MEASURE.typeahead(data.partners.length),
        app: `${ms(out.app.p50)} / ${ms(out.app.p99)}`,
        floor: `${ms(out.bare.p50)} / ${ms(out.bare.p99)}`,
        ratio: `${ratio(out.app.p50, out.bare.p50)} / ${ratio(out.app.p99, out.bare.p99)}`,
        target: 'p99 < 100 ms',
        verdict: out.app.p99 < 100 ? 'met' : 'MISSED',
      });
      (results.http as Record<string, unknown>).typeahead = out;
      return out;
    },
    noApp,
  );

  // an office day: 10 IECs doing their mix of things for `officeMinutes`
  if (officeMinutes > 0) {
    const people = [BENCH_ADMIN, SECOND_ADMIN, ...COMMISSION_KEYS.map((_, i) => leadOf(i))].slice(0, 10);
    await steps.run(
      'HTTP: office day',
      [MEASURE.officeDay(people.length)],
      async () => {
        log(`office day: ${people.length} people for ${officeMinutes} min (commands, forms, Home, type-ahead)`);
        const day = await officeDay({
          url: app.url,
          ctx,
          arrivals,
          people,
          minutes: officeMinutes,
          partnerNames: data.partners.map((p) => p.name),
          partnerIds: data.partners.map((p) => String(p._id)),
          commissionOf: (i) => data.partners[i].commissions[0],
          formView: formView as object,
          iecTexts: IEC_TEXTS,
        });
        const slowest = Object.entries(day.byKind).sort((a, b) => b[1].p99 - a[1].p99)[0];
        rows.push({
          measure: MEASURE.officeDay(people.length),
          app: `${ms(day.all.p50)} / ${ms(day.all.p99)} (${slowest ? `${slowest[0]} p99 ${ms(slowest[1].p99)}` : 'n/a'}); ${day.steps} answers, ${day.unanswered} unanswered`,
          floor: typeahead ? `${ms(typeahead.bare.p99)} (bare type-ahead p99)` : '',
          ratio: '',
          target: 'p99 < 500 ms for every answer',
          verdict: Object.values(day.byKind).every((k) => k.p99 < 500) && day.unanswered === 0 ? 'met' : 'MISSED',
        });
        results.officeDay = { minutes: officeMinutes, people: people.length, ...day };
      },
      noApp,
    );
  }

  results.fanout = {};
  for (const variant of FANOUT_VARIANTS) {
    await steps.run(
      `fan-out: ${variant}`,
      [MEASURE.fanout(variant)],
      async () => {
        (results.fanout as Record<string, unknown>)[variant] = await fanoutVariant(app, data, variant);
      },
      noApp,
    );
  }

  await steps.run(
    'memory after the load',
    [MEASURE.loaded],
    async () => {
      await new Promise((r) => setTimeout(r, 2_000));
      const loaded = { app: rssOf(app.process.pid as number), bare: rssOf(bare.process.pid as number) };
      const loadedHeap = (await app.request<{ memory: { heapUsed: number } }>({ type: 'memory' })).memory.heapUsed;
      const idle = (results.memory as { idle: { bare: number } }).idle;
      rows.push({
        measure: MEASURE.loaded,
        app: mb(loaded.app),
        floor: mb(loaded.bare),
        ratio: ratio(loaded.app, loaded.bare),
        target: '< 250 MB (compiled JavaScript)',
        verdict: loaded.app < 250 * 1024 ** 2 ? 'met' : 'MISSED',
      });
      Object.assign(results.memory as object, { loaded, loadedHeapApp: loadedHeap, bareIdle: idle.bare });
    },
    noApp,
  );
}

// ---- fan-out ----------------------------------------------------------------------------------------------

interface TickResult {
  result: { ms: number; summary: { planned: number; sent: number; skipped: number; failed: number; retrying: number; errors: string[] } };
}

async function fanoutVariant(app: Child, data: Generated, name: (typeof FANOUT_VARIANTS)[number]): Promise<Record<string, unknown>> {
  const kinds = [DELIVERABLE_REMINDER_KIND, DIGEST_KIND];
  const concurrency = name === 'every recipient at once' ? data.fanoutOwners.length + COMMISSION_KEYS.length : undefined;
  const variant = { name, concurrency };
  await removeNotifications(kinds);
  const fake = await FakeSlack.start({ perChannelRatePerSecond: FANOUT_RATE_PER_SECOND, rateBurst: FANOUT_BURST });
  try {
    log(
      `fan-out (${variant.name}): ${sizes.fanoutDms} deliverable DMs to ${data.fanoutOwners.length} owners and ${COMMISSION_KEYS.length} channel digests, ${FANOUT_RATE_PER_SECOND}/s per channel`,
    );
    const t = performance.now();
    let ticks = 0;
    let planned = 0;
    for (;;) {
      const { result } = await app.request<TickResult>({
        type: 'tick',
        at: BENCH_NOW.toISOString(),
        apiUrl: fake.apiUrl,
        kinds,
        lookBackMs: 60_000,
        ...(variant.concurrency ? { concurrency: variant.concurrency } : {}),
      });
      ticks += 1;
      planned = Math.max(planned, result.summary.planned);
      const open = await countNotifications(kinds, 'claimed');
      if (open === 0 || ticks >= 10) break;
    }
    const totalMs = performance.now() - t;
    const docs = await notificationsOfKinds(kinds);
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.ok);
    const keyOf = (c: FakeSlackCall) => {
      const meta =
        typeof c.args.metadata === 'string'
          ? (JSON.parse(c.args.metadata) as { event_payload?: { key?: string } })
          : (c.args.metadata as { event_payload?: { key?: string } } | undefined);
      return meta?.event_payload?.key ?? '';
    };
    const delivered = posts.map(keyOf);
    const counts = new Map<string, number>();
    for (const k of delivered) counts.set(k, (counts.get(k) ?? 0) + 1);
    const expected = docs.map((d) => d.key);
    const lost = expected.filter((k) => !counts.has(k)).length;
    const duplicated = [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    // The least time these limits allow: per channel, the burst goes at once, then one message per 1/rate s.
    const perChannel = new Map<string, number>();
    for (const c of posts) perChannel.set(String(c.args.channel), (perChannel.get(String(c.args.channel)) ?? 0) + 1);
    const minimumMs = Math.max(0, ...[...perChannel.values()].map((n) => (Math.max(0, n - FANOUT_BURST) / FANOUT_RATE_PER_SECOND) * 1000));
    const rateLimited = fake.callsTo('chat.postMessage').filter((c) => c.status === 429).length;
    const out = {
      planned,
      expected: expected.length,
      delivered: delivered.length,
      lost,
      duplicated,
      totalMs,
      minimumMs,
      ticks,
      rateLimited,
      statuses: countBy(docs, (d) => d.status),
    };
    rows.push({
      measure: MEASURE.fanout(variant.name),
      app: `${(totalMs / 1000).toFixed(1)} s; ${lost} lost, ${duplicated} duplicated`,
      floor: `${(minimumMs / 1000).toFixed(1)} s (minimum)`,
      ratio: ratio(totalMs, minimumMs),
      target: '≤ 1.2× minimum, none lost or duplicated',
      verdict: totalMs <= 1.2 * minimumMs && lost === 0 && duplicated === 0 ? 'met' : 'MISSED',
    });
    return out;
  } finally {
    await fake.stop();
  }
}

// ---- main ---------------------------------------------------------------------------------------------------

/** The digest at one size, as one step: its row beside the first size's figure. */
async function digestAt(dbUri: string, commitments: number, steps: Steps, probes: ProbeResult[], skip?: string): Promise<void> {
  const label = commitments.toLocaleString('en-US');
  await steps.run(
    `digest at ${label} commitments`,
    [MEASURE.digest(commitments)],
    async () => {
      log(`digest of every commission at ${label} commitments`);
      const p = await probeDigest(dbUri);
      (results.digest as unknown[]).push(p);
      probes.push(p);
      const first = probes[0];
      const d = median(p.digest.ms);
      const a = median(p.aggregation.ms);
      const growth =
        p !== first ? ` (${(d / median(first.digest.ms)).toFixed(1)}× the ${first.commitments.toLocaleString('en-US')} figure)` : '';
      rows.push({
        measure: MEASURE.digest(commitments),
        app: `${ms(d)}${growth}; ${mb(p.digest.peakHeapGrowth)} / ${mb(p.digest.peakRssGrowth)}`,
        floor: `${ms(a)} one aggregation; ${mb(p.aggregation.peakHeapGrowth)} / ${mb(p.aggregation.peakRssGrowth)}`,
        ratio: ratio(d, a),
        target: p.commitments >= 1_000_000 ? '< 1 s at 1M' : 'flat as history grows',
        verdict: p.commitments >= 1_000_000 ? (d < 1000 ? 'met' : 'MISSED') : '',
      });
    },
    skip,
  );
}

function printTable(title: string, list: Row[]): void {
  const headers: Row = { measure: 'measure', app: 'iec-bot', floor: 'floor', ratio: 'ratio', target: 'target', verdict: 'verdict' };
  const all = [headers, ...list];
  const widths = (Object.keys(headers) as Array<keyof Row>).map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) => (Object.keys(headers) as Array<keyof Row>).map((k, i) => r[k].padEnd(widths[i])).join(' | ');
  console.log(`\n${title}\n${line(headers)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${list.map(line).join('\n')}\n`);
}

/** Every engine's figure of each measure side by side, with the floor and target of the first engine that has it. */
function printSideBySide(): void {
  const names = Object.keys(byEngine) as EngineName[];
  if (names.length < 2) return;
  const measures = [...new Set(names.flatMap((n) => byEngine[n]?.rows.map((r) => r.measure) ?? []))];
  console.log(`\nside by side: ${names.join(' | ')}`);
  for (const m of measures) {
    const cells = names.map((n) => byEngine[n]?.rows.find((r) => r.measure === m));
    const any = cells.find(Boolean);
    console.log(
      `- ${m}\n    ${names.map((n, i) => `${n}: ${cells[i] ? `${cells[i]?.app} [${cells[i]?.verdict || '-'}]` : 'n/a'}`).join('\n    ')}\n    floor: ${any?.floor}; target: ${any?.target}`,
    );
  }
}

/** Why the engine cannot go on, or undefined: its process has exited, or a fresh connection gets no ping answer. */
async function engineHealth(engine: Engine): Promise<string | undefined> {
  if (engine.pid && !processAlive(engine.pid)) return `the ${engine.name} server's process has exited`;
  const client = new mongoose.mongo.MongoClient(engine.uri, {
    serverSelectionTimeoutMS: HEALTH_TIMEOUT_MS,
    connectTimeoutMS: HEALTH_TIMEOUT_MS,
    socketTimeoutMS: HEALTH_TIMEOUT_MS,
  });
  try {
    await client.db('admin').command({ ping: 1 });
    return undefined;
  } catch (err) {
    return `the ${engine.name} server did not answer a ping within ${HEALTH_TIMEOUT_MS / 1000} s (${describeError(err)})`;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with `work`, or after `ms` with nothing (a teardown that hangs on a dead server must not hold the run). */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
}

/** Every row of the HTTP steps at the main size (reported as not measured when the data for them is missing). */
function httpMeasures(partners: number): string[] {
  return [
    MEASURE.idle,
    ...SCENARIO_NAMES.map(MEASURE.ack),
    MEASURE.iecAnswers,
    MEASURE.viewsOpen,
    MEASURE.typeahead(partners),
    ...(officeMinutes > 0 ? [MEASURE.officeDay(10)] : []),
    ...FANOUT_VARIANTS.map(MEASURE.fanout),
    MEASURE.loaded,
  ];
}

/** One engine: data, digest at growing sizes, the HTTP scenarios at the main size, the engine's memory and data, imports. */
async function runEngine(name: EngineName): Promise<void> {
  rows = [];
  notes = [];
  results = { engine: name, startedAt: new Date().toISOString(), digest: [], notes };
  engineStarted = Date.now();
  const generation: Record<string, number> = {};
  results.generation = generation;
  let engine: Engine | undefined;
  const steps = new Steps({
    health: () => (engine ? engineHealth(engine) : Promise.resolve(`the ${name} server did not start`)),
    notMeasured: (measure, reason) => {
      const row = { measure, app: `not measured: ${reason}`, floor: '', ratio: '', target: '', verdict: 'not measured' };
      const i = rows.findIndex((r) => r.measure === measure);
      if (i >= 0) rows[i] = row;
      else rows.push(row);
    },
    log,
  });
  const dbUri = () => `${engine?.uri}/${BENCH_DB_NAME}`;
  try {
    await steps.run('start the engine and connect', [], async () => {
      log(`engine ${name}: starting`);
      engine = await startEngine(name);
      results.database = name === 'mongodb' ? `MongoDB at ${redactUri(engine.uri)}` : engine.description;
      await connectDatabase(dbUri());
      await mongoose.connection.dropDatabase();
      await Promise.all(Object.values(mongoose.models).map((m) => m.syncIndexes()));
    });
    if (importsOnly) {
      await importRows(name, steps);
      return;
    }

    const [firstSize, ...laterSizes] = sizes.digestSizes;
    const data = await steps.run('data: generate the district', [], async () => {
      log(
        `${name}: generating ${sizes.partners.toLocaleString('en-US')} partners, ${sizes.schools} schools, ${firstSize.toLocaleString('en-US')} commitments, ${sizes.deliverables} deliverables, ${sizes.meetings} meetings`,
      );
      const generated = await generate(sizes, firstSize);
      Object.assign(generation, generated.timings);
      return generated;
    });
    let missing = data ? undefined : 'the data set was not generated';
    const probes: ProbeResult[] = [];
    await digestAt(dbUri(), firstSize, steps, probes, missing);
    const atMainSize = async () => {
      if (data && !missing) await httpPhase(data, dbUri(), steps);
      else await steps.run('HTTP', httpMeasures(sizes.partners), async () => undefined, missing);
      await steps.run(
        'engine memory and data folder',
        engine?.pid ? [MEASURE.engine(name, sizes.commitments)] : [],
        async () => engine && engineRows(engine, sizes.commitments),
        missing,
      );
    };
    if (firstSize === sizes.commitments) await atMainSize();

    for (const size of laterSizes) {
      const label = size.toLocaleString('en-US');
      let skip = missing;
      if (!skip && size >= 1_000_000) {
        const elapsed = Date.now() - engineStarted;
        const free = os.freemem();
        if (skipMillion) skip = 'the run was asked to skip it (--skip-million)';
        else if (elapsed > MILLION_STEP_DEADLINE_MS) skip = `this engine's run had already taken ${(elapsed / 60_000).toFixed(1)} minutes`;
        else if (free < MILLION_STEP_MIN_FREE_BYTES) skip = `only ${mb(free)} of memory was free`;
      }
      const grown = await steps.run(
        `data: history to ${label} commitments`,
        [],
        async () => {
          log(`${name}: adding history up to ${label} commitments`);
          Object.assign(generation, await addHistory(data as Generated, size, size));
          return true;
        },
        skip,
      );
      if (!grown && !skip) missing = `the history up to ${label} commitments was not written`;
      await digestAt(dbUri(), size, steps, probes, skip ?? missing);
      if (grown && engine?.pid) generation[`${name} server RSS at ${label} (MB)`] = Math.round(rssOf(engine.pid) / 1024 ** 2);
      if (size === sizes.commitments) await atMainSize();
    }
    await steps.run('drop the district', [], async () => {
      log(`${name}: dropping the district's collections`);
      const timings = await dropBenchData(engine?.uri ?? '', BENCH_DB_NAME);
      Object.assign(generation, timings);
    });
    await importRows(name, steps);
  } finally {
    results.rows = rows;
    results.steps = steps.records;
    if (steps.lost) results.lost = steps.lost;
    results.totalMs = Date.now() - engineStarted;
    byEngine[name] = { rows, results, notes };
    printTable(`engine: ${name} — ${String(results.database ?? name)}${importsOnly ? ' (import rows only)' : ''}`, rows);
    for (const [step, t] of Object.entries(generation))
      console.log(`  data: ${step}: ${step.includes('(MB)') ? t : `${(t / 1000).toFixed(1)} s`}`);
    for (const n of notes) console.log(`  note: ${n}`);
    if (steps.lost) console.log(`  engine lost: ${steps.lost}`);
    console.log(`  steps (${name}, ${(Number(results.totalMs) / 60_000).toFixed(1)} min in all):`);
    for (const line of steps.summary()) console.log(`    ${line}`);
    await within(30_000, mongoose.disconnect());
    if (engine) await within(30_000, engine.stop());
  }
}

/** The rows of the import step, for reporting them as not measured. */
function importMeasures(): string[] {
  const files = [
    [`${sizes.importPartners}-partners.xlsx`, sizes.importPartners],
    [`${sizes.importCommitments}-commitments.csv`, sizes.importCommitments],
    [`${sizes.importCommitments}-commitments-changed.csv`, sizes.importCommitments],
  ] as const;
  return files.flatMap(([file, n]) => [
    `import ${file} (${n.toLocaleString('en-US')} rows): preview`,
    `import ${file} (${n.toLocaleString('en-US')} rows): apply`,
  ]);
}

/**
 * The import rows: preview and apply of each file beside their targets; the floor of an apply is the same
 * documents inserted by the driver 2,000 per call into a collection with the same indexes (no plan, no history
 * check, no derived data): what any apply costs at least on this engine.
 */
async function importRows(name: EngineName, steps: Steps): Promise<void> {
  await steps.run('imports', importMeasures(), async () => {
    log(
      `${name}: importing ${sizes.importPartners.toLocaleString('en-US')} partners (.xlsx) and ${sizes.importCommitments.toLocaleString('en-US')} commitments (CSV)`,
    );
    const timings = await importStep({ partners: sizes.importPartners, commitments: sizes.importCommitments }, (m) => log(`${name}: ${m}`));
    results.imports = timings;
    const late = (t: ImportTiming, phase: string) => (t.unfinished?.startsWith(phase) ? t.unfinished.slice(phase.length + 1) : 'not run');
    for (const t of timings) {
      const what = `import ${t.what} (${t.rows.toLocaleString('en-US')} rows)`;
      rows.push({
        measure: `${what}: preview`,
        app: t.previewMs !== undefined ? ms(t.previewMs) : late(t, 'preview'),
        floor: '',
        ratio: '',
        target: '< 10 s',
        verdict: t.previewMs !== undefined && t.previewMs < 10_000 ? 'met' : 'MISSED',
      });
      rows.push({
        measure: `${what}: apply${t.counts ? ` (${t.counts})` : ''}`,
        app: t.applyMs !== undefined ? ms(t.applyMs) : late(t, 'apply'),
        floor: t.floorMs !== undefined ? `${ms(t.floorMs)} (${t.floorWhat})` : late(t, 'floor'),
        ratio: t.applyMs !== undefined && t.floorMs !== undefined ? ratio(t.applyMs, t.floorMs) : '',
        target: '< 30 s',
        verdict: t.applyMs !== undefined && t.applyMs < 30_000 ? 'met' : 'MISSED',
      });
    }
    const stopped = timings.find((t) => t.unfinished);
    if (stopped) {
      notes.push(
        `import ${stopped.what}: ${stopped.unfinished}${timings.at(-1) === stopped && timings.length < 3 ? '; the later import files were not run (they need its records)' : ''}`,
      );
      log(notes.at(-1) as string);
    }
  });
}

/** The database server's own memory and data folder at the main size. */
function engineRows(engine: Engine, commitments: number): void {
  if (!engine.pid || !engine.dataDir) return;
  const rss = rssOf(engine.pid);
  const bytes = folderBytes(engine.dataDir);
  results.engineFootprint = {
    commitments,
    rss,
    dataFolderBytes: bytes,
    javaToolOptions: engine.name === 'embedded' ? process.env.JAVA_TOOL_OPTIONS : undefined,
    maxHeap: engine.name === 'embedded' ? (maxHeapArgs()[0] ?? 'from JAVA_TOOL_OPTIONS') : undefined,
  };
  rows.push({
    measure: MEASURE.engine(engine.name, commitments),
    app: `${mb(rss)}; ${mb(bytes)} on disk`,
    floor: '',
    ratio: '',
    target: engine.name === 'embedded' ? 'resident < 1 GB, folder reported' : '(reported)',
    verdict: engine.name === 'embedded' ? (rss < 1024 ** 3 ? 'met' : 'MISSED') : '',
  });
}

async function main(): Promise<void> {
  const report: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    engines,
    officeMinutes,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemory: os.totalmem(),
      freeMemoryAtStart: os.freemem(),
      loadAverageAtStart: os.loadavg(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    sizes,
  };
  log(
    `engines: ${engines.join(', ')}; ${os.cpus().length} cores, ${mb(os.totalmem())} memory, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  try {
    for (const name of engines) {
      // a failure outside any step (a bug in the bench itself) ends this engine's run, not the others'
      await runEngine(name).catch((err: Error) => {
        log(`engine ${name}: the run stopped: ${err.stack ?? err.message}`);
        (byEngine[name]?.results ?? results).stoppedBy = describeError(err);
      });
    }
  } finally {
    report.byEngine = Object.fromEntries(Object.entries(byEngine).map(([k, v]) => [k, v?.results]));
    report.loadAverageAtEnd = os.loadavg();
    report.totalMs = Date.now() - started;
    writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    printSideBySide();
    for (const [n, e] of Object.entries(byEngine))
      console.log(
        `${n}: ${(Number(e?.results.totalMs) / 60_000).toFixed(1)} min${e?.results.lost ? ` (engine lost: ${String(e.results.lost)})` : ''}`,
      );
    console.log(
      `\nwrote ${path.relative(ROOT, RESULTS)}; the bench took ${((Date.now() - started) / 60_000).toFixed(1)} minutes in all (load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end)`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
