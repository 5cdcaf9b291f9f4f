import { ACTION, BLOCK, CALLBACK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { FORM_DEADLINE_MS } from '../../src/slack/forms';
import type { FakeSlackCall } from '../support/fake-slack';
import { isSaving, noticeOf, type ShownView } from '../support/forms';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { LEAD, seedBasics, type Seeded } from './fixtures';

/**
 * A slow database while a form is saved: Slack is answered at once ("Saving…"), past the form helper's 2 s
 * deadline the modal says the save is not yet confirmed, and the result follows in the modal and by DM.
 * Submitting again meanwhile records once. The deadline is the production one; the database is slowed.
 */

const NOW = new Date('2026-09-15T14:00:00Z');

describe('a form saved while the database is slow', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    noticesAreAnswers: true,
    seed: async () => {
      seeded = await seedBasics();
    },
  });
  let findOne: jest.SpyInstance | undefined;
  afterEach(() => findOne?.mockRestore());

  /** The database answers the commitments' first read `ms` late. */
  function slowFirstRead(ms: number): void {
    const real = CommitmentModel.findOne.bind(CommitmentModel);
    findOne = jest.spyOn(CommitmentModel, 'findOne').mockImplementationOnce(((...args: Parameters<typeof real>) => {
      const query = real(...args);
      return { lean: () => new Promise((r) => setTimeout(r, ms)).then(() => query.lean()) };
    }) as never);
  }

  const updatesOf = (id: string) =>
    h()
      .fake.callsTo('views.update')
      .filter((c: FakeSlackCall) => c.args.view_id === id);

  it('says "not yet confirmed", then shows the record; a second submission meanwhile records once', async () => {
    await h().slack.command('/commit', 'Con Edison', { userId: LEAD });
    const opened = await h().fake.waitFor('views.open', () => true, 15_000);
    const id = viewOf(opened).id;
    const values = {
      [BLOCK.partner]: { [ACTION.partner]: String(seeded.conEd) },
      [BLOCK.commission]: { [ACTION.commission]: 'construction' },
      [BLOCK.type]: { [ACTION.type]: 'internship_hosting' },
      [BLOCK.quantity]: { [ACTION.quantity]: '5' },
      [BLOCK.startDate]: { [ACTION.startDate]: '2026-10-01' },
    };
    slowFirstRead(FORM_DEADLINE_MS + 1_500);
    const started = Date.now();
    const res = await h().slack.viewSubmission({ userId: LEAD, view: { id }, values });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(isSaving(res.json)).toBe(true);

    const notYet = await h().fake.waitFor(
      'views.update',
      (c) => c.args.view_id === id && noticeOf(c.args.view as ShownView).includes('Not saved yet'),
      10_000,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(FORM_DEADLINE_MS - 50);
    // the form is kept, so the person can submit again: the same form is saved once
    expect((notYet.args.view as ShownView).callback_id).toBe(CALLBACK.form);
    const again = await h().slack.viewSubmission({ userId: LEAD, view: { id }, values });
    expect(isSaving(again.json)).toBe(true);

    await h().fake.waitFor(
      'views.update',
      () => updatesOf(id).filter((c) => (c.args.view as ShownView).callback_id === CALLBACK.done).length >= 2,
      15_000,
    );
    expect(await CommitmentModel.countDocuments()).toBe(1);
    const dms = h()
      .fake.callsTo('chat.postMessage')
      .filter((c) => c.args.channel === h().fake.dmChannelFor(LEAD));
    expect(dms).toHaveLength(1);
    expect(h().logger.text()).toContain(`not saved within ${FORM_DEADLINE_MS} ms`);
  });
});
