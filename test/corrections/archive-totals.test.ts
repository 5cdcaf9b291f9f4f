import { CommitmentModel } from '../../src/commitments/model';
import { createCommitment } from '../../src/commitments/service';
import { checkTotals, commitmentTotals } from '../../src/commitments/totals';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { events } from '../support/slack-requests';
import { input, LEAD, seedBasics, type Seeded } from '../commitments/fixtures';

/**
 * An archived partner's commitments count in no total — `/iec commission show`, the digest, `/iec report`, Home —
 * (the rollup stays equal to a recount), and count again once the partner is restored; each commitment's history
 * says so. Through signed requests: `/iec archive partner` and `/iec restore partner`.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const lead = { userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] };

let seeded: Seeded;
const h = useHarness({
  now: NOW,
  seed: async () => {
    seeded = await seedBasics();
    const at = new Date('2026-09-08T14:00:00Z');
    const mentoring = { type: 'mentoring' as const, startDate: '2026-09-01', endDate: undefined };
    await createCommitment(input(seeded, { ...mentoring, quantity: 7 }), lead, at);
    await createCommitment(input(seeded, { ...mentoring, quantity: 5, partnerId: String(seeded.grid) }), lead, at);
  },
});

const text = (r: { text?: string; blocks?: unknown[] }) => JSON.stringify(r.blocks ?? r.text);

async function home(): Promise<string> {
  const before = h().fake.callsTo('views.publish').length;
  await h().slack.event(events.appHomeOpened(LEAD));
  await h().fake.waitFor('views.publish', (c) => c.args.user_id === LEAD && h().fake.callsTo('views.publish').length > before);
  return JSON.stringify(h().fake.homeView(LEAD)?.blocks);
}

/** The mentoring pledged as each surface states it. */
async function pledged() {
  const show = text(await commandReply(h(), 'commission show construction', LEAD));
  const digest = text(await commandReply(h(), 'digest construction', LEAD));
  const report = text(await commandReply(h(), 'report construction 2026-27', LEAD));
  const totals = await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' });
  return {
    show: show.match(/\*Mentoring\*: (\d+)/)?.[1],
    digest: digest.match(/\*Mentoring\*:[^·]*· (\d+) pledged/)?.[1],
    report: report.match(/\*Mentoring\*: \d+ of (\d+)/)?.[1],
    home: (await home()).match(/\*Mentoring\*: (\d+) pledged/)?.[1],
    totals: String(totals.byType.find((t) => t.type === 'mentoring')?.pledged),
  };
}

const everywhere = (n: number) => ({ show: `${n}`, digest: `${n}`, report: `${n}`, home: `${n}`, totals: `${n}` });

it('archiving a partner takes its commitments out of every total; restoring it puts them back', async () => {
  expect(await pledged()).toEqual(everywhere(12));

  const archived = await commandReply(h(), 'archive partner Con Edison', LEAD);
  expect(text(archived)).toContain('count in no total');
  expect(await pledged()).toEqual(everywhere(5));
  expect(await checkTotals()).toBe(0);
  // the commitment stays (its list, its history), marked
  const conEd = await CommitmentModel.findOne({ partnerId: seeded.conEd }).lean();
  expect(conEd?.partnerArchivedAt).toEqual(NOW);
  expect(conEd?.history.at(-1)).toMatchObject({ by: LEAD, action: 'partner archived' });

  await commandReply(h(), 'restore partner Con Edison', LEAD);
  expect(await pledged()).toEqual(everywhere(12));
  expect(await checkTotals()).toBe(0);
  const back = await CommitmentModel.findOne({ partnerId: seeded.conEd }).lean();
  expect(back?.partnerArchivedAt).toBeUndefined();
  expect(back?.history.at(-1)).toMatchObject({ by: LEAD, action: 'partner restored' });
});
