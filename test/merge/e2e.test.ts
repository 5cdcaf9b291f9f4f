import { Types } from 'mongoose';
import { AuditEntryModel } from '../../src/audit/model';
import { CommissionModel } from '../../src/commissions/model';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from '../../src/corrections/ids';
import { CommitmentModel, WITH_ARCHIVED } from '../../src/commitments/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { changeStatus, createCommitment } from '../../src/commitments/service';
import { checkTotals, commitmentTotals } from '../../src/commitments/totals';
import { MemberModel } from '../../src/members/model';
import { MERGE_ACTION, MERGE_BLOCK, MERGE_UNDO_BLOCK } from '../../src/merge/ids';
import { PartnerMergeModel } from '../../src/merge/model';
import { PartnerModel } from '../../src/partners/model';
import { readRoles } from '../../src/access/people';
import { SchoolModel } from '../../src/schools/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';

/**
 * `/iec partner merge <duplicate> into <keeper>` through signed requests: the preview says what will move, the
 * Merge button (behind Slack's confirm dialog) moves contacts (one person once), commitments, requests and
 * commission members to the keeper, archives the duplicate pointing at the keeper, and writes history on both and
 * an audit entry. The totals stay equal to a recount. Pressed twice, it moves once. Leads merge only within the
 * commissions they lead; merging a partner into itself or an unknown partner is refused clearly.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const ADMIN = 'U0ADMIN01';
const LEAD = 'U0LEAD001';
const HEALTH_LEAD = 'U0HLEAD01';
const PAT = 'U0PATLEE1';
const SAM = 'U0SAMROE1';

const ids: Record<'keeper' | 'duplicate' | 'grid' | 'gridDup' | 'school', string> = {
  keeper: '',
  duplicate: '',
  grid: '',
  gridDup: '',
  school: '',
};
const lead = { userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] };
const healthLead = { userId: HEALTH_LEAD, isAdmin: false, leads: ['healthcare'], partnerIds: [] };

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create([
      { key: 'construction', name: 'Construction/Sustainability', leads: [LEAD] },
      { key: 'healthcare', name: 'Healthcare', leads: [HEALTH_LEAD] },
    ]);
    const [keeper, duplicate, grid, gridDup] = await PartnerModel.create([
      {
        name: 'Con Edison',
        commissions: ['construction'],
        status: 'active',
        contacts: [{ name: 'Pat Lee', email: 'pat.lee@coned.example', slackUserId: PAT }],
      },
      {
        name: 'Con Ed',
        commissions: ['construction'],
        contacts: [
          { name: 'Patricia Lee', email: 'PAT.LEE@coned.example', phone: '+1 212 555 0100' },
          { name: 'Sam Roe', slackUserId: SAM },
        ],
      },
      { name: 'National Grid', commissions: ['construction'] },
      { name: 'Natl Grid', commissions: ['construction'] },
    ]);
    const [school] = await SchoolModel.create([{ name: 'Thomas Edison CTE High School', code: '27Q650' }]);
    Object.assign(ids, {
      keeper: String(keeper._id),
      duplicate: String(duplicate._id),
      grid: String(grid._id),
      gridDup: String(gridDup._id),
      school: String(school._id),
    });
    const at = new Date('2026-09-08T14:00:00Z');
    const pledge = (partnerId: string, type: 'mentoring' | 'internship_hosting', quantity: number, commissionKey = 'construction') => ({
      partnerId,
      commissionKey,
      type,
      quantity,
      startDate: '2026-10-01',
      schoolIds: [ids.school],
      notes: '',
    });
    await createCommitment(pledge(ids.keeper, 'mentoring', 7), lead, at);
    await createCommitment(pledge(ids.duplicate, 'mentoring', 5), lead, at);
    await createCommitment(pledge(ids.duplicate, 'internship_hosting', 3), lead, at);
    // Natl Grid is a construction partner with a Healthcare commitment
    await createCommitment(pledge(ids.gridDup, 'mentoring', 2, 'healthcare'), healthLead, at);
    await CommitmentRequestModel.create({
      partnerId: duplicate._id,
      partnerName: 'Con Ed',
      contactUserId: SAM,
      requestedBy: LEAD,
      commissionKey: 'construction',
      requestedAt: at,
    });
    await MemberModel.create({
      commissionKey: 'construction',
      personKey: `slack:${SAM}`,
      kind: 'industry',
      startDate: '2026-09-01',
      slackUserId: SAM,
      organisation: 'Con Ed',
      partnerId: ids.duplicate,
      addedBy: LEAD,
    });
  },
});

type Reply = {
  text?: string;
  blocks?: Array<{ type: string; block_id?: string; elements?: Array<{ value?: string }> }>;
  replace_original?: boolean;
};

async function iec(text: string, userId = LEAD): Promise<Reply> {
  const reply = (await commandReply(h(), text, userId)) as Reply;
  if (reply.blocks) checkMessage(reply as never);
  return reply;
}

const shown = (r: Reply) => JSON.stringify(r.blocks ?? r.text);
const mergeValue = (r: Reply) => r.blocks?.find((b) => b.block_id === MERGE_BLOCK)?.elements?.[0]?.value;

async function press(value: string | undefined, userId = LEAD): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId, actionId: MERGE_ACTION.confirm, blockId: MERGE_BLOCK, value, ephemeral: true });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before, 15_000);
  return h().fake.callsTo('response_url').at(-1)?.args as Reply;
}

/** What the commitments themselves add up to, counted here without the app's totals code. */
async function recount(partnerId: string): Promise<Record<string, number>> {
  const rows = await CommitmentModel.find({ partnerId: new Types.ObjectId(partnerId) }, { type: 1, quantity: 1 }).lean();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.type] = (out[r.type] ?? 0) + r.quantity;
  return out;
}

const pledgedByType = async (scope: Parameters<typeof commitmentTotals>[0]) =>
  Object.fromEntries((await commitmentTotals(scope)).byType.filter((t) => t.pledged > 0).map((t) => [t.type, t.pledged]));

it('previews, then merges: contacts once, commitments, requests and members move; the duplicate is archived with a pointer; history on both; totals equal a recount', async () => {
  const commissionBefore = await pledgedByType({ commissionKey: 'construction', schoolYear: '2026-27' });

  const preview = await iec('partner merge Con Ed into Con Edison');
  expect(preview.text).toBe('Merge Con Ed into Con Edison?');
  const said = shown(preview);
  expect(said).toContain('1 contact (1 other is already there, by email or Slack account: not added twice)');
  expect(said).toContain('2 commitments; the fulfilment follow-ups of the 2 open ones follow them');
  expect(said).toContain('1 commitment request (1 open)');
  expect(said).toContain('1 commission member');
  expect(said).toContain('archived, pointing to *Con Edison*');
  // nothing moved yet
  expect(await CommitmentModel.countDocuments({ partnerId: new Types.ObjectId(ids.duplicate) })).toBe(2);

  const merged = await press(mergeValue(preview));
  expect(merged.replace_original).toBe(true);
  expect(merged.text).toBe(
    ':twisted_rightwards_arrows: Merged Con Ed into Con Edison: 1 contact, 2 commitments, 1 commitment request, 1 commission member moved. Con Ed is archived and points to Con Edison; the merge is in both histories and the audit trail.',
  );

  // everything moved
  expect(await CommitmentModel.countDocuments({ partnerId: new Types.ObjectId(ids.duplicate) }, WITH_ARCHIVED)).toBe(0);
  const moved = await CommitmentModel.find({ partnerId: new Types.ObjectId(ids.keeper) }).lean();
  expect(moved).toHaveLength(3);
  expect(new Set(moved.map((c) => c.partnerName))).toEqual(new Set(['Con Edison']));
  const movedOnes = moved.filter((c) => c.history.some((e) => e.action === 'merged'));
  expect(movedOnes).toHaveLength(2);
  for (const c of movedOnes)
    expect(c.history.at(-1)).toMatchObject({
      by: LEAD,
      action: 'merged',
      source: 'Con Ed into Con Edison',
      changes: expect.arrayContaining([expect.objectContaining({ field: 'partnerName', from: 'Con Ed', to: 'Con Edison' })]),
    });
  expect(await CommitmentRequestModel.findOne({}).lean()).toMatchObject({
    partnerId: new Types.ObjectId(ids.keeper),
    partnerName: 'Con Edison',
  });
  expect(await MemberModel.findOne({}).lean()).toMatchObject({ partnerId: ids.keeper, organisation: 'Con Edison' });

  // contacts: Pat once (by email, phone filled in from the duplicate), Sam added
  const keeper = await PartnerModel.findById(ids.keeper).lean();
  expect(keeper?.contacts).toEqual([
    { name: 'Pat Lee', email: 'pat.lee@coned.example', slackUserId: PAT, phone: '+1 212 555 0100' },
    { name: 'Sam Roe', slackUserId: SAM },
  ]);
  expect(keeper?.history.at(-1)).toMatchObject({ by: LEAD, action: 'merged from', source: 'Con Ed' });
  expect(keeper?.mergedFrom).toEqual([ids.duplicate]);
  const duplicate = await PartnerModel.findById(ids.duplicate).lean();
  expect(duplicate).toMatchObject({ archivedAt: NOW, archivedBy: LEAD, mergedInto: ids.keeper, contacts: [] });
  expect(duplicate?.history.at(-1)).toMatchObject({ by: LEAD, action: 'merged into', source: 'Con Edison' });
  // Sam is now a contact of the keeper only
  expect((await readRoles(SAM, 1000)).partnerIds.map(String)).toEqual([ids.keeper]);

  const audit = await AuditEntryModel.find({ action: 'merged partner' }).lean();
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ by: LEAD, subject: 'Con Ed into Con Edison', commissionKey: ['construction'] });

  // totals: the commission's did not change, the keeper's are its commitments, and the rollup equals a recount
  expect(await pledgedByType({ commissionKey: 'construction', schoolYear: '2026-27' })).toEqual(commissionBefore);
  expect(await pledgedByType({ partnerId: new Types.ObjectId(ids.keeper) })).toEqual(await recount(ids.keeper));
  expect(await recount(ids.keeper)).toEqual({ mentoring: 12, internship_hosting: 3 });
  expect(await checkTotals()).toBe(0);
  expect(shown(await iec('partner show Con Edison'))).toContain('Sam Roe');
  expect((await iec('partner show Con Ed')).text).toContain("I don't know a partner called");
  // restoring the merged duplicate by itself would leave it empty: the merge's Undo does that
  expect((await iec('restore partner Con Ed')).text).toContain('was merged into another partner');

  // pressed again (a double click, a redelivery): nothing moves again, and it says so
  const again = await press(mergeValue(preview));
  expect(again.text).toBe('Con Ed was merged into Con Edison already: nothing was moved again.');
  expect((await PartnerModel.findById(ids.keeper).lean())?.history).toHaveLength(keeper?.history.length ?? -1);
  expect(await AuditEntryModel.countDocuments({ action: 'merged partner' })).toBe(1);
  // and the command says so too
  expect((await iec('partner merge Con Ed into Con Edison')).text).toContain('was merged into *Con Edison* already');
});

it('two presses at once merge once', async () => {
  const preview = await iec('partner merge Con Ed into Con Edison');
  const before = h().fake.callsTo('response_url').length;
  await Promise.all(
    [0, 1].map(() =>
      h().slack.blockAction({
        userId: LEAD,
        actionId: MERGE_ACTION.confirm,
        blockId: MERGE_BLOCK,
        value: mergeValue(preview),
        ephemeral: true,
      }),
    ),
  );
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length >= before + 2, 20_000);
  const texts = h()
    .fake.callsTo('response_url')
    .slice(before)
    .map((c) => String(c.args.text));
  expect(texts.filter((t) => t.includes('Merged Con Ed into Con Edison'))).toHaveLength(1);
  expect(texts.filter((t) => t.includes('already'))).toHaveLength(1);
  const moved = await CommitmentModel.find({ partnerId: new Types.ObjectId(ids.keeper) }).lean();
  expect(moved).toHaveLength(3);
  for (const c of moved) expect(c.history.filter((e) => e.action === 'merged').length).toBeLessThanOrEqual(1);
  expect((await PartnerModel.findById(ids.keeper).lean())?.contacts).toHaveLength(2);
  expect(await AuditEntryModel.countDocuments({ action: 'merged partner' })).toBe(1);
  expect(await checkTotals()).toBe(0);
});

it('refuses clearly: into itself, unknown names, no "into", a lead outside their commissions, anyone not an IEC', async () => {
  expect((await iec('partner merge Con Ed into CON-ED')).text).toContain('A partner cannot be merged into itself');
  const unknown = await iec('partner merge Con Edisonn Power into Con Edison');
  expect(unknown.text).toContain("I don't know a partner called *Con Edisonn Power*");
  expect((await iec('partner merge Con Ed into Nowhere Inc')).text).toContain("I don't know a partner called *Nowhere Inc*");
  expect((await iec('partner merge Con Ed Con Edison')).text).toContain('Say which partner to keep with “into”');
  expect((await iec('partner merge into Con Edison')).text).toContain('Name the duplicate before “into”');

  // Natl Grid has a Healthcare commitment: the Construction lead may not merge it, nor may Healthcare's lead (its partners are Construction's)
  const refused = await iec('partner merge Natl Grid into National Grid');
  expect(refused.text).toContain(':lock: Sorry, you cannot merge these partners: you lead Construction/Sustainability, not Healthcare');
  expect((await iec('partner merge Natl Grid into National Grid', HEALTH_LEAD)).text).toContain('you cannot merge these partners');
  expect((await iec('partner merge Con Ed into Con Edison', PAT)).text).toContain('only for Industry Engagement Coordinators');
  // the button is checked again when pressed
  const preview = await iec('partner merge Natl Grid into National Grid', ADMIN);
  const value = mergeValue(preview);
  expect((await press(value, LEAD)).text).toContain('you cannot merge these partners');
  expect(await CommitmentModel.countDocuments({ partnerId: new Types.ObjectId(ids.gridDup) })).toBe(1);
  expect((await press('{"d":"nonsense"}', ADMIN)).text).toContain('That button is out of date');

  // an administrator may
  expect((await press(value, ADMIN)).text).toContain('Merged Natl Grid into National Grid');
  expect(await recount(ids.grid)).toEqual({ mentoring: 2 });
  expect(await checkTotals()).toBe(0);
});

const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);

/** Merges Con Ed into Con Edison as LEAD; the DM confirmation (with its Undo). */
async function mergeConEd(): Promise<FakeSlackCall> {
  const preview = await iec('partner merge Con Ed into Con Edison');
  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(LEAD)).length;
  const merged = await press(mergeValue(preview));
  expect(merged.blocks?.some((b) => b.block_id === MERGE_UNDO_BLOCK)).toBe(true);
  return h().fake.waitFor('chat.postMessage', () => h().fake.callsTo('chat.postMessage').filter(dmTo(LEAD)).length > dms, 15_000);
}

async function pressUndo(dm: FakeSlackCall, userId = LEAD): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId,
    actionId: MERGE_ACTION.undo,
    blockId: MERGE_UNDO_BLOCK,
    channelId: String(dm.args.channel),
    message: { ts: String(dm.response?.ts) },
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before, 15_000);
  return h().fake.callsTo('response_url').at(-1)?.args as Reply;
}

it('Undo on the DM reverses all of it for its author: contacts, commitments, requests, members, the duplicate restored; totals equal a recount', async () => {
  const before = {
    keeper: await PartnerModel.findById(ids.keeper, { contacts: 1, commissions: 1 }).lean(),
    duplicate: await PartnerModel.findById(ids.duplicate, { contacts: 1, commissions: 1 }).lean(),
    commission: await pledgedByType({ commissionKey: 'construction', schoolYear: '2026-27' }),
  };
  const dm = await mergeConEd();
  expect(checkMessage(dm.args as never)).toEqual([]);
  expect(JSON.stringify(dm.args.blocks)).toContain('You can undo this for 15 minutes.');

  expect((await pressUndo(dm, ADMIN)).text).toContain(`Only <@${LEAD}>, who merged these partners, can undo it.`);
  const undone = await pressUndo(dm);
  expect(undone.replace_original).toBe(true);
  expect(undone.text).toBe(
    ':leftwards_arrow_with_hook: Undone: Con Ed is back as it was before the merge into Con Edison, with its contacts and 2 commitments, 1 commitment request, 1 commission member. Both histories say so.',
  );

  const keeper = await PartnerModel.findById(ids.keeper).lean();
  expect(keeper?.contacts).toEqual(before.keeper?.contacts);
  expect(keeper?.mergedFrom).toBeUndefined();
  expect(keeper?.history.at(-1)).toMatchObject({ by: LEAD, action: 'merge undone' });
  const duplicate = await PartnerModel.findById(ids.duplicate).lean();
  expect(duplicate?.contacts).toEqual(before.duplicate?.contacts);
  expect(duplicate?.archivedAt).toBeUndefined();
  expect(duplicate?.mergedInto).toBeUndefined();
  expect(duplicate?.history.at(-1)).toMatchObject({ by: LEAD, action: 'merge undone' });
  const back = await CommitmentModel.find({ partnerId: new Types.ObjectId(ids.duplicate) }).lean();
  expect(back).toHaveLength(2);
  for (const c of back)
    expect(c).toMatchObject({
      partnerName: 'Con Ed',
      history: expect.arrayContaining([expect.objectContaining({ action: 'merge undone' })]),
    });
  expect(await CommitmentRequestModel.findOne({}).lean()).toMatchObject({
    partnerId: new Types.ObjectId(ids.duplicate),
    partnerName: 'Con Ed',
  });
  expect(await MemberModel.findOne({}).lean()).toMatchObject({ partnerId: ids.duplicate, organisation: 'Con Ed' });
  expect((await readRoles(SAM, 1000)).partnerIds.map(String)).toEqual([ids.duplicate]);
  expect(await pledgedByType({ commissionKey: 'construction', schoolYear: '2026-27' })).toEqual(before.commission);
  expect(await pledgedByType({ partnerId: new Types.ObjectId(ids.duplicate) })).toEqual(await recount(ids.duplicate));
  expect(await pledgedByType({ partnerId: new Types.ObjectId(ids.keeper) })).toEqual({ mentoring: 7 });
  expect(await checkTotals()).toBe(0);
  expect((await AuditEntryModel.find({}, { action: 1 }).sort({ _id: 1 }).lean()).map((a) => a.action)).toEqual([
    'merged partner',
    'merge undone',
  ]);
  expect(shown(await iec('partner show Con Ed'))).toContain('Sam Roe');

  // the DM has no Undo any more; the reply where it was merged still has one
  const value = (dm.args.blocks as Reply['blocks'])?.find((b) => b.block_id === MERGE_UNDO_BLOCK)?.elements?.[0]?.value;
  const before2 = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId: LEAD, actionId: MERGE_ACTION.undo, blockId: MERGE_UNDO_BLOCK, value, ephemeral: true });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before2, 15_000);
  expect(String(h().fake.callsTo('response_url').at(-1)?.args.text)).toContain('You have undone this merge already.');
  // and it can be merged again
  expect((await iec('partner merge Con Ed into Con Edison')).text).toBe('Merge Con Ed into Con Edison?');
});

it('Undo is refused, changing nothing, after someone else changed a record, and after 15 minutes', async () => {
  const dm = await mergeConEd();
  const moved = await CommitmentModel.findOne({ partnerId: new Types.ObjectId(ids.keeper), quantity: 5 }).lean();
  await changeStatus(String(moved?._id), 'confirmed', { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] }, NOW);
  const refused = await pressUndo(dm);
  expect(refused.text).toContain(`1 of its commitments was changed since, by <@${ADMIN}>`);
  expect(refused.text).toContain('So I did not undo the merge');
  expect(await CommitmentModel.countDocuments({ partnerId: new Types.ObjectId(ids.keeper) })).toBe(3);
  expect((await PartnerModel.findById(ids.duplicate).lean())?.mergedInto).toBe(ids.keeper);

  // the other merge, undone too late
  const preview = await iec('partner merge Natl Grid into National Grid', ADMIN);
  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(ADMIN)).length;
  await press(mergeValue(preview), ADMIN);
  const late = await h().fake.waitFor(
    'chat.postMessage',
    () => h().fake.callsTo('chat.postMessage').filter(dmTo(ADMIN)).length > dms,
    15_000,
  );
  h().setNow(new Date(NOW.getTime() + 16 * 60_000));
  expect((await pressUndo(late, ADMIN)).text).toContain('Undo is possible for 15 minutes after a merge');
  expect((await PartnerModel.findById(ids.gridDup).lean())?.mergedInto).toBe(ids.grid);
});

it('a record changed between Undo’s check and its write is left as it is, and the answer says the undo was partial and names it', async () => {
  const dm = await mergeConEd();
  const moved = await CommitmentModel.findOne({ partnerId: new Types.ObjectId(ids.keeper), quantity: 5 }).lean();
  // another IEC's change lands just after the undo checked every record (its claim) and before its writes
  const claim = PartnerMergeModel.updateOne.bind(PartnerMergeModel);
  const spy = jest.spyOn(PartnerMergeModel, 'updateOne').mockImplementation(((filter: never, update: { $set?: { status?: string } }) => {
    const result = claim(filter, update);
    if (update?.$set?.status !== 'undone') return result;
    return result.then(async (r) => {
      await changeStatus(String(moved?._id), 'confirmed', { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] }, NOW);
      return r;
    });
  }) as never);
  try {
    const partial = await pressUndo(dm);
    expect(partial.replace_original).toBe(true);
    expect(partial.text).toBe(
      ':warning: Partly undone. Moved back out of Con Edison into Con Ed: 1 commitment, 1 commitment request, 1 commission member. Not undone, because someone else changed them meanwhile: 1 commitment moved to Con Edison. Look at their History and put them right by hand.',
    );
  } finally {
    spy.mockRestore();
  }
  // the changed commitment stays with the keeper as the other IEC left it; the rest went back
  expect(await CommitmentModel.findById(moved?._id).lean()).toMatchObject({
    partnerId: new Types.ObjectId(ids.keeper),
    status: 'confirmed',
  });
  expect(await CommitmentModel.countDocuments({ partnerId: new Types.ObjectId(ids.duplicate) })).toBe(1);
  expect((await PartnerModel.findById(ids.duplicate).lean())?.mergedInto).toBeUndefined();
  expect(await checkTotals()).toBe(0);
  const audit = await AuditEntryModel.findOne({ action: 'merge undone' }).lean();
  expect(audit?.changes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ field: 'left as they were (changed meanwhile)', to: '1 commitment moved to Con Edison' }),
    ]),
  );
});

it('a merge touching several commissions is in the audit trail of each, and so is its Undo', async () => {
  // Natl Grid and National Grid are Construction's; Natl Grid's commitment is Healthcare's
  const preview = await iec('partner merge Natl Grid into National Grid', ADMIN);
  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(ADMIN)).length;
  expect((await press(mergeValue(preview), ADMIN)).text).toContain('Merged Natl Grid into National Grid');
  const dm = await h().fake.waitFor(
    'chat.postMessage',
    () => h().fake.callsTo('chat.postMessage').filter(dmTo(ADMIN)).length > dms,
    15_000,
  );
  const audit = await AuditEntryModel.findOne({ action: 'merged partner' }).lean();
  expect(audit?.commissionKey).toEqual(['construction', 'healthcare']);
  for (const commission of ['construction', 'healthcare', 'Healthcare']) {
    const trail = await iec(`audit ${commission}`, ADMIN);
    expect(shown(trail)).toContain('merged partner');
    expect(shown(trail)).toContain('Natl Grid into National Grid');
  }

  h().setNow(new Date(NOW.getTime() + 60_000));
  expect((await pressUndo(dm, ADMIN)).text).toContain('Undone: Natl Grid is back as it was');
  for (const commission of ['construction', 'healthcare']) {
    const trail = shown(await iec(`audit ${commission}`, ADMIN));
    expect(trail).toContain('merge undone');
    expect(trail).toContain('Natl Grid out of National Grid');
    // newest first: the undo above the merge
    expect(trail.indexOf('merge undone')).toBeLessThan(trail.indexOf('merged partner'));
  }
  // a commission the merge did not touch does not show it
  await CommissionModel.create({ key: 'it', name: 'Information Technology' });
  expect(shown(await iec('audit it', ADMIN))).not.toContain('Natl Grid');
});

it('a partner that is part of a merge is not deleted for good: the duplicate is refused, before and at the confirmation, and so is the keeper', async () => {
  const [dup, keep] = await PartnerModel.create([{ name: 'Acme Co' }, { name: 'Acme Company' }]);
  // nothing refers to Acme Co yet: the delete preview is offered
  const preview = await iec('delete partner Acme Co', ADMIN);
  const deleteValue = preview.blocks?.find((b) => b.block_id === CORRECTION_BLOCK)?.elements?.[0]?.value;
  expect(deleteValue).toBe(`partner:${String(dup._id)}`);

  const merge = await iec('partner merge Acme Co into Acme Company', ADMIN);
  expect((await press(mergeValue(merge), ADMIN)).text).toContain('Merged Acme Co into Acme Company');

  const refused = await iec('delete partner Acme Co', ADMIN);
  expect(refused.text).toContain('*Acme Co* cannot be deleted: it was merged into *Acme Company*');
  expect(shown(refused)).toContain("use the merge's Undo");
  expect(shown(refused)).not.toContain(CORRECTION_ACTION.delete);

  // the confirmation shown before the merge, pressed after it
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId: ADMIN,
    actionId: CORRECTION_ACTION.delete,
    blockId: CORRECTION_BLOCK,
    value: deleteValue,
    ephemeral: true,
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before, 15_000);
  expect(String(h().fake.callsTo('response_url').at(-1)?.args.text)).toContain(
    '*Acme Co* cannot be deleted: it was merged into *Acme Company*',
  );

  // the keeper: the duplicate points to it
  expect((await iec('delete partner Acme Company', ADMIN)).text).toContain(
    '*Acme Company* cannot be deleted: *Acme Co* was merged into it and points to it',
  );

  // both kept, the pointers consistent
  expect(await PartnerModel.findById(dup._id).lean()).toMatchObject({ mergedInto: String(keep._id) });
  expect((await PartnerModel.findById(keep._id).lean())?.mergedFrom).toEqual([String(dup._id)]);
  expect(await AuditEntryModel.countDocuments({ action: 'deleted partner' })).toBe(0);
});
