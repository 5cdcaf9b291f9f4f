import mongoose from 'mongoose';
import { PARTLY_SAVED_UNEXPECTED_MESSAGE, UNEXPECTED_MESSAGE } from '../../src/errors';
import { IMPORT_ACTION } from '../../src/imports/ids';
import { ImportModel } from '../../src/imports/model';
import { previewImport } from '../../src/imports/service';
import { previewMessage } from '../../src/imports/views';
import { PartnerModel } from '../../src/partners/model';
import { seedCommissions } from '../../src/seed/service';
import { STILL_WORKING } from '../../src/slack/request-deadline';
import { useHarness } from '../support/harness';

/**
 * The import's own error replies (src/imports/listeners.ts: the preview's Confirm and Cancel buttons, sent by DM
 * when its modal was closed) follow the rule of every listener: after a write of the same request they say part
 * may be saved and where to look, never "nothing was changed" (src/slack/replies.ts, src/db/write-tracking.ts).
 * Forced through signed requests by a damaged record: the import creates its new partners, then cannot update one
 * whose history is not a list.
 */

const ADMIN = 'U0ADMIN';
const NOW = new Date('2026-11-02T15:00:00Z');
const admin = { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
const CSV = 'Organisation,Sector,Status,Contact Person,E-mail\r\nBrooklyn Navy Yard,construction,active,,\r\nCon Edison,construction,active,Ana Ruiz,ana.ruiz@coned.example\r\n';

const h = useHarness({ admins: [ADMIN], now: NOW, seed: seedCommissions });

/** A preview as the app DMs it when its modal was closed: the message with Confirm and Cancel. */
async function previewedByDm(): Promise<{ id: string; channel: string; ts: string; blockId: string }> {
  const result = await previewImport({ kind: 'partners', filename: 'partners.csv', content: Buffer.from(CSV), actor: admin, by: ADMIN, via: 'slack', now: NOW });
  if (!result.ok) throw new Error(result.reason);
  const channel = h().fake.dmChannelFor(ADMIN);
  const message = h().fake.seedMessage(channel, previewMessage(result.summary));
  const actions = (message.blocks as Array<{ type: string; block_id?: string }>).find((b) => b.type === 'actions');
  return { id: result.summary.id, channel, ts: message.ts, blockId: String(actions?.block_id) };
}

async function press(actionId: string, dm: Awaited<ReturnType<typeof previewedByDm>>): Promise<string | undefined> {
  const before = h().fake.callsTo('response_url').length;
  const answers = () =>
    h()
      .fake.callsTo('response_url')
      .slice(before)
      .map((c) => c.args.text as string | undefined)
      .filter((text) => text !== STILL_WORKING && !text?.includes('Importing…'));
  await h().slack.blockAction({ userId: ADMIN, actionId, blockId: dm.blockId, value: dm.id, channelId: dm.channel, message: { ts: dm.ts } });
  await h().fake.waitFor('response_url', () => answers().length > 0);
  return answers().at(-1);
}

it('a Confirm that fails after its first writes says part may be saved, not that nothing was changed', async () => {
  const conEd = await PartnerModel.create({ name: 'Con Edison', commissions: ['construction'], status: 'active' });
  const dm = await previewedByDm();
  // damaged past the model after the preview: the partner reads as before, but its update cannot add a history entry
  await mongoose.connection.collection('partners').updateOne({ _id: conEd._id }, { $set: { history: 'damaged' } });

  const text = await press(IMPORT_ACTION.confirm, dm);
  expect(text).toBe(`:x: ${PARTLY_SAVED_UNEXPECTED_MESSAGE}`);
  expect(text).not.toMatch(/nothing was changed/i);
  // the part written before it broke is there: the new partner
  expect(await PartnerModel.countDocuments({ name: 'Brooklyn Navy Yard' })).toBe(1);
  expect((await ImportModel.findById(dm.id).lean())?.status).toBe('applying');
});

it('a Cancel that fails before any write says nothing was changed', async () => {
  const dm = await previewedByDm();
  // a status no code knows, written past the model: reading it breaks before anything is written
  await mongoose.connection.collection('imports').updateOne({ _id: new mongoose.Types.ObjectId(dm.id) }, { $set: { status: 42 } });
  const text = await press(IMPORT_ACTION.cancel, dm);
  expect(text).toBe(`:x: ${UNEXPECTED_MESSAGE}`);
});
