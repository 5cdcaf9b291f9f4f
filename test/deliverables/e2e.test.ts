import { forgetAccountStatuses } from '../../src/access';
import { AuditEntryModel } from '../../src/audit/model';
import { CommissionModel } from '../../src/commissions/model';
import { submitForm } from '../support/forms';
import { DELIVERABLE_LIST_MORE_BLOCK, DeliverableActions, DeliverableBlocks } from '../../src/deliverables/ids';
import { DeliverableModel } from '../../src/deliverables/model';
import { deliverableReminderSource } from '../../src/deliverables/reminders';
import { NotificationModel } from '../../src/scheduler/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { checkMessage } from '../support/fake-slack';
import { findBlockId } from '../support/blocks';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';

/** Deliverables end to end: signed requests into the real Bolt app, the fake Slack Web API, a real database. */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const OWNER = 'UOWNER001';
const STRANGER = 'USTRANGE1';
const NOW = new Date('2026-03-02T15:00:00Z'); // Monday 09:00 in Chicago

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  env: { TZ: 'America/New_York' },
  seed: async () => {
    await CommissionModel.create({
      key: 'healthcare',
      name: 'Healthcare',
      channelId: 'C0HEALTH',
      leads: [LEAD],
      timeZone: 'America/Chicago',
    });
    await CommissionModel.create({ key: 'automotive', name: 'Automotive', leads: [] });
  },
});

async function openAddForm(text = 'deliverable add healthcare', userId = LEAD): Promise<string> {
  await h().slack.command('/iec', text, { userId });
  const opened = await h().fake.waitFor('views.open');
  return viewOf(opened).id;
}

/** The block_id of the block holding `actionId`'s button for record `id`. */
const buttonBlockOf = (message: { blocks?: unknown[] }, actionId: string, id: string): string =>
  findBlockId(message.blocks ?? [], id, actionId);

const lastReply = async () => (await h().fake.waitForNext('response_url')).args as { text?: string; blocks?: unknown[] };

const formValues = (over: Record<string, unknown> = {}) => ({
  [DeliverableBlocks.title]: { [DeliverableBlocks.title]: 'Externship plan' },
  [DeliverableBlocks.description]: { [DeliverableBlocks.description]: 'Summer 2026' },
  [DeliverableBlocks.owner]: { [DeliverableBlocks.owner]: OWNER },
  [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-03-20' },
  [DeliverableBlocks.linkedTypes]: { [DeliverableBlocks.linkedTypes]: ['teacher_externship'] },
  ...over,
});

describe('/iec deliverable add', () => {
  it('stores the deliverable from the modal (commission preselected from the command)', async () => {
    const viewId = await openAddForm();
    const { shown } = await submitForm(h(), { userId: LEAD, view: { id: viewId }, values: formValues() as never });
    expect(shown?.title?.text).toBe('Deliverable added');
    const stored = await DeliverableModel.find().lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      commissionKey: 'healthcare',
      title: 'Externship plan',
      description: 'Summer 2026',
      ownerId: OWNER,
      dueDate: '2026-03-20',
      status: 'open',
      linkedTypes: ['teacher_externship'],
      createdBy: LEAD,
    });
  });

  it('puts errors inline on the exact blocks', async () => {
    const viewId = await openAddForm();
    const res = await h().slack.viewSubmission({
      userId: LEAD,
      view: { id: viewId },
      values: formValues({ [DeliverableBlocks.title]: { [DeliverableBlocks.title]: '   ' } }) as never,
    });
    expect(res.json).toEqual({ response_action: 'errors', errors: { [DeliverableBlocks.title]: 'Give the deliverable a title.' } });

    expect(await DeliverableModel.countDocuments()).toBe(0);
  });

  it('takes a past due date (late work from before the app): stored as overdue, and the form and its answer say so', async () => {
    const viewId = await openAddForm();
    const opened = h().fake.lastCall('views.open')?.response?.view as { blocks: Array<{ block_id?: string; hint?: { text: string } }> };
    expect(opened.blocks.find((b) => b.block_id === DeliverableBlocks.dueDate)?.hint?.text).toContain('in the past is fine');
    const past = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewId },
      values: formValues({ [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-02-27' } }) as never,
    });
    const answer = JSON.stringify(past.shown);
    expect(answer).toMatch(/was due <!date\^\d+\^\{date_short_pretty\}\|2026-02-27>, so it is :warning: \*overdue\*/);
    expect(answer).toContain('(Healthcare)');
    expect(await DeliverableModel.findOne().lean()).toMatchObject({ dueDate: '2026-02-27', status: 'open' });
    await h().slack.command('/iec', 'deliverables healthcare overdue', { userId: LEAD });
    expect(JSON.stringify((await lastReply()).blocks)).toContain('3 days overdue');
  });

  it('refuses a lead adding to another commission, inline, and strangers before the form opens', async () => {
    const viewId = await openAddForm('deliverable add');
    // a refusal that needs the database: the form again, the reason under the commission
    const { shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewId },
      values: formValues({ [DeliverableBlocks.commission]: { [DeliverableBlocks.commission]: 'automotive' } }) as never,
    });
    const ids = shown?.blocks.map((b) => b.block_id) ?? [];
    expect(ids[ids.indexOf(DeliverableBlocks.commission) + 1]).toBe(`form_warning:${DeliverableBlocks.commission}`);
    expect(JSON.stringify(shown?.blocks)).toContain('only the leads of Automotive');
    expect(await DeliverableModel.countDocuments()).toBe(0);

    await h().slack.command('/iec', 'deliverable add', { userId: STRANGER });
    expect((await lastReply()).text).toContain('only for Industry Engagement Coordinators');
    expect(h().fake.callsTo('views.open')).toHaveLength(1);
  });

  it('suggests the nearest commission for a typo', async () => {
    await h().slack.command('/iec', 'deliverable add helthcare', { userId: LEAD });
    expect((await lastReply()).text).toContain('Did you mean `healthcare`');
  });
});

describe('/iec deliverables', () => {
  const seed = (n: number, over: Record<string, unknown> = {}) =>
    DeliverableModel.insertMany(
      Array.from({ length: n }, (_, i) => ({
        commissionKey: 'healthcare',
        title: `Deliverable ${String(i).padStart(2, '0')}`,
        ownerId: OWNER,
        dueDate: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        createdBy: LEAD,
        ...over,
      })),
    );

  it('lists with buttons; Mark done closes it and redraws the list it was pressed on, besides the confirmation (#17)', async () => {
    const [d, other] = await seed(2, { dueDate: '2026-02-20' });
    await h().slack.command('/iec', 'deliverables healthcare overdue', { userId: LEAD });
    const reply = await lastReply();
    expect(checkMessage(reply)).toEqual([]);
    expect(JSON.stringify(reply.blocks)).toContain('10 days overdue');
    expect(JSON.stringify(reply.blocks)).toContain('1–2 of 2');

    const since = h().fake.callsTo('response_url').length;
    await h().slack.blockAction({
      userId: LEAD,
      actionId: DeliverableActions.markDone,
      blockId: buttonBlockOf(reply, DeliverableActions.markDone, String(d._id)),
      value: String(d._id),
      ephemeral: true,
    });
    await h().fake.waitFor(
      'response_url',
      (c) => h().fake.callsTo('response_url').indexOf(c) >= since && c.args.replace_original === false,
    );
    const answers = h().fake.callsTo('response_url').slice(since);
    const redrawn = answers.find((c) => c.args.replace_original === true)?.args as { text?: string; blocks?: unknown[] };
    expect(redrawn).toBeDefined();
    expect(checkMessage(redrawn)).toEqual([]);
    // the same page (healthcare, overdue) as it is now: the done one is gone, the other still there
    expect(JSON.stringify(redrawn.blocks)).toContain('1–1 of 1');
    expect(JSON.stringify(redrawn.blocks)).toContain(String(other.title));
    expect(JSON.stringify(redrawn.blocks)).not.toContain(String(d.title));
    expect(answers.find((c) => c.args.replace_original === false)?.args.text).toContain(`*${String(d.title)}* is done`);
    expect(await DeliverableModel.findById(d._id).lean()).toMatchObject({ status: 'done', completedAt: NOW });
  });

  it('Archive on a row (behind the confirm dialog) archives it, redraws the list without it and answers with Restore, which brings it back in place; audited; checked on the click', async () => {
    const [d, other] = await seed(2);
    await h().slack.command('/iec', 'deliverables healthcare all', { userId: LEAD });
    const reply = await lastReply();
    expect(checkMessage(reply)).toEqual([]);
    const blockId = buttonBlockOf(reply, DeliverableActions.archive, String(d._id));
    const row = (reply.blocks as Array<{ block_id?: string; elements?: Array<{ action_id?: string; confirm?: unknown }> }>).find(
      (b) => b.block_id === blockId,
    );
    expect(row?.elements?.find((e) => e.action_id === DeliverableActions.archive)?.confirm).toBeDefined();

    // someone who does not lead Healthcare is refused on the click, and nothing changes
    await h().slack.blockAction({ userId: OWNER, actionId: DeliverableActions.archive, blockId, value: String(d._id), ephemeral: true });
    expect((await lastReply()).text).toMatch(/Sorry|only|lead/i);
    expect((await DeliverableModel.findById(d._id).lean())?.archivedAt).toBeFalsy();

    const since = h().fake.callsTo('response_url').length;
    await h().slack.blockAction({ userId: LEAD, actionId: DeliverableActions.archive, blockId, value: String(d._id), ephemeral: true });
    await h().fake.waitFor(
      'response_url',
      (c) => h().fake.callsTo('response_url').indexOf(c) >= since && c.args.replace_original === false,
    );
    const answers = h().fake.callsTo('response_url').slice(since);
    const redrawn = answers.find((c) => c.args.replace_original === true)?.args as { text?: string; blocks?: unknown[] };
    expect(checkMessage(redrawn)).toEqual([]);
    expect(JSON.stringify(redrawn.blocks)).toContain('1–1 of 1');
    expect(JSON.stringify(redrawn.blocks)).toContain(String(other.title));
    expect(JSON.stringify(redrawn.blocks)).not.toContain(String(d.title));
    const told = answers.find((c) => c.args.replace_original === false)?.args as { text?: string; blocks?: unknown[] };
    expect(checkMessage(told)).toEqual([]);
    expect(told.text).toBe(`Archived the deliverable ${String(d.title)}.`);
    expect(await DeliverableModel.findById(d._id).lean()).toMatchObject({ archivedAt: NOW, archivedBy: LEAD });
    expect(await AuditEntryModel.findOne({ action: 'archived deliverable' }).lean()).toMatchObject({
      by: LEAD,
      subject: String(d.title),
      commissionKey: ['healthcare'],
    });

    // Restore on the answer replaces it, with Archive again
    const restoreBlock = buttonBlockOf(told, DeliverableActions.restore, String(d._id));
    await h().slack.blockAction({
      userId: LEAD,
      actionId: DeliverableActions.restore,
      blockId: restoreBlock,
      value: String(d._id),
      ephemeral: true,
    });
    const restored = await lastReply();
    expect(checkMessage(restored)).toEqual([]);
    expect((restored as { replace_original?: boolean }).replace_original).toBe(true);
    expect(restored.text).toBe(`Restored the deliverable ${String(d.title)}.`);
    buttonBlockOf(restored, DeliverableActions.archive, String(d._id));
    expect((await DeliverableModel.findById(d._id).lean())?.archivedAt).toBeFalsy();
    expect(await AuditEntryModel.countDocuments({ action: 'restored deliverable' })).toBe(1);
    await h().slack.command('/iec', 'deliverables healthcare all', { userId: LEAD });
    expect(JSON.stringify((await lastReply()).blocks)).toContain(String(d.title));
  });

  it("flags, to an administrator, the rows whose owner's Slack account is deactivated, with how to hand the work over (#14)", async () => {
    forgetAccountStatuses();
    const GONE = 'UGONE0001';
    h().fake.addUser({ id: OWNER, name: 'owner' });
    h().fake.addUser({ id: GONE, name: 'gone', deleted: true });
    await seed(1);
    await seed(1, { ownerId: GONE, title: 'Left behind' });
    await h().slack.command('/iec', 'deliverables healthcare', { userId: ADMIN });
    const listed = await lastReply();
    expect(checkMessage(listed)).toEqual([]);
    const rows = (listed.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section');
    const gone = rows.find((b) => b.text?.text.includes('Left behind'));
    const kept = rows.find((b) => b.text?.text.includes('Deliverable 00'));
    expect(gone?.text?.text).toContain(
      `:warning: <@${GONE}>'s Slack account is deactivated: hand their work over with \`/iec reassign <@${GONE}> @someone\``,
    );
    expect(kept?.text?.text).not.toContain('deactivated');
    // a lead is not shown it (the administrators hand work over across commissions), and Slack is asked once per person
    await h().slack.command('/iec', 'deliverables healthcare', { userId: LEAD });
    expect(JSON.stringify((await lastReply()).blocks)).not.toContain('deactivated');
    expect(
      h()
        .fake.callsTo('users.info')
        .filter((c) => c.args.user === GONE),
    ).toHaveLength(1);
  });

  it('pages 25 deliverables with Show more, every message within limits', async () => {
    await seed(25);
    await h().slack.command('/iec', 'deliverables healthcare', { userId: LEAD });
    const first = await lastReply();
    expect(checkMessage(first)).toEqual([]);
    const more = JSON.stringify(first.blocks).match(/"action_id":"deliverable_show_more","text":\{[^}]*\},"value":"((?:[^"\\]|\\.)*)"/);
    expect(more).not.toBeNull();
    const value = JSON.parse(`"${more![1]}"`) as string;
    await h().slack.blockAction({
      userId: LEAD,
      actionId: DeliverableActions.showMore,
      blockId: DELIVERABLE_LIST_MORE_BLOCK,
      value,
      ephemeral: true,
    });
    const second = await lastReply();
    expect(checkMessage(second)).toEqual([]);
    expect(JSON.stringify(second.blocks)).toContain('11–20 of 25');
  });

  it('snooze sets snoozedUntil a week ahead in the commission zone; change due date goes through a small modal', async () => {
    const [d] = await seed(1);
    const id = String(d._id);
    await h().slack.blockAction({ userId: OWNER, actionId: DeliverableActions.snooze, blockId: `x`, value: id, ephemeral: true });
    expect((await lastReply()).text).toMatch(/snoozed until <!date\^\d+\^\{date_short_pretty\}\|2026-03-09>\./);
    expect((await DeliverableModel.findById(id).lean())?.snoozedUntil).toBe('2026-03-09');

    await h().slack.blockAction({ userId: LEAD, actionId: DeliverableActions.changeDue, blockId: 'x', value: id, ephemeral: true });
    const opened = await h().fake.waitFor('views.open');
    const { shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewOf(opened).id },
      values: { [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-04-01' } },
    });
    expect(shown?.title?.text).toBe('Due date changed');
    expect(JSON.stringify(shown)).toMatch(/is now due <!date\^\d+\^\{date_short_pretty\}\|2026-04-01>\./);
    expect(await DeliverableModel.findById(id).lean()).toMatchObject({ dueDate: '2026-04-01' });
    expect((await DeliverableModel.findById(id).lean())?.snoozedUntil).toBeUndefined();
  });

  it('a due date changed from a row of the list redraws that page once saved, and is confirmed there (#17)', async () => {
    const [d] = await seed(1);
    const id = String(d._id);
    await h().slack.command('/iec', 'deliverables healthcare', { userId: LEAD });
    const list = await lastReply();
    await h().slack.blockAction({
      userId: LEAD,
      actionId: DeliverableActions.changeDue,
      blockId: buttonBlockOf(list, DeliverableActions.changeDue, id),
      value: id,
      ephemeral: true,
    });
    const opened = await h().fake.waitFor('views.open');
    const since = h().fake.callsTo('response_url').length;
    await submitForm(h(), {
      userId: LEAD,
      view: { id: viewOf(opened).id },
      values: { [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-04-01' } },
    });
    const told = await h().fake.waitFor(
      'response_url',
      (c) => h().fake.callsTo('response_url').indexOf(c) >= since && c.args.replace_original === false,
    );
    expect(String(told.args.text)).toMatch(/is now due <!date\^\d+\^\{date_short_pretty\}\|2026-04-01>\./);
    const redrawn = h()
      .fake.callsTo('response_url')
      .slice(since)
      .find((c) => c.args.replace_original === true)?.args as { text?: string; blocks?: unknown[] };
    expect(checkMessage(redrawn)).toEqual([]);
    expect(JSON.stringify(redrawn.blocks)).toMatch(/due <!date\^\d+\^\{date_short_pretty\}\|2026-04-01>/);
  });

  it('the owner cannot change the due date (only leads and admins)', async () => {
    const [d] = await seed(1);
    await h().slack.blockAction({
      userId: OWNER,
      actionId: DeliverableActions.changeDue,
      blockId: 'x',
      value: String(d._id),
      ephemeral: true,
    });
    expect((await lastReply()).text).toContain('only the leads of *Healthcare*');
    expect(h().fake.callsTo('views.open')).toHaveLength(0);
  });
});

describe('deliverable reminders through the scheduler', () => {
  const runTick = (at: Date) => tick(at, schedulerDeps(h().config, h().logger, { sources: [deliverableReminderSource], owner: 'test' }));

  it('DMs the owner once at 09:00 Chicago on each reminder day; nothing once done', async () => {
    const d = await DeliverableModel.create({
      commissionKey: 'healthcare',
      title: 'Plan',
      ownerId: OWNER,
      dueDate: '2026-03-20',
      createdBy: LEAD,
      createdAt: NOW,
    });
    const dm = h().fake.dmChannelFor(OWNER);
    const sentTo = () =>
      h()
        .fake.callsTo('chat.postMessage')
        .filter((c) => c.ok && c.args.channel === dm);

    await runTick(new Date('2026-03-17T13:59:00Z'));
    expect(sentTo()).toHaveLength(0);
    await runTick(new Date('2026-03-17T14:00:00Z'));
    await runTick(new Date('2026-03-17T14:01:00Z'));
    expect(sentTo()).toHaveLength(1);
    expect(String(sentTo()[0].args.text)).toContain('due 2026-03-20');

    await runTick(new Date('2026-03-20T14:00:00Z'));
    expect(sentTo()).toHaveLength(2);
    expect(String(sentTo()[1].args.text)).toContain('due today');

    await DeliverableModel.updateOne({ _id: d._id }, { status: 'done' });
    await runTick(new Date('2026-03-27T14:00:00Z'));
    expect(sentTo()).toHaveLength(2);
    expect(await NotificationModel.countDocuments({ status: 'sent' })).toBe(2);
  });

  it('Mark done on a reminder DM replaces that DM: what was done, the deliverable as it is now, no button to do it again (#17)', async () => {
    const d = await DeliverableModel.create({
      commissionKey: 'healthcare',
      title: 'Externship plan',
      ownerId: OWNER,
      dueDate: '2026-03-20',
      createdBy: LEAD,
      createdAt: NOW,
    });
    const dm = h().fake.dmChannelFor(OWNER);
    await runTick(new Date('2026-03-17T14:00:00Z'));
    const reminder = h()
      .fake.callsTo('chat.postMessage')
      .find((c) => c.ok && c.args.channel === dm);
    const ts = String((reminder?.response as { ts?: string } | undefined)?.ts);
    const posted = h().fake.message(dm, ts);
    expect(posted).toBeDefined();
    h().setNow(new Date('2026-03-17T15:00:00Z'));
    const since = h().fake.callsTo('response_url').length;
    await h().slack.blockAction({
      userId: OWNER,
      actionId: DeliverableActions.markDone,
      blockId: buttonBlockOf(posted as { blocks?: unknown[] }, DeliverableActions.markDone, String(d._id)),
      value: String(d._id),
      channelId: dm,
      message: { ts },
    });
    await h().fake.waitFor('response_url', (c) => h().fake.callsTo('response_url').indexOf(c) >= since);
    await h().idle();
    const answers = h().fake.callsTo('response_url').slice(since);
    expect(answers).toHaveLength(1);
    expect(answers[0].args.replace_original).toBe(true);
    expect(checkMessage(answers[0].args as never)).toEqual([]);
    const now = h().fake.message(dm, ts);
    const shown = JSON.stringify(now?.blocks);
    expect(shown).toContain('*Externship plan* is done. Thank you!');
    expect(shown).toContain('*Healthcare*');
    expect(shown).toContain('· done');
    expect(shown).not.toContain(DeliverableActions.markDone);
    expect(shown).not.toContain(DeliverableActions.snooze);
    expect(shown).toContain(DeliverableActions.details);
    expect(await DeliverableModel.findById(d._id).lean()).toMatchObject({ status: 'done' });
  });
});
