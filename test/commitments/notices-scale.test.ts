import mongoose, { Types } from 'mongoose';
import { commitmentNoticeSource, rebuildChanges } from '../../src/commitments';
import { CommitmentModel } from '../../src/commitments/model';
import { CommissionModel } from '../../src/commissions/model';
import { PartnerModel } from '../../src/partners/model';
import type { PlannedNotification } from '../../src/scheduler';
import { checkMessage } from '../support/fake-slack/limits';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

/**
 * The change notices after a big import (#12, src/commitments/notices.ts): 2,000 commitments imported by an
 * administrator over two 10-minute windows, in 8 commissions with 2 leads each, of 200 partners (10 with a contact
 * in Slack). Every lead and contact gets one notice per window, and a tick renders them all with one context: the
 * window's commitments, partners and names are read once for its notices, not once a notice (before: 1,216
 * documents and 0.2–0.8 s a notice). Checked by the documents the database returns per render; prints the timings.
 */

const ADMIN = 'U0ADMIN00';
const COMMISSIONS = ['automotive', 'healthcare', 'media', 'it', 'culinary', 'construction', 'engineering', 'business'];
const START = new Date('2026-10-15T14:00:00Z');
const COMMITMENTS = 2_000;
const PARTNERS = 200;

const leadsOf = (key: string) => [`U0${key.slice(0, 4).toUpperCase()}L1`, `U0${key.slice(0, 4).toUpperCase()}L2`];
const contactOf = (p: number) => `U0CONTACT${String(p).padStart(2, '0')}`;

beforeAll(async () => {
  await connectTestDatabase('?monitorCommands=true');
  await clearCollections();
  await CommissionModel.create(COMMISSIONS.map((key) => ({ key, name: `${key} commission`, leads: leadsOf(key) })));
  const partners = await PartnerModel.insertMany(
    Array.from({ length: PARTNERS }, (_, p) => ({
      name: `Partner ${p}`,
      commissions: [COMMISSIONS[p % COMMISSIONS.length]],
      status: 'active',
      contacts: [{ name: `Contact ${p}`, ...(p < 10 ? { slackUserId: contactOf(p) } : {}) }],
    })),
  );
  const old = { at: new Date('2026-01-10T10:00:00Z'), by: 'U0OLDIEC0', action: 'created', changes: [] };
  await CommitmentModel.insertMany(
    Array.from({ length: COMMITMENTS }, (_, i) => {
      const p = i % PARTNERS;
      const at = new Date(START.getTime() + Math.floor((i / COMMITMENTS) * 20 * 60_000));
      return {
        _id: new Types.ObjectId(),
        partnerId: partners[p]._id,
        partnerName: `Partner ${p}`,
        commissionKey: COMMISSIONS[p % COMMISSIONS.length],
        type: 'mentoring',
        quantity: 5,
        unit: 'students mentored',
        schoolYear: '2026-27',
        startDate: '2026-10-01',
        recordedBy: 'U0OLDIEC0',
        recordedVia: 'iec',
        status: 'confirmed',
        revision: 1,
        history: [
          old,
          { at, by: ADMIN, action: 'imported', source: 'pledges.xlsx', changes: [{ field: 'status', from: 'pledged', to: 'confirmed' }] },
        ],
      };
    }),
  );
  // written straight to the collection, as the bench loads a district: the change index rebuilt from their histories
  await rebuildChanges();
  // the set-up of 2,000 commitments takes close to jest's default 30 s for a hook on a loaded 2-core machine
}, 120_000);
afterAll(disconnectTestDatabase);

/** Documents the database returned while `work` ran (every find and getMore). */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; docs: number }> {
  const client = mongoose.connection.getClient();
  let docs = 0;
  const count = (e: { reply?: { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } } }) => {
    docs += (e.reply?.cursor?.firstBatch ?? e.reply?.cursor?.nextBatch ?? []).length;
  };
  client.on('commandSucceeded', count);
  try {
    const value = await work();
    return { value, docs };
  } finally {
    client.off('commandSucceeded', count);
  }
}

it('after a 2,000-commitment import, a tick reads each window once for all its notices', async () => {
  const ctx = { now: new Date('2026-10-15T14:21:00Z'), timeZone: 'America/New_York' };
  const plan = await measured(() => commitmentNoticeSource.plan({ from: new Date('2026-10-15T13:59:00Z'), to: ctx.now }, ctx));
  const planned: PlannedNotification[] = plan.value;
  // 16 leads and 10 contacts, in each of the two windows
  expect(planned).toHaveLength(52);

  const renders: Array<{ user: string; docs: number; told: number }> = [];
  for (const n of planned) {
    const r = await measured(() => commitmentNoticeSource.render(n, ctx));
    expect('message' in r.value).toBe(true);
    if (!('message' in r.value)) continue;
    expect(checkMessage(r.value.message as never)).toEqual([]);
    const told = Number(/\*(\d+) commitments\*/.exec(JSON.stringify(r.value.message.blocks))?.[1] ?? 0);
    renders.push({ user: String(n.ref.user), docs: r.docs, told });
  }
  // a lead is told of their commission's share of the window, a contact of their partner's
  for (const r of renders) {
    if (r.user.startsWith('U0CONTACT')) expect(r.told).toBe(5);
    else expect(r.told).toBe(125);
  }
  // the first notice of each window reads it (the change index's 16 entries of its bucket, 1,000 commitments, their 200
  // partners, the commissions); the others read nothing of it again
  const windowRead = 16 + COMMITMENTS / 2 + PARTNERS + COMMISSIONS.length;
  expect(renders.filter((r) => r.docs > 0).length).toBeLessThanOrEqual(2);
  expect(renders.reduce((n, r) => n + r.docs, 0)).toBeLessThanOrEqual(2 * windowRead + 20);

  // the next tick (a context of its own) reads the window again: a notice is rendered from what is stored now
  await CommitmentModel.updateMany({ partnerName: 'Partner 0' }, { $set: { partnerName: 'Partner Zero' } });
  const contact = planned.find((n) => n.ref.user === contactOf(0));
  if (!contact) throw new Error('no notice for the first contact');
  const next = await measured(() => commitmentNoticeSource.render(contact, { ...ctx, now: new Date('2026-10-15T14:22:00Z') }));
  expect(next.docs).toBeGreaterThan(0);
  expect(JSON.stringify(next.value)).toContain('Partner Zero');
}, 600_000);
