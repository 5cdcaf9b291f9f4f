import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { generate, leadOf } from '../../bench/data';
import { BENCH_ADMIN, BENCH_NOW, BENCH_ZONE, FULL } from '../../bench/config';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { partnerNames } from '../../src/partners';
import { schoolNames } from '../../src/schools';
import { NotificationModel } from '../../src/scheduler/model';
import { startHarness, type Harness } from '../support/harness';
import { events } from '../support/slack-requests';

/**
 * No query on a request path scans a collection. On ~100,000 documents (the bench's district: 10,000 partners,
 * 100,000 commitments, deliverables, meetings, notifications), every kind of request the app answers end to end
 * is sent to the real app over HTTP while the driver's command monitoring records each query it issues; then each
 * query is `explain`ed on secantus-mdb, whose planner uses the declared secondary indexes as MongoDB's does, and
 * any winning plan with a COLLSCAN fails the test with the request that issued it.
 *
 * Runs with `npm run test:secantus` (the embedded server answers `explain` without real plans).
 */

const OUT = path.resolve(__dirname, '..', '..', 'test-output', 'explain-plans.json');
/** A partner contact in the generated data (partner 0 has this contact) and someone with no role at all. */
const CONTACT = 'UPC000000';
const NOBODY = 'UNOBODY01';
const LEAD = leadOf(1);

interface Recorded {
  request: string;
  commandName: string;
  collection: string;
  command: Record<string, unknown>;
}

/**
 * Collections sized by the district's configuration, not by use or history: a scan of one reads a handful of
 * documents whatever the district does, so it is allowed (the test checks they are that small).
 */
const CONFIGURATION_SIZED: Record<string, string> = {
  commissions: "the district's industry commissions (8; every list of them reads at most 200)",
  admins: 'the iec-bot administrators (a handful; the list reads at most 500)',
  commitmentcounts: 'commitments per commission and status (one document a commission; the lists of all commissions read them all)',
};
/** Most documents one query may read on the way to its answer: bounded by a page, a week, a commission's year. */
const MAX_DOCS_EXAMINED = 5_000;

/** The commands whose plan matters; the rest (inserts, cursors, handshakes, index builds) read nothing. */
const QUERY_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct', 'update', 'delete', 'findAndModify']);
/** Driver and session fields that `explain` does not take. */
const DROP = new Set(['lsid', 'txnNumber', '$db', '$clusterTime', '$readPreference', 'readConcern', 'writeConcern', 'cursor', 'batchSize']);

function explainable(command: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(command)) if (!DROP.has(k) && !k.startsWith('$')) out[k] = v;
  if (out.aggregate !== undefined) out.cursor = {};
  return out;
}

/** The winning plans of an explain answer (find/count/... at the top, aggregate in its first stage's $cursor). */
function winningPlans(explained: Record<string, unknown>): unknown[] {
  const plans: unknown[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [k, v] of Object.entries(node)) {
      if (k === 'rejectedPlans') continue;
      if (k === 'winningPlan') plans.push(v);
      else walk(v);
    }
  };
  walk(explained);
  return plans;
}

function stagesOf(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (typeof n.stage === 'string') out.push(n.indexName ? `${n.stage}(${String(n.indexName)})` : n.stage);
    for (const [k, v] of Object.entries(n)) if (k !== 'rejectedPlans') walk(v);
  };
  walk(plan);
  return out;
}

/** The most documents any stage of the answer's execution examined (executionStats). */
function maxDocsExamined(explained: unknown): number {
  let max = 0;
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'totalDocsExamined' || k === 'docsExamined') && typeof v === 'number') max = Math.max(max, v);
      else if (k !== 'rejectedPlans' && k !== 'allPlansExecution') walk(v);
    }
  };
  walk(explained);
  return max;
}

/** A query's shape: its collection, command and filter/sort with values replaced by their types. */
function shapeOf(r: Recorded): string {
  const strip = (v: unknown): unknown => {
    if (v instanceof Map) return strip(Object.fromEntries(v));
    if (Array.isArray(v)) return v.length > 0 ? [strip(v[0])] : [];
    if (v instanceof Types.ObjectId || (v && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'ObjectId')) return 'id';
    if (v instanceof Date) return 'date';
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
    return typeof v;
  };
  const c = r.command;
  const filter =
    c.filter ??
    c.query ??
    (c.updates as Array<{ q: unknown }> | undefined)?.[0]?.q ??
    (c.deletes as Array<{ q: unknown }> | undefined)?.[0]?.q ??
    (c.pipeline as Array<Record<string, unknown>> | undefined)?.find((s) => s.$match)?.$match;
  return JSON.stringify({ on: r.collection, cmd: r.commandName, filter: strip(filter), sort: strip(c.sort) });
}

function database() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  return db;
}

describe('every query of every request type uses an index (secantus-mdb, ~100,000 documents)', () => {
  let h: Harness;
  const recorded: Recorded[] = [];
  let current = 'setup';

  beforeAll(async () => {
    // production's connection settings: secantus-mdb answers even a 15-document indexed find on 100,000
    // commitments in 0.3-2 s (engine overhead, measured) and the generator's 5,000-document inserts longer; the
    // socket timeout (CONNECTION_SETTINGS) lets such work finish, the request deadline answers Slack in time
    h = await startHarness({
      admins: [BENCH_ADMIN],
      now: BENCH_NOW,
      databaseQuery: '?monitorCommands=true',
      env: { TZ: BENCH_ZONE },
    });
    await generate({ ...FULL }, FULL.commitments);
    // the name indexes load the generated district as a replica does at start-up (a full read, before recording)
    partnerNames.invalidate();
    schoolNames.invalidate();
    await Promise.all([partnerNames.ready(), schoolNames.ready()]);
    await NotificationModel.collection.insertMany(
      Array.from({ length: 5_000 }, (_, i) => ({
        key: `bench:${i}`,
        kind: i % 2 ? 'digest' : 'deliverable-reminder',
        status: i % 10 === 0 ? 'failed' : 'sent',
        reason: i % 10 === 0 ? 'channel_not_found' : undefined,
        attempts: 1,
        dueAt: new Date(BENCH_NOW.getTime() - (i % 400) * 86_400_000),
        expiresAt: new Date(BENCH_NOW.getTime() + 86_400_000),
        recipient: { channel: 'CDIGEST00' },
        commissionKey: 'healthcare',
        ref: {},
        createdAt: BENCH_NOW,
        updatedAt: BENCH_NOW,
      })),
    );
    await CommitmentRequestModel.create({
      partnerId: new Types.ObjectId(),
      partnerName: 'SAP',
      contactUserId: CONTACT,
      requestedBy: BENCH_ADMIN,
      status: 'open',
      requestedAt: BENCH_NOW,
    });
    mongoose.connection.getClient().on('commandStarted', (e: CommandStartedEvent) => {
      if (!QUERY_COMMANDS.has(e.commandName) || current === '(the test itself)') return;
      const command = e.command as Record<string, unknown>;
      const collection = String(command[e.commandName]);
      // a batch of updates or deletes (a bulk write) is explained one statement at a time, as the server requires
      const batch = (command.updates ?? command.deletes) as unknown[] | undefined;
      const field = command.updates ? 'updates' : 'deletes';
      const statements = batch && batch.length > 1 ? batch.map((one) => ({ ...command, [field]: [one] })) : [command];
      for (const one of statements) recorded.push({ request: current, commandName: e.commandName, collection, command: one });
    });
  }, 1_800_000); // generating the district takes about 3 minutes alone, far longer on a busy machine

  afterAll(() => h?.stop(), 120_000);

  async function as(label: string, send: () => Promise<unknown>): Promise<void> {
    current = label;
    await send();
    // what the app does after the ack (its queries are recorded under this label) is done
    await h.idle();
  }

  interface Clickable {
    blockId: string;
    actionId: string;
    type: string;
    value?: string;
    option?: string;
  }

  /** The interactive elements of a message's or view's blocks (URL buttons excluded: they only open a link). */
  function clickables(blocks: unknown): Clickable[] {
    const out: Clickable[] = [];
    for (const b of (blocks as Array<Record<string, unknown>>) ?? []) {
      const elements = [
        ...((b.elements as Array<Record<string, unknown>>) ?? []),
        ...(b.accessory ? [b.accessory as Record<string, unknown>] : []),
      ];
      for (const e of elements) {
        if (typeof e.action_id !== 'string' || e.url) continue;
        const options = (e.options as Array<{ value: string }> | undefined) ?? [];
        if (e.type === 'button') out.push({ blockId: String(b.block_id), actionId: e.action_id, type: 'button', value: e.value as string });
        else if (e.type === 'static_select' && options[0])
          out.push({ blockId: String(b.block_id), actionId: e.action_id, type: 'static_select', option: options[0].value });
      }
    }
    return out;
  }

  const clicked = new Set<string>();

  /** Clicks each interactive element of the last ephemeral reply whose action was not clicked yet. */
  async function clickReplyElements(user: string, label: string): Promise<void> {
    const reply = h.fake.callsTo('response_url').at(-1);
    if (!reply) return;
    for (const c of clickables(reply.args.blocks)) {
      if (clicked.has(c.actionId)) continue;
      clicked.add(c.actionId);
      await as(`${label} → ${c.actionId}`, () =>
        h.slack.blockAction({
          userId: user,
          actionId: c.actionId,
          blockId: c.blockId,
          type: c.type as 'button',
          ephemeral: true,
          ...(c.value !== undefined ? { value: c.value } : {}),
          ...(c.option !== undefined ? { selectedOption: c.option } : {}),
        }),
      );
    }
  }

  const IEC_TEXTS = [
    'help',
    'commission list',
    'commission show healthcare',
    'partner list',
    'partner list healthcare',
    'partner show Con Edison',
    'partner show Summit Medcal',
    'commitments',
    'commitments healthcare',
    'commitments healthcare open',
    'commitments Con Edison',
    'commitments mine',
    'commitments fulfilled',
    'deliverables',
    'deliverables healthcare',
    'deliverables healthcare overdue',
    'deliverables healthcare all',
    'meetings',
    'meetings healthcare',
    'digest healthcare',
    'status',
    'school list',
    'calendar list',
    'admin list',
    'report healthcare',
    'report partner Con Edison',
    'export healthcare',
    `request <@${CONTACT}> healthcare`,
  ];

  it('records the queries of every request type and none of them scans a collection', async () => {
    for (const text of IEC_TEXTS) {
      await as(`/iec ${text}`, () => h.slack.command('/iec', text, { userId: BENCH_ADMIN }));
      await clickReplyElements(BENCH_ADMIN, `/iec ${text}`);
    }
    for (const [user, who] of [
      [LEAD, 'a commission lead'],
      [CONTACT, 'a partner contact'],
      [NOBODY, 'someone with no role'],
    ] as const) {
      for (const text of ['commitments', 'deliverables', 'partner show SAP', 'commission list'])
        await as(`/iec ${text} (${who})`, () => h.slack.command('/iec', text, { userId: user }));
      await as(`/commit (${who})`, () => h.slack.command('/commit', '', { userId: user }));
      await as(`Home opened (${who})`, () => h.slack.event(events.appHomeOpened(user)));
    }
    await as('Home opened (administrator)', () => h.slack.event(events.appHomeOpened(BENCH_ADMIN)));
    // the Home tab as Slack holds it: blocks published without a block_id get one, as buttons then carry it
    const homeView = h.fake.homeView(BENCH_ADMIN) as { blocks?: unknown } | undefined;
    for (const c of clickables(homeView?.blocks)) {
      if (clicked.has(c.actionId)) continue;
      clicked.add(c.actionId);
      await as(`Home → ${c.actionId}`, () =>
        h.slack.blockAction({
          userId: BENCH_ADMIN,
          actionId: c.actionId,
          blockId: c.blockId,
          view: { type: 'home', blocks: homeView?.blocks as never },
          ...(c.value !== undefined ? { value: c.value } : {}),
        }),
      );
    }

    await as('/commit Con Edison', () => h.slack.command('/commit', 'Con Edison', { userId: BENCH_ADMIN }));
    const opened = h.fake.callsTo('views.open').at(-1);
    const form = (opened?.response as { view?: { id: string } } | undefined)?.view;
    for (const typed of ['con ed', 'SUMMIT-MED', 'brook', 'zzq', 'Montefior']) {
      await as(`partner type-ahead "${typed}"`, () =>
        h.slack.options({
          userId: BENCH_ADMIN,
          actionId: ACTION.partner,
          blockId: BLOCK.partner,
          value: typed,
          ...(form ? { view: { id: form.id } } : {}),
        }),
      );
    }
    await as('school type-ahead', () =>
      h.slack.options({
        userId: BENCH_ADMIN,
        actionId: ACTION.schools,
        blockId: BLOCK.schools,
        value: 'CTE High',
        ...(form ? { view: { id: form.id } } : {}),
      }),
    );
    current = '(the test itself)';
    const partner = await database().collection('partners').findOne({ nameKey: 'conedison' });
    for (const [i, type] of (['mentoring', 'mentoring'] as const).entries()) {
      // a saved form shows the saved record: the second (duplicate) submission is a freshly opened form
      let view = form;
      if (i > 0) {
        await as('/commit Con Edison (again)', () => h.slack.command('/commit', 'Con Edison', { userId: BENCH_ADMIN }));
        view = (h.fake.callsTo('views.open').at(-1)?.response as { view?: { id: string } } | undefined)?.view;
      }
      await as(`commitment form submitted${i ? ' (again: duplicate check)' : ''}`, () =>
        h.slack.viewSubmission({
          userId: BENCH_ADMIN,
          view: { id: view?.id },
          values: {
            [BLOCK.partner]: { [ACTION.partner]: String(partner?._id) },
            [BLOCK.commission]: { [ACTION.commission]: String((partner?.commissions as string[] | undefined)?.[0]) },
            [BLOCK.type]: { [ACTION.type]: type },
            [BLOCK.quantity]: { [ACTION.quantity]: '3' },
            [BLOCK.startDate]: { [ACTION.startDate]: '2026-03-02' },
          },
        }),
      );
    }
    current = 'done';

    // explain each distinct query shape once (the first one recorded)
    const db = database();
    const shapes = new Map<string, Recorded & { requests: Set<string> }>();
    for (const r of recorded) {
      const key = shapeOf(r);
      const seen = shapes.get(key);
      if (seen) seen.requests.add(r.request);
      else shapes.set(key, { ...r, requests: new Set([r.request]) });
    }
    const report: Array<{
      shape: string;
      collection: string;
      requests: string[];
      stages: string[];
      docsExamined?: number;
      collscan: boolean;
    }> = [];
    for (const [shape, r] of shapes) {
      const read = ['find', 'aggregate', 'count', 'distinct'].includes(r.commandName);
      const explained = (await db.command({
        explain: explainable(r.command),
        verbosity: read ? 'executionStats' : 'queryPlanner',
      })) as Record<string, unknown>;
      const plans = winningPlans(explained);
      const stages = plans.flatMap(stagesOf);
      const docsExamined = read ? maxDocsExamined(explained) : undefined;
      report.push({
        shape,
        collection: r.collection,
        requests: [...r.requests],
        stages,
        ...(docsExamined !== undefined ? { docsExamined } : {}),
        collscan: stages.includes('COLLSCAN') || plans.length === 0,
      });
    }
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);

    expect(recorded.length).toBeGreaterThan(100);
    expect(clicked.size).toBeGreaterThan(5);
    const describe = (r: (typeof report)[number]) =>
      `${r.shape}\n    plan: ${r.stages.join(' < ') || '(none)'}; documents examined: ${r.docsExamined ?? 'n/a'}\n    from: ${r.requests.slice(0, 4).join('; ')}`;
    for (const name of Object.keys(CONFIGURATION_SIZED)) expect(await db.collection(name).estimatedDocumentCount()).toBeLessThanOrEqual(50);
    expect(report.filter((r) => r.collscan && !(r.collection in CONFIGURATION_SIZED)).map(describe)).toEqual([]);
    expect(report.filter((r) => (r.docsExamined ?? 0) > MAX_DOCS_EXAMINED).map(describe)).toEqual([]);
  }, 1_800_000);
});
