import { request } from 'node:http';
import { AuditEntryModel } from '../../src/audit/model';
import { CommissionModel } from '../../src/commissions/model';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { DeliverableModel } from '../../src/deliverables/model';
import { UNEXPECTED_MESSAGE } from '../../src/errors';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { SchoolModel } from '../../src/schools/model';
import { seedCommissions, seedDemo } from '../../src/seed/service';
import { COMMIT_COMMAND } from '../../src/commitments/ids';
import { IEC_COMMAND } from '../../src/slack/iec-command';
import type { FakeSlackCall } from '../support/fake-slack';
import { startHarness, type Harness } from '../support/harness';
import { faultsSeed, hostileText, seededRandom, type Random } from './support/random';
import { changedCollections, snapshotDatabase, type DatabaseSnapshot } from './support/snapshot';
import { normalizeName } from '../../src/domain/names';

/**
 * 2,000 generated slash-command texts (empty, very long, random Unicode, quotes and backslashes, JSON with `$`
 * operators, shell and script injection, Slack markup) against every /iec subcommand and /commit, from an IEC,
 * a partner contact and a stranger. Each gets a 200 and a helpful ephemeral answer (a response_url reply or an
 * opened modal, never the generic "something went wrong", never a stack trace); afterwards the database is
 * unchanged and /healthz says 200. Reproduce a failure with the seed it prints: FAULTS_SEED=<n>.
 */

const NOW = new Date('2026-02-10T15:00:00Z');
const SEED = faultsSeed(20260210);
const TOTAL = 2000;
const CONCURRENCY = 8;

const IEC = 'UIECLEAD001';
const CONTACT = 'UCONTACT001';
const STRANGER = 'USTRANGER01';
const ACTORS = [IEC, CONTACT, STRANGER] as const;

/** What a person could see that tells them nothing useful, or tells an attacker too much. */
const LEAKS = [
  /\n\s+at\s+\S+/,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|CastError|ValidationError|MongoServerError|MongoError)\b/,
  /E11000/,
  /Cast to \w+ failed/,
  /node_modules/,
  /\/src\/\w+/,
];

interface Case {
  n: number;
  userId: string;
  command: string;
  text: string;
}

interface Outcome {
  status: number;
  /** The reply the person saw (response_url) or the modal that opened. */
  answer?: FakeSlackCall;
  failedCalls: FakeSlackCall[];
}

/** `/iec <name> [verb]` heads from the registry's own help, so every subcommand and verb is exercised. */
function commandHeads(h: Harness): string[] {
  const heads = new Set<string>();
  for (const sub of h.registry.list()) {
    heads.add(sub.name);
    for (const line of sub.help) {
      const words = line.usage.replace(/^\/iec\s+\S+\s*/, '').split(/[\s|[\]]+/);
      for (const w of words) if (/^[a-z][a-z-]+$/.test(w) && w !== 'or') heads.add(`${sub.name} ${w}`);
    }
  }
  return [...heads].sort();
}

function generateCases(r: Random, heads: string[]): Case[] {
  return Array.from({ length: TOTAL }, (_, n) => {
    const userId = ACTORS[n % ACTORS.length];
    if (n % 10 === 9) return { n, userId, command: COMMIT_COMMAND, text: hostileText(r) };
    const head = heads[Math.floor(n / ACTORS.length) % heads.length];
    const args = hostileText(r);
    return { n, userId, command: IEC_COMMAND, text: r.chance(0.05) ? args : `${head} ${args}`.slice(0, 4000) };
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function shownText(call: FakeSlackCall): string {
  if (call.method === 'views.open') return JSON.stringify(call.args.view ?? '');
  return `${String(call.args.text ?? '')}\n${JSON.stringify(call.args.blocks ?? [])}`;
}

describe('hostile slash-command texts', () => {
  let h: Harness;
  let before: DatabaseSnapshot;
  let schoolsBefore: string[];
  const byResponsePath = new Map<string, FakeSlackCall[]>();
  const byTrigger = new Map<string, FakeSlackCall[]>();
  const arrivals = new Set<() => void>();

  beforeAll(async () => {
    h = await startHarness({ now: NOW });
    await seedCommissions();
    await seedDemo(NOW);
    await CommissionModel.updateOne({ key: 'it' }, { $set: { leads: [IEC], channelId: 'C0ITCHAN01' } });
    await PartnerModel.updateOne({ nameKey: normalizeName('Microsoft') }, { $set: { 'contacts.0.slackUserId': CONTACT } });
    await rebuildPeopleIndex(); // the lead and the contact set directly above, into the people index
    await DeliverableModel.create([
      { commissionKey: 'it', title: 'Teacher externship plan', ownerId: IEC, dueDate: '2026-02-20', createdBy: IEC },
      { commissionKey: 'it', title: 'Mentor roster', ownerId: IEC, dueDate: '2026-01-15', createdBy: IEC },
    ]);
    await MeetingModel.create({
      commissionKey: 'it',
      title: 'IT commission',
      startsAt: new Date('2026-02-17T22:00:00Z'),
      durationMinutes: 60,
      createdBy: IEC,
    });
    h.fake.subscribe((call) => {
      if (call.method === 'response_url') byResponsePath.set(call.path, [...(byResponsePath.get(call.path) ?? []), call]);
      const trigger = call.args.trigger_id;
      if (call.method === 'views.open' && typeof trigger === 'string') byTrigger.set(trigger, [...(byTrigger.get(trigger) ?? []), call]);
      for (const wake of arrivals) wake();
    });
    before = await snapshotDatabase();
    schoolsBefore = (await SchoolModel.find({}, { _id: 1 }).lean()).map((s) => String(s._id));
  });
  afterAll(() => h.stop());

  /** Sends one case and waits for what the person sees. */
  async function run(c: Case): Promise<Outcome> {
    const res = await h.slack.command(c.command, c.text, { userId: c.userId });
    const path = new URL(res.sent.response_url).pathname;
    const trigger = res.sent.trigger_id;
    const calls = () => [...(byResponsePath.get(path) ?? []), ...(byTrigger.get(trigger) ?? [])];
    const deadline = Date.now() + 15_000;
    while (!calls().some((call) => call.ok) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          arrivals.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 250);
        arrivals.add(wake);
      });
    }
    return { status: res.status, answer: calls().find((call) => call.ok), failedCalls: calls().filter((call) => !call.ok) };
  }

  it(`each of ${TOTAL} gets a 200 and a helpful ephemeral answer; the database is unchanged; /healthz is 200 (seed ${SEED})`, async () => {
    const cases = generateCases(seededRandom(SEED), commandHeads(h));
    const problems: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const out = await run(c);
          const what = `#${c.n} ${c.userId} ${c.command} ${JSON.stringify(c.text.slice(0, 120))}${c.text.length > 120 ? `… (${c.text.length} chars)` : ''}`;
          if (out.status !== 200) problems.push(`${what}: HTTP ${out.status}`);
          if (out.failedCalls.length > 0)
            problems.push(`${what}: Slack rejected ${out.failedCalls.map((f) => `${f.method} (${f.error ?? f.status})`).join(', ')}`);
          if (!out.answer) {
            problems.push(`${what}: no answer (no reply, no modal)`);
            continue;
          }
          const shown = shownText(out.answer);
          if (shown.includes(UNEXPECTED_MESSAGE)) problems.push(`${what}: the generic "something went wrong"`);
          const leak = LEAKS.find((re) => re.test(shown));
          if (leak) problems.push(`${what}: shows internals (${leak}): ${shown.slice(0, 300)}`);
          if (out.answer.method === 'response_url' && out.answer.args.response_type === 'in_channel')
            problems.push(`${what}: answered in the channel, not ephemerally`);
          if (shown.replace(/[\s"[\]{}]/g, '').length < 10) problems.push(`${what}: an empty answer`);
        }
      }),
    );
    expect({ seed: SEED, problems: problems.slice(0, 30), count: problems.length }).toEqual({ seed: SEED, problems: [], count: 0 });

    // Nothing changed, except schools an IEC added with `/iec school add <text>`: each stores what was typed, literally
    // (and, when a later text archived or restored one of those, the audit entry of that change).
    const after = await snapshotDatabase();
    const changed = changedCollections(before, after);
    expect(changed.filter((c) => c !== 'schools' && c !== 'auditentries')).toEqual([]);
    const sent = cases.filter((c) => c.userId === IEC && /^school add /.test(c.text)).map((c) => normalizeName(c.text));
    const added = (await SchoolModel.find({}).lean()).filter((s) => !schoolsBefore.includes(String(s._id)));
    for (const s of added) {
      expect(typeof s.name).toBe('string');
      expect(s.createdBy).toBe(IEC);
      expect(sent.some((t) => t.includes(s.nameKey))).toBe(true);
    }
    expect(added.length).toBe(after.schools.count - before.schools.count);
    const audited = await AuditEntryModel.find({}).lean();
    expect(audited.length).toBe((after.auditentries?.count ?? 0) - (before.auditentries?.count ?? 0));
    for (const entry of audited) {
      expect({ by: entry.by, action: entry.action }).toEqual({ by: IEC, action: expect.stringMatching(/^(archived|restored) school$/) });
      expect(added.map((school) => school.name)).toContain(entry.subject);
    }

    // nothing the app sent anywhere (views.update of the form, DMs, uploads) was rejected by Slack
    expect(h.fake.failedCalls().map((f) => `${f.method}: ${f.error ?? f.status}`)).toEqual([]);
    expect(h.logger.errors().filter((e) => /unexpected error/.test(e))).toEqual([]);
    expect(await getStatus(`${h.baseUrl}/healthz`)).toBe(200);
  }, 120_000);
});
