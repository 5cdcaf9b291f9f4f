import { AuditEntryModel } from '../../src/audit/model';
import { forgetAccountStatuses } from '../../src/access';
import { CommissionModel } from '../../src/commissions/model';
import { DeliverableModel } from '../../src/deliverables/model';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { REASSIGN_ACTION, REASSIGN_BLOCK } from '../../src/reassign/ids';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/**
 * Handing a person's work over, through signed requests: `/iec reassign @from @to [commission] [leads]` previews
 * what moves (counts and names), Hand over moves partners, open deliverables, coming meetings and (asked) lead
 * roles, each with a history entry, plus one audit entry; a second click moves nothing more. A lead hands over
 * only in the commissions they lead; the one taking over must be a person of the district; a deactivated
 * account is flagged.
 */

const ADMIN = 'U0ADMIN01';
const LEAD = 'U0LEAD001';
const FROM = 'U0FROM001';
const TO = 'U0TOTO001';
const GUEST = 'U0GUEST01';
const CONTACT = 'U0CONTACT';
const GONE = 'U0GONE001';
const NOW = new Date('2026-11-02T15:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async (h) => {
    forgetAccountStatuses();
    h.fake.addUser({ id: FROM, name: 'dana.from' });
    h.fake.addUser({ id: TO, name: 'tom.to' });
    h.fake.addUser({ id: GUEST, name: 'guest', is_restricted: true });
    h.fake.addUser({ id: CONTACT, name: 'marcus.contact' });
    h.fake.addUser({ id: GONE, name: 'gone.person', deleted: true });
    await CommissionModel.create([
      { key: 'construction', name: 'Construction/Sustainability', leads: [LEAD, FROM] },
      { key: 'healthcare', name: 'Healthcare', leads: [] },
    ]);
    await PartnerModel.create([
      { name: 'Turner Construction', commissions: ['construction'], ownerId: FROM },
      { name: 'Skanska', commissions: ['construction'], ownerId: FROM },
      { name: 'Montefiore Medical Center', commissions: ['healthcare'], ownerId: FROM },
      { name: 'Old Builders', commissions: ['construction'], ownerId: FROM, archivedAt: new Date('2026-10-01T00:00:00Z') },
      { name: 'Con Edison', commissions: ['construction'], ownerId: GONE, contacts: [{ name: 'Marcus Bell', slackUserId: CONTACT }] },
    ]);
    const deliverable = (title: string, commissionKey: string, status = 'open') => ({
      commissionKey,
      title,
      ownerId: FROM,
      dueDate: '2026-12-01',
      status,
      createdBy: LEAD,
    });
    await DeliverableModel.create([
      deliverable('Externship plan', 'construction'),
      deliverable('Site visits', 'construction', 'in_progress'),
      deliverable('Old report', 'construction', 'done'),
      deliverable('Clinical rotations', 'healthcare'),
    ]);
    const meeting = (title: string, startsAt: string, extra: Record<string, unknown> = {}) => ({
      commissionKey: 'construction',
      title,
      startsAt: new Date(startsAt),
      durationMinutes: 60,
      revisedAt: new Date('2026-10-01T00:00:00Z'),
      createdBy: FROM,
      ...extra,
    });
    await MeetingModel.create([
      meeting('December board', '2026-12-03T15:00:00Z', { organiserId: FROM }),
      // scheduled before organisers were recorded: whoever scheduled it organises it
      meeting('January board', '2027-01-07T15:00:00Z'),
      meeting('October board', '2026-10-01T15:00:00Z', { organiserId: FROM }),
      meeting('Scheduled by them, organised by the lead', '2026-12-10T15:00:00Z', { organiserId: LEAD }),
    ]);
  },
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string }> };
type Reply = { text?: string; blocks?: Block[]; replace_original?: boolean };

async function iec(text: string, userId: string): Promise<Reply> {
  const reply = (await commandReply(h(), text, userId)) as Reply;
  if (reply.blocks) expect(checkMessage(reply as never)).toEqual([]);
  return reply;
}

const shown = (r: Reply) => (r.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');
const button = (r: Reply, actionId: string) =>
  (r.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.action_id === actionId)?.value;

async function press(actionId: string, value: string | undefined, userId: string): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId, actionId, blockId: REASSIGN_BLOCK, value, ephemeral: true });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  await h().idle();
  return h().fake.callsTo('response_url').at(-1)?.args as Reply;
}

const ownerOf = async (name: string) => (await PartnerModel.findOne({ name }).lean())?.ownerId;

it('an administrator previews a hand-over, confirms it with lead roles, and every moved record has its history', async () => {
  const preview = await iec(`reassign <@${FROM}|dana.from> <@${TO}|tom.to> leads`, ADMIN);
  const text = shown(preview);
  expect(text).toContain(`Hand over <@${FROM}>'s work to <@${TO}>* in every commission`);
  expect(text).toContain('3 partners they own: Montefiore Medical Center, Skanska, Turner Construction');
  expect(text).toContain('3 open deliverables: ');
  expect(text).toContain('Externship plan');
  expect(text).toContain('2 coming meetings they organise: December board, January board');
  expect(text).toContain('lead of *Construction/Sustainability*');
  expect(text).not.toContain('Old Builders');
  // nothing moved yet
  expect(await ownerOf('Skanska')).toBe(FROM);

  const value = button(preview, REASSIGN_ACTION.confirmWithLeads);
  expect(value).toBeDefined();
  const done = await press(REASSIGN_ACTION.confirmWithLeads, value, ADMIN);
  expect(done.replace_original).toBe(true);
  expect(done.text).toBe('Handed over 3 partners, 3 deliverables and 2 meetings.');
  expect(shown(done)).toContain('lead of *Construction/Sustainability*');

  // partners: the three in use, not the archived one nor someone else's
  for (const name of ['Turner Construction', 'Skanska', 'Montefiore Medical Center']) expect(await ownerOf(name)).toBe(TO);
  expect(await ownerOf('Old Builders')).toBe(FROM);
  expect(await ownerOf('Con Edison')).toBe(GONE);
  const turner = await PartnerModel.findOne({ name: 'Turner Construction' }).lean();
  expect(turner?.history.at(-1)).toMatchObject({
    by: ADMIN,
    action: 'handed over',
    changes: [{ field: 'ownerId', from: FROM, to: TO }],
  });
  expect(turner?.revision).toBe(1);

  // deliverables: open and in progress move; a done one keeps who did it
  const deliverables = await DeliverableModel.find().sort({ title: 1 }).lean();
  expect(deliverables.map((d) => [d.title, d.ownerId])).toEqual([
    ['Clinical rotations', TO],
    ['Externship plan', TO],
    ['Old report', FROM],
    ['Site visits', TO],
  ]);
  expect(deliverables[1].history.at(-1)).toMatchObject({ action: 'handed over', changes: [{ field: 'ownerId', from: FROM, to: TO }] });

  // meetings: the coming ones they organise (also one from before organisers were recorded); not past ones
  const meetings = await MeetingModel.find().sort({ startsAt: 1 }).lean();
  expect(meetings.map((m) => [m.title, m.organiserId])).toEqual([
    ['October board', FROM],
    ['December board', TO],
    ['Scheduled by them, organised by the lead', LEAD],
    ['January board', TO],
  ]);
  expect(meetings[1].history.at(-1)).toMatchObject({ action: 'handed over', changes: [{ field: 'organiserId', from: FROM, to: TO }] });
  expect(meetings[3].history.at(-1)?.changes).toEqual([{ field: 'organiserId', from: null, to: TO }]);

  // the lead role: the one taking over leads it, the one handing over no longer
  expect((await CommissionModel.findOne({ key: 'construction' }).lean())?.leads).toEqual([LEAD, TO]);

  const audit = await AuditEntryModel.find({ action: 'work handed over' }).lean();
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ by: ADMIN, subject: 'every commission' });
  expect(audit[0].people).toEqual(expect.arrayContaining([ADMIN, FROM, TO]));
  expect(audit[0].changes).toEqual(
    expect.arrayContaining([
      { field: 'owner', from: FROM, to: TO },
      { field: 'partners', from: null, to: 3 },
      { field: 'deliverables', from: null, to: 3 },
      { field: 'meetings', from: null, to: 2 },
    ]),
  );

  // a double click: the same preview's button again moves nothing and leaves the answer in place
  const again = await press(REASSIGN_ACTION.confirmWithLeads, value, ADMIN);
  expect(again.replace_original).toBe(false);
  expect(again.text).toBe('This hand-over was already confirmed.');
  expect(await AuditEntryModel.countDocuments({ action: 'work handed over' })).toBe(1);
  expect((await PartnerModel.findOne({ name: 'Turner Construction' }).lean())?.revision).toBe(1);

  // and the preview now has nothing left
  expect(shown(await iec(`reassign <@${FROM}> <@${TO}>`, ADMIN))).toContain('owns nothing to hand over in every commission');
});

it('two presses at once hand over once', async () => {
  const preview = await iec(`reassign <@${FROM}> <@${TO}> construction`, ADMIN);
  const value = button(preview, REASSIGN_ACTION.confirm);
  const before = h().fake.callsTo('response_url').length;
  await Promise.all([
    h().slack.blockAction({ userId: ADMIN, actionId: REASSIGN_ACTION.confirm, blockId: REASSIGN_BLOCK, value, ephemeral: true }),
    h().slack.blockAction({ userId: ADMIN, actionId: REASSIGN_ACTION.confirm, blockId: REASSIGN_BLOCK, value, ephemeral: true }),
  ]);
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length >= before + 2);
  await h().idle();
  const answers = h()
    .fake.callsTo('response_url')
    .slice(before)
    .map((c) => (c.args as Reply).text);
  expect(answers.sort()).toEqual(['Handed over 2 partners, 2 deliverables and 2 meetings.', 'This hand-over was already confirmed.']);
  expect(await AuditEntryModel.countDocuments({ action: 'work handed over' })).toBe(1);
  // one history entry of the hand-over (the seed wrote none)
  expect((await PartnerModel.findOne({ name: 'Skanska' }).lean())?.history.map((e) => e.action)).toEqual(['handed over']);
  // without `leads` (and the other button not pressed) the lead role stays; healthcare's records stay
  expect((await CommissionModel.findOne({ key: 'construction' }).lean())?.leads).toEqual([LEAD, FROM]);
  expect(await ownerOf('Montefiore Medical Center')).toBe(FROM);
});

it('a lead hands over only in the commissions they lead', async () => {
  const refused = await iec(`reassign <@${FROM}> <@${TO}> healthcare`, LEAD);
  expect(refused.text).toContain('you cannot hand over work in Healthcare');
  expect(refused.text).toContain('you lead Construction/Sustainability, not Healthcare');

  const preview = await iec(`reassign <@${FROM}> <@${TO}>`, LEAD);
  expect(shown(preview)).toContain('in the commissions you lead (*Construction/Sustainability*)');
  expect(shown(preview)).not.toContain('`construction`');
  expect(shown(preview)).toContain('2 partners they own: Skanska, Turner Construction');
  expect(shown(preview)).toContain(`<@${FROM}> also leads *Construction/Sustainability*: that stays`);
  const done = await press(REASSIGN_ACTION.confirm, button(preview, REASSIGN_ACTION.confirm), LEAD);
  expect(done.text).toBe('Handed over 2 partners, 2 deliverables and 2 meetings.');
  expect(await ownerOf('Montefiore Medical Center')).toBe(FROM);
  expect((await DeliverableModel.findOne({ title: 'Clinical rotations' }).lean())?.ownerId).toBe(FROM);
  // audited by commission name, and found by `/iec audit <commission>` through its key
  const handedOver = await AuditEntryModel.findOne({ action: 'work handed over', by: LEAD }).lean();
  expect(handedOver).toMatchObject({ subject: 'Construction/Sustainability', commissionKey: ['construction'] });

  // roles are checked again on Confirm: a preview made by an administrator, pressed by someone who may not
  const adminPreview = await iec(`reassign <@${FROM}> <@${TO}> healthcare`, ADMIN);
  const pressed = await press(REASSIGN_ACTION.confirm, button(adminPreview, REASSIGN_ACTION.confirm), LEAD);
  expect(pressed.text).toContain('you cannot hand over work in Healthcare');
  expect(await ownerOf('Montefiore Medical Center')).toBe(FROM);

  expect((await iec(`reassign <@${FROM}> <@${TO}>`, 'U0NOBODY1')).text).toContain('only iec-bot administrators and commission leads');
});

it('work goes to a person of the district only, and the command says how to use it', async () => {
  expect((await iec(`reassign <@${FROM}> <@${GUEST}>`, ADMIN)).text).toContain(`<@${GUEST}> is a guest in this workspace`);
  expect((await iec(`reassign <@${FROM}> <@${CONTACT}>`, ADMIN)).text).toContain(`<@${CONTACT}> is a partner contact`);
  expect((await iec(`reassign <@${FROM}> <@${GONE}>`, ADMIN)).text).toContain('is not an active person');
  expect((await iec(`reassign <@${FROM}> <@${FROM}>`, ADMIN)).text).toContain('would hand over to themselves');
  expect((await iec('reassign dana', ADMIN)).text).toContain('/iec reassign @from @to [commission] [leads]');
  expect((await iec(`reassign <@${FROM}> <@${TO}> nursing`, ADMIN)).text).toContain("I don't know the commission");
  expect(await ownerOf('Skanska')).toBe(FROM);
});

it("a deactivated person's work is flagged in the preview", async () => {
  const preview = await iec(`reassign <@${GONE}> <@${TO}>`, ADMIN);
  expect(shown(preview)).toContain(`:warning: <@${GONE}>'s Slack account is deactivated`);
  expect(shown(preview)).toContain('1 partner they own: Con Edison');
  expect(shown(await iec(`reassign <@${FROM}> <@${TO}>`, ADMIN))).not.toContain('deactivated');

  // on the partner card, for administrators only
  const card = JSON.stringify((await iec('partner show Con Edison', ADMIN)).blocks);
  expect(card).toContain(`The owner <@${GONE}>'s Slack account is deactivated`);
  expect(card).toContain(`/iec reassign <@${GONE}> @someone`);
  expect(JSON.stringify((await iec('partner show Con Edison', LEAD)).blocks)).not.toContain('deactivated');
  expect(JSON.stringify((await iec('partner show Skanska', ADMIN)).blocks)).not.toContain('deactivated');
});
