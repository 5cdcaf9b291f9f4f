import { resolveActor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { ACTION } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { DeliverableModel } from '../../src/deliverables/model';
import { createDeliverable } from '../../src/deliverables/service';
import { DeliverableActions } from '../../src/deliverables/ids';
import { followUpSource } from '../../src/followups/source';
import { AttendanceActions, MeetingActions } from '../../src/meetings/ids';
import { MemberActions } from '../../src/members/ids';
import { MemberModel } from '../../src/members/model';
import { MeetingModel } from '../../src/meetings/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { storedFields } from '../commitments/fixtures';
import { PartnerModel } from '../../src/partners/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { events } from '../support/slack-requests';

/**
 * Commission keys are what people type (`/iec deliverables construction`); everything people read names the
 * commission ("Construction/Sustainability"). Each surface below is rendered by the real app through signed
 * requests, and every text in its Block Kit is scanned for a key outside the `code` of a suggested command.
 */

const ADMIN = 'UADMIN0001';
const LEAD = 'ULEAD00001';
const OTHER_LEAD = 'ULEAD00002';
const CONTACT = 'UCONTACT01';
const NY = 'America/New_York';
const NOW = new Date('2026-10-21T15:00:00Z');
const KEYS = ['construction', 'healthcare'];

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  env: { TZ: NY },
  seed: async () => {
    await CommissionModel.create([
      { key: 'construction', name: 'Construction/Sustainability', leads: [LEAD], timeZone: NY },
      { key: 'healthcare', name: 'Health Sciences', leads: [OTHER_LEAD], timeZone: NY },
    ]);
    await PartnerModel.create({
      name: 'Con Edison',
      commissions: ['construction'],
      contacts: [{ name: 'Pat Lee', slackUserId: CONTACT }],
      status: 'active',
    });
  },
});

/** Every text a person reads in a message or view: text objects, fallback text, alt text, titles. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) {
    for (const v of value) textsOf(v, out);
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'text' || k === 'alt_text') && typeof v === 'string') out.push(v);
    else textsOf(v, out);
  }
  return out;
}

/** The keys shown to a person: a key anywhere but in `code` (a command to type), as a word of its own. */
function keysShown(surface: unknown): string[] {
  const texts = textsOf(surface).map((t) => t.replace(/`[^`]*`/g, ''));
  return texts.filter((t) => KEYS.some((key) => new RegExp(`(^|[^\\w/-])${key}($|[^\\w-])`).test(t)));
}

/** A text with every Slack date token taken out: what is left must not show an ISO date (`2026-10-20`). */
const bareDates = (texts: string[]): string[] =>
  texts.map((t) => t.replace(/<!date\^[^>]*>/g, '')).filter((t) => /\d{4}-\d{2}-\d{2}/.test(t));

const conEd = async () => (await PartnerModel.findOne({ name: 'Con Edison' }).lean())!._id;

/** The first call to `method` after the first `since` calls. */
const next = (method: string, since: number, match: (c: FakeSlackCall) => boolean = () => true) =>
  h().fake.waitFor(method, (c) => h().fake.calls.indexOf(c) >= since && match(c), 15_000);

describe('commission names, not keys, where people read them', () => {
  it('the scan finds a key where one is shown (and not in a command to type)', () => {
    expect(
      keysShown({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Spring meeting · construction · now' } }] }),
    ).toHaveLength(1);
    expect(keysShown({ text: 'only the leads of *healthcare* can' })).toHaveLength(1);
    expect(keysShown({ text: 'see `/iec deliverables construction` · Construction/Sustainability' })).toEqual([]);
  });

  it('the partner list names the commissions of each partner', async () => {
    const since = h().fake.calls.length;
    await h().slack.command('/iec', 'partner list', { userId: ADMIN });
    const reply = await next('response_url', since);
    expect(checkMessage(reply.args)).toEqual([]);
    expect(JSON.stringify(reply.args.blocks)).toContain('Construction/Sustainability');
    expect(keysShown(reply.args)).toEqual([]);
  });

  it('the follow-up DM names the commission', async () => {
    await CommitmentModel.create(storedFields(await conEd(), 'Con Edison', { startDate: '2026-10-20', status: 'pledged' }));
    await tick(NOW, schedulerDeps(h().config, h().logger, { sources: [followUpSource], owner: 'test' }));
    const dm = h()
      .fake.callsTo('chat.postMessage')
      .find((c) => c.ok && c.args.channel === h().fake.dmChannelFor(CONTACT));
    expect(dm).toBeDefined();
    expect(checkMessage(dm!.args)).toEqual([]);
    expect(textsOf(dm!.args).join('\n')).toContain('Construction/Sustainability');
    expect(keysShown(dm!.args)).toEqual([]);
  });

  it("the meeting's reschedule form and the deliverable's owner and due-date forms name the commission", async () => {
    const m = await MeetingModel.create({
      commissionKey: 'construction',
      title: 'Spring meeting',
      startsAt: new Date('2026-11-10T15:00:00Z'),
      durationMinutes: 60,
      createdBy: LEAD,
      revisedAt: NOW,
    });
    const d = await createDeliverable(
      await resolveActor(LEAD, [ADMIN]),
      { commissionKey: 'construction', title: 'Externship plan', description: '', ownerId: LEAD, dueDate: '2026-11-20', linkedTypes: [] },
      NOW,
    );
    const opened: FakeSlackCall[] = [];
    for (const [actionId, value] of [
      [MeetingActions.reschedule, String(m._id)],
      [DeliverableActions.changeOwner, String(d._id)],
      [DeliverableActions.changeDue, String(d._id)],
    ]) {
      const since = h().fake.calls.length;
      await h().slack.blockAction({ userId: LEAD, actionId, blockId: 'row', value, ephemeral: true });
      opened.push(await next('views.open', since));
    }
    for (const call of opened) {
      expect(call.ok).toBe(true);
      expect(checkView(call.args.view)).toEqual([]);
      expect(textsOf(call.args.view).join('\n')).toContain('Construction/Sustainability');
      expect(keysShown(call.args.view)).toEqual([]);
    }
  });

  it("a partner contact's Home names the commission in request lines and commitment lines", async () => {
    await CommitmentModel.create(storedFields(await conEd(), 'Con Edison', { startDate: '2026-11-20' }));
    await h().slack.command('/iec', `request <@${CONTACT}> construction`, { userId: LEAD });
    await h().fake.waitFor('response_url', (c) => String(c.args.text).includes('I asked'), 15_000);
    const since = h().fake.calls.length;
    await h().slack.event(events.appHomeOpened(CONTACT));
    const published = await next('views.publish', since, (c) => c.args.user_id === CONTACT);
    expect(checkView(published.args.view)).toEqual([]);
    const texts = textsOf(published.args.view).join('\n');
    expect(texts).toContain('commits for *Construction/Sustainability*');
    expect(texts).toContain('Con Edison');
    expect(keysShown(published.args.view)).toEqual([]);
  });

  it("refuses another commission's lead naming the commission", async () => {
    const c = await CommitmentModel.create(storedFields(await conEd(), 'Con Edison', { startDate: '2026-10-01' }));
    await h().slack.blockAction({
      userId: OTHER_LEAD,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'row',
      selectedOption: `${String(c._id)}:cancelled`,
      ephemeral: true,
    });
    const refusal = await h().fake.waitFor('response_url', (call) => String(call.args.text).includes(':lock:'), 15_000);
    expect(String(refusal.args.text)).toContain('only the leads of *Construction/Sustainability*');
    expect(keysShown(refusal.args)).toEqual([]);
    expect((await CommitmentModel.findById(c._id).lean())?.status).not.toBe('cancelled');
  });

  describe("surfaces that start from a record's key", () => {
    const ended = () =>
      MeetingModel.create({
        commissionKey: 'construction',
        title: 'October board meeting',
        startsAt: new Date('2026-10-20T15:00:00Z'),
        durationMinutes: 60,
        createdBy: LEAD,
        revisedAt: NOW,
      });
    const member = () =>
      MemberModel.create({
        commissionKey: 'construction',
        personKey: `slack:${CONTACT}`,
        kind: 'industry',
        startDate: '2026-09-01',
        slackUserId: CONTACT,
        name: 'Pat Lee',
        organisation: 'Con Edison',
        addedBy: LEAD,
      });
    /** The answer a button press got through its response_url. */
    const pressed = async (userId: string, actionId: string, value: string, type?: 'overflow') => {
      const since = h().fake.calls.length;
      await h().slack.blockAction({
        userId,
        actionId,
        blockId: 'row',
        value,
        ephemeral: true,
        ...(type ? { type, selectedOption: value } : {}),
      });
      return (await next('response_url', since)).args;
    };

    it("refusals name the commission: a deliverable, a meeting's cancel, a decision, a member, program rules, I attended", async () => {
      const d = await createDeliverable(
        await resolveActor(LEAD, [ADMIN]),
        { commissionKey: 'construction', title: 'Externship plan', description: '', ownerId: LEAD, dueDate: '2026-11-20', linkedTypes: [] },
        NOW,
      );
      const m = await ended();
      const pat = await member();
      const refusals = [
        await pressed(OTHER_LEAD, DeliverableActions.markDone, String(d._id)),
        await pressed(OTHER_LEAD, MeetingActions.cancel, String(m._id)),
        await pressed(OTHER_LEAD, AttendanceActions.addDecision, String(m._id)),
        await pressed(OTHER_LEAD, AttendanceActions.record, String(m._id)),
        await pressed(OTHER_LEAD, MemberActions.row, `remove:${String(pat._id)}`, 'overflow'),
        await pressed(OTHER_LEAD, AttendanceActions.claim, String(m._id)),
      ];
      const since = h().fake.calls.length;
      await h().slack.command('/iec', 'programs rules construction meetings=1', { userId: OTHER_LEAD });
      refusals.push((await next('response_url', since)).args);
      for (const refusal of refusals) {
        expect(checkMessage(refusal)).toEqual([]);
        expect(String(refusal.text)).toContain('*Construction/Sustainability*');
        expect(keysShown(refusal)).toEqual([]);
      }
      expect(await DeliverableModel.findById(d._id).lean()).toMatchObject({ status: 'open' });
      expect((await MeetingModel.findById(m._id).lean())?.status).not.toBe('cancelled');
      expect(await MemberModel.countDocuments()).toBe(1);
    });

    it("the attendance forms, the meeting's page, the year's attendance and the member list name the commission; dates are Slack dates", async () => {
      const m = await ended();
      await member();
      const opened: FakeSlackCall[] = [];
      for (const actionId of [AttendanceActions.record, AttendanceActions.addDecision]) {
        const since = h().fake.calls.length;
        await h().slack.blockAction({ userId: LEAD, actionId, blockId: 'row', value: String(m._id), ephemeral: true });
        opened.push(await next('views.open', since));
      }
      for (const call of opened) {
        expect(call.ok).toBe(true);
        expect(checkView(call.args.view)).toEqual([]);
        expect(textsOf(call.args.view).join('\n')).toContain('Construction/Sustainability');
        expect(keysShown(call.args.view)).toEqual([]);
      }
      const replies = [];
      for (const command of [`meeting show ${String(m._id)}`, 'attendance construction', 'commission members construction']) {
        const since = h().fake.calls.length;
        await h().slack.command('/iec', command, { userId: LEAD });
        replies.push((await next('response_url', since)).args);
      }
      for (const reply of replies) {
        expect(checkMessage(reply)).toEqual([]);
        expect(textsOf(reply).join('\n')).toContain('Construction/Sustainability');
        expect(keysShown(reply)).toEqual([]);
        expect(bareDates(textsOf(reply))).toEqual([]);
      }
      expect(textsOf(replies[1]).join('\n')).toContain('Attendance — Construction/Sustainability — 2026-27');
      expect(textsOf(replies[2]).join('\n')).toMatch(/since <!date\^\d+\^\{date_short_pretty\}\|2026-09-01>/);
    });
  });
});
