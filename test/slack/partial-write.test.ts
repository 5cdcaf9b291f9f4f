import type { BlockAction, ButtonAction } from '@slack/bolt';
import mongoose from 'mongoose';
import { CommissionModel } from '../../src/commissions/model';
import { changeCommissionLead } from '../../src/commissions/service';
import { untrackedModels } from '../../src/db/write-tracking';
import { PARTLY_SAVED_UNEXPECTED_MESSAGE, UNEXPECTED_MESSAGE } from '../../src/errors';
import { HomeViewerModel } from '../../src/home/model';
import { AttendanceModel } from '../../src/meetings/attendance-model';
import { replierFor } from '../../src/slack/interaction';
import { STILL_WORKING, withRequestDeadlines } from '../../src/slack/request-deadline';
import { pressErase } from '../partners/support/erase';
import { useHarness } from '../support/harness';

/**
 * A handler that fails after a first write of its own must not answer "nothing was changed": the error reply
 * (src/slack/replies.ts) knows whether the request wrote (src/db/write-tracking.ts) and says part may be saved,
 * and where to look. Forced through signed requests: a listener that writes and then fails, one that only reads,
 * and a real one (an erasure stopped part-way by a damaged record).
 */

const ADMIN = 'U0ADMINER';
const LEAD = 'U0LEADER1';
const NOW = new Date('2026-11-02T15:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', leads: [] });
    await changeCommissionLead('construction', LEAD, 'add', { by: ADMIN, at: NOW });
  },
});

/** A test listener on the app as features get it (under the request deadline): `work`, then the error reply. */
function listen(actionId: string, work: () => Promise<void>): void {
  withRequestDeadlines(h().app).action<BlockAction<ButtonAction>>(actionId, async (args) => {
    await args.ack();
    try {
      await work();
    } catch (err) {
      await replierFor({ body: args.body, respond: args.respond, client: args.client }, h().deps.logger).error(err);
    }
  });
}

async function press(actionId: string): Promise<string | undefined> {
  const before = h().fake.callsTo('response_url').length;
  const answers = () =>
    h()
      .fake.callsTo('response_url')
      .slice(before)
      .filter((c) => c.args.text !== STILL_WORKING);
  await h().slack.blockAction({ userId: ADMIN, ephemeral: true, actionId, blockId: 'b', value: 'x' });
  await h().fake.waitFor('response_url', () => answers().length > 0);
  return answers().at(-1)?.args.text as string | undefined;
}

it('every model counts its writes (none was compiled before the tracking)', () => {
  expect(mongoose.modelNames().length).toBeGreaterThan(15);
  expect(untrackedModels()).toEqual([]);
});

it('a failure after a write says part may be saved; after reads only, that nothing was changed', async () => {
  listen('test_write_then_fail', async () => {
    await HomeViewerModel.create({ _id: 'U0WRITTEN', lastOpenedAt: NOW });
    throw new TypeError('the second step broke');
  });
  listen('test_read_then_fail', async () => {
    await HomeViewerModel.find({}).lean();
    throw new TypeError('the only step broke');
  });
  const afterWrite = await press('test_write_then_fail');
  expect(afterWrite).toBe(PARTLY_SAVED_UNEXPECTED_MESSAGE);
  expect(afterWrite).not.toMatch(/nothing was changed/i);
  expect(await HomeViewerModel.countDocuments({ _id: 'U0WRITTEN' })).toBe(1); // the first write did land
  expect(await press('test_read_then_fail')).toBe(UNEXPECTED_MESSAGE);
  // each request counts its own writes: the earlier one's does not leak into the next
  expect(await press('test_read_then_fail')).toBe(UNEXPECTED_MESSAGE);
});

it('an erasure stopped part-way by a damaged record says part may be saved; run again once repaired, it finishes', async () => {
  // minutes that are not text (written past the model): the attendance step of the erasure cannot save them
  await mongoose.connection.collection('meetingattendances').insertOne({
    meetingId: 'meeting-damaged',
    commissionKey: 'construction',
    attendees: [{ slackUserId: LEAD, name: '', organisation: 'NYC DOE', kind: 'district' }],
    claims: [],
    history: [],
    notes: { damaged: true },
    revision: 0,
  });
  const first = await pressErase(h(), ADMIN, JSON.stringify({ u: LEAD }));
  expect(first.text).toBe(PARTLY_SAVED_UNEXPECTED_MESSAGE);
  expect((await CommissionModel.findOne({ key: 'construction' }).lean())?.leads).toEqual([]); // the part done before it broke

  await mongoose.connection.collection('meetingattendances').updateOne({ meetingId: 'meeting-damaged' }, { $set: { notes: '' } });
  const again = await pressErase(h(), ADMIN, JSON.stringify({ u: LEAD }));
  expect(again.text).toContain('Erased their personal data');
  expect(JSON.stringify(await AttendanceModel.findOne({ meetingId: 'meeting-damaged' }).lean())).not.toContain(LEAD);
});
