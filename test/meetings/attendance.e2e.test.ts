import { CommissionModel } from '../../src/commissions/model';
import { DeliverableModel } from '../../src/deliverables/model';
import { buildDigest } from '../../src/digest/service';
import { digestBlocks } from '../../src/digest/views';
import { MemberModel } from '../../src/members/model';
import { attendanceSource } from '../../src/meetings/attendance-source';
import { AttendanceModel, DecisionModel } from '../../src/meetings/attendance-model';
import { AttendanceActions, AttendanceBlocks, MeetingBlocks } from '../../src/meetings/ids';
import { MeetingModel } from '../../src/meetings/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { SchoolModel } from '../../src/schools/model';
import { checkMessage, checkView } from '../support/fake-slack';
import { useHarness } from '../support/harness';
import { isSaving, noticeOf, submitForm, warningUnder } from '../support/forms';

/**
 * Attendance, minutes and decisions end to end: the meeting ends → one prompt to the lead and one "I attended" post;
 * claims pre-ticked and counted once confirmed; working groups not formal; decisions → deliverables → next agenda;
 * per-school counts over a school year. Every message and modal is checked against Slack's schema and limits.
 */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const TEACHER = 'UTEACH001';
const CONTACT = 'UCONTACT1';
const STRANGER = 'USTRANGE1';
const CHANNEL = 'C0HEALTH';
const START = new Date('2026-03-10T14:00:00Z');
const END = new Date(START.getTime() + 90 * 60_000);
const H = 3_600_000;
const DAY = 24 * H;

let ids: { teacher: string; contact: string; ada: string; otherStaff: string; schoolA: string; schoolB: string };

const h = useHarness({
  admins: [ADMIN],
  now: new Date(END.getTime() + H),
  seed: async () => {
    await CommissionModel.create({
      key: 'healthcare',
      name: 'Healthcare',
      channelId: CHANNEL,
      leads: [LEAD],
      timeZone: 'America/New_York',
    });
    const [a, b] = await SchoolModel.create([
      { name: 'Clara Barton High School', code: '17K600' },
      { name: 'Hillcrest High School', code: '28Q505' },
    ]);
    const base = { commissionKey: 'healthcare', role: 'member', startDate: '2025-09-01', addedBy: LEAD };
    const [teacher, contact, ada, otherStaff] = await MemberModel.create([
      {
        ...base,
        personKey: `slack:${TEACHER}`,
        kind: 'school',
        slackUserId: TEACHER,
        name: 'Sam Teacher',
        schoolId: String(a._id),
        schoolName: a.name,
      },
      { ...base, personKey: `slack:${CONTACT}`, kind: 'industry', slackUserId: CONTACT, name: 'Dana Cho', organisation: 'Mount Sinai' },
      {
        ...base,
        personKey: 'email:ada@kbcc.example.edu',
        kind: 'postsecondary',
        name: 'Ada Ruiz',
        organisation: 'Kingsborough CC',
        email: 'ada@kbcc.example.edu',
      },
      {
        ...base,
        personKey: 'name:pat|',
        kind: 'school',
        name: 'Pat Coordinator',
        schoolId: String(b._id),
        schoolName: b.name,
        staffRole: 'program coordinator',
      },
    ]);
    ids = {
      teacher: String(teacher._id),
      contact: String(contact._id),
      ada: String(ada._id),
      otherStaff: String(otherStaff._id),
      schoolA: String(a._id),
      schoolB: String(b._id),
    };
  },
});

const runTick = (at: Date) => tick(at, schedulerDeps(h().config, h().logger, { sources: [attendanceSource], owner: 'test' }));
const posts = () =>
  h()
    .fake.callsTo('chat.postMessage')
    .filter((c) => c.ok);
const viewIdOf = (call: { response?: Record<string, unknown> }) => String((call.response?.view as { id?: string } | undefined)?.id);
const reply = async () => (await h().fake.waitForNext('response_url')).args as { text?: string; blocks?: unknown[] };

const meeting = (over: Record<string, unknown> = {}) =>
  MeetingModel.create({
    commissionKey: 'healthcare',
    title: 'Spring meeting',
    startsAt: START,
    durationMinutes: 90,
    createdBy: LEAD,
    revisedAt: new Date(START.getTime() - 30 * DAY),
    ...over,
  });

/** The ended meeting's posts: ticks until one past the end. */
async function meetingEnds(m: { _id: unknown }) {
  await runTick(new Date(END.getTime() - 60_000));
  expect(posts()).toHaveLength(0);
  await runTick(new Date(END.getTime() + 60_000));
  const channelPost = posts().find((c) => c.args.channel === CHANNEL);
  const dm = posts().find((c) => c.args.channel === h().fake.dmChannelFor(LEAD));
  return { channelPost, dm, id: String(m._id) };
}

async function claim(userId: string, post: { response?: Record<string, unknown> }) {
  await h().slack.blockAction({
    userId,
    actionId: AttendanceActions.claim,
    blockId: AttendanceBlocks.claim,
    channelId: CHANNEL,
    message: { ts: String(post.response?.ts) },
  });
  return reply();
}

async function openRecordForm(meetingId: string, userId = LEAD, reset = true) {
  if (reset) h().fake.reset();
  await h().slack.blockAction({
    userId,
    actionId: AttendanceActions.record,
    blockId: AttendanceBlocks.show,
    value: meetingId,
    ephemeral: true,
  });
}

it('a meeting that ends gets exactly one "I attended" post and one prompt to the lead, naming no partner in the channel', async () => {
  const m = await meeting();
  const { channelPost, dm } = await meetingEnds(m);
  expect(posts()).toHaveLength(2);
  expect(checkMessage(channelPost?.args ?? {})).toEqual([]);
  expect(checkMessage(dm?.args ?? {})).toEqual([]);
  expect(JSON.stringify(channelPost?.args.blocks)).toContain(AttendanceActions.claim);
  expect(JSON.stringify(channelPost?.args)).not.toMatch(/Mount Sinai|Dana|Kingsborough/);
  expect(JSON.stringify(dm?.args.blocks)).toContain(AttendanceActions.record);
  // later ticks (and a replica's) add nothing
  await runTick(new Date(END.getTime() + 5 * 60_000));
  await runTick(new Date(END.getTime() + DAY));
  expect(posts()).toHaveLength(2);
});

it('a cancelled meeting gets no attendance posts', async () => {
  await meeting({ status: 'cancelled' });
  await runTick(new Date(END.getTime() + 60_000));
  expect(posts()).toHaveLength(0);
});

it("a member's claim shows pre-ticked, counts only once the lead confirms it; a non-member is refused politely", async () => {
  const m = await meeting();
  const { channelPost, id } = await meetingEnds(m);
  if (!channelPost) throw new Error('no channel post');

  expect((await claim(TEACHER, channelPost)).text).toContain('Thank you: you said you attended *Spring meeting*');
  expect((await claim(TEACHER, channelPost)).text).toContain('You already said you attended');
  expect((await claim(STRANGER, channelPost)).text).toContain('only members of *Healthcare* can record their attendance here');
  expect((await AttendanceModel.findOne({ meetingId: id }).lean())?.claims).toEqual([
    expect.objectContaining({ slackUserId: TEACHER, memberId: ids.teacher, status: 'pending' }),
  ]);

  // a claim alone does not count
  await h().slack.command('/iec', 'attendance healthcare 2025-26', { userId: LEAD });
  const before = await reply();
  expect(checkMessage(before)).toEqual([]);
  expect(JSON.stringify(before.blocks)).toContain('_no school staff recorded yet_');

  // the lead's form: the claim is ticked
  await openRecordForm(id);
  const opened = await h().fake.waitFor('views.open');
  expect(checkView(opened.args.view)).toEqual([]);
  const view = opened.args.view as { blocks: Array<{ block_id?: string; element?: { initial_options?: Array<{ value: string }> } }> };
  const ticked = view.blocks.flatMap((b) => b.element?.initial_options?.map((o) => o.value) ?? []);
  expect(ticked).toEqual([ids.teacher]);
  expect(JSON.stringify(view)).toContain('said \\"I attended\\"');

  // the lead confirms the claim, adds the industry member and a guest, writes notes
  const { res, shown: savedView } = await submitForm(h(), {
    userId: LEAD,
    view: { id: viewIdOf(opened) },
    values: {
      att_m_industry_0: { att_m_industry_0: [ids.contact] },
      [AttendanceBlocks.guests]: { [AttendanceBlocks.guests]: 'Jo Visitor, City Tech' },
      [AttendanceBlocks.notes]: { [AttendanceBlocks.notes]: 'Externship plan agreed.' },
    },
  });
  expect(isSaving(res.json)).toBe(true);
  expect(savedView?.title?.text).toBe('Attendance saved');
  // confirmed under the message whose button opened the form, too
  const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('/iec meeting show'));
  expect(here.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  const saved = await AttendanceModel.findOne({ meetingId: id }).lean();
  expect(saved?.attendees.map((a) => [a.kind, a.name])).toEqual([
    ['industry', 'Dana Cho'],
    ['school', 'Sam Teacher'],
    ['guest', 'Jo Visitor'],
  ]);
  expect(saved?.claims[0].status).toBe('confirmed');
  expect(saved?.notes).toBe('Externship plan agreed.');

  await h().slack.command('/iec', 'attendance healthcare 2025-26', { userId: LEAD });
  const after = JSON.stringify((await reply()).blocks);
  expect(after).toContain('*Clara Barton High School*: 1 of 1 formal meeting');
  expect(after).not.toContain('Hillcrest');

  // the meeting, as its members see it
  await h().slack.command('/iec', 'meeting show healthcare 2026-03-10', { userId: TEACHER });
  const shown = await reply();
  expect(checkMessage(shown)).toEqual([]);
  expect(JSON.stringify(shown.blocks)).toContain('3 attended: 1 industry, 1 school staff from 1 school, 1 guest');
  expect(JSON.stringify(shown.blocks)).toContain('Externship plan agreed.');
  expect(JSON.stringify(shown.blocks)).not.toContain(AttendanceActions.record);
});

it('attendance can be corrected later, with history; a stale form is refused', async () => {
  const m = await meeting();
  const id = String(m._id);
  await openRecordForm(id);
  const first = viewIdOf(await h().fake.waitFor('views.open'));
  await submitForm(h(), { userId: LEAD, view: { id: first }, values: { att_m_school_0: { att_m_school_0: [ids.teacher] } } });
  // two forms open on the same revision: the lead's and an administrator's
  await openRecordForm(id);
  const second = await h().fake.waitFor('views.open');
  expect(JSON.stringify(second.args.view)).toContain('Recorded already');
  await openRecordForm(id, ADMIN, false);
  const adminForm = viewIdOf(await h().fake.waitForNext('views.open'));
  await submitForm(h(), {
    userId: LEAD,
    view: { id: viewIdOf(second) },
    values: { att_m_school_0: { att_m_school_0: [ids.otherStaff] }, att_m_postsecondary_0: { att_m_postsecondary_0: [ids.ada] } },
  });
  const saved = await AttendanceModel.findOne({ meetingId: id }).lean();
  expect(saved?.revision).toBe(2);
  expect(saved?.history.map((e) => ({ count: e.count, added: e.added, removed: e.removed }))).toEqual([
    { count: 1, added: ['Sam Teacher'], removed: [] },
    { count: 2, added: ['Ada Ruiz', 'Pat Coordinator'], removed: ['Sam Teacher'] },
  ]);
  // the administrator's form was opened before that correction: refused rather than overwriting it
  const stale = await submitForm(h(), {
    userId: ADMIN,
    view: { id: adminForm },
    values: { att_m_school_0: { att_m_school_0: [ids.teacher] } },
  });
  expect(warningUnder(stale.shown, AttendanceBlocks.notes)).toContain('Someone else recorded attendance');
  expect((await AttendanceModel.findOne({ meetingId: id }).lean())?.revision).toBe(2);

  await h().slack.command('/iec', `meeting show ${id}`, { userId: LEAD });
  expect(JSON.stringify((await reply()).blocks)).toContain('Corrected 1×');
});

it('attendance for a meeting that has not happened gets a specific answer and writes nothing', async () => {
  const future = await meeting({ startsAt: new Date(END.getTime() + 7 * DAY) });
  await openRecordForm(String(future._id));
  expect((await reply()).text).toContain('*Spring meeting* has not happened yet');
  expect(h().fake.callsTo('views.open')).toHaveLength(0);
  // nor through a forged submission
  const forged = await submitForm(h(), {
    userId: LEAD,
    view: {
      callback_id: 'attendance_record',
      private_metadata: JSON.stringify({ meetingId: String(future._id), revision: 0 }),
      blocks: [],
    },
  });
  expect(noticeOf(forged.shown)).toContain('has not happened yet');
  expect(await AttendanceModel.countDocuments()).toBe(0);
  // and only the leads record it
  const past = await meeting();
  await openRecordForm(String(past._id), TEACHER);
  expect((await reply()).text).toContain('only the leads of *Healthcare*');
});

it('a meeting asked for by a date that is not on the calendar gets a specific answer', async () => {
  await meeting();
  const answer = reply();
  await h().slack.command('/iec', 'meeting show healthcare 2026-02-30', { userId: LEAD });
  expect((await answer).text).toContain('`2026-02-30` is not a date on the calendar');
});

it('the "I attended" button closes 7 days after the meeting', async () => {
  const m = await meeting();
  const { channelPost } = await meetingEnds(m);
  if (!channelPost) throw new Error('no channel post');
  h().setNow(new Date(END.getTime() + 8 * DAY));
  expect((await claim(TEACHER, channelPost)).text).toContain('closed 7 days after the meeting');
  expect(await AttendanceModel.countDocuments()).toBe(0);
});

it('a decision becomes a deliverable linked to the meeting and reappears on the next agenda until done', async () => {
  const m = await meeting();
  const id = String(m._id);
  await h().slack.blockAction({
    userId: LEAD,
    actionId: AttendanceActions.addDecision,
    blockId: AttendanceBlocks.show,
    value: id,
    ephemeral: true,
  });
  const opened = await h().fake.waitFor('views.open');
  expect(checkView(opened.args.view)).toEqual([]);
  // owner without a due date: refused inline, nothing written
  const half = await submitForm(h(), {
    userId: LEAD,
    view: { id: viewIdOf(opened) },
    values: {
      [AttendanceBlocks.decisionText]: { [AttendanceBlocks.decisionText]: 'Draft the externship MOU' },
      [AttendanceBlocks.decisionOwner]: { [AttendanceBlocks.decisionOwner]: LEAD },
    },
  });
  expect(warningUnder(half.shown, AttendanceBlocks.decisionDue)).toContain('both an owner and a due date');
  expect(await DecisionModel.countDocuments()).toBe(0);
  expect(await DeliverableModel.countDocuments()).toBe(0);

  const ok = await submitForm(h(), {
    userId: LEAD,
    view: { id: viewIdOf(opened) },
    values: {
      [AttendanceBlocks.decisionText]: { [AttendanceBlocks.decisionText]: 'Draft the externship MOU' },
      [AttendanceBlocks.decisionOwner]: { [AttendanceBlocks.decisionOwner]: LEAD },
      [AttendanceBlocks.decisionDue]: { [AttendanceBlocks.decisionDue]: '2026-04-15' },
    },
  });
  expect(ok.shown?.title?.text).toBe('Decision recorded');
  const [decision] = await DecisionModel.find().lean();
  const deliverable = await DeliverableModel.findById(decision.deliverableId).lean();
  expect(deliverable).toMatchObject({
    title: 'Draft the externship MOU',
    ownerId: LEAD,
    dueDate: '2026-04-15',
    meetingId: id,
    commissionKey: 'healthcare',
  });

  // a decision without a deliverable too
  await h().slack.blockAction({
    userId: LEAD,
    actionId: AttendanceActions.addDecision,
    blockId: AttendanceBlocks.show,
    value: id,
    ephemeral: true,
  });
  const second = await h().fake.waitForNext('views.open');
  await submitForm(h(), {
    userId: LEAD,
    view: { id: viewIdOf(second) },
    values: { [AttendanceBlocks.decisionText]: { [AttendanceBlocks.decisionText]: 'Invite a nursing school to join' } },
  });

  // the next meeting's agenda lists both
  h().fake.reset();
  await h().slack.command('/iec', 'meeting schedule healthcare', { userId: LEAD });
  const form = await h().fake.waitFor('views.open');
  const agenda = JSON.stringify(form.args.view);
  expect(agenda).toContain('Open decisions:');
  expect(agenda).toContain('Draft the externship MOU (decided at Spring meeting, 2026-03-10) → deliverable, due 2026-04-15');
  expect(agenda).toContain('Invite a nursing school to join');
  expect(agenda).not.toContain('Open deliverables:'); // the MOU deliverable is listed once, as the decision

  // done deliverable → no longer open
  await DeliverableModel.updateOne({ _id: deliverable?._id }, { $set: { status: 'done' } });
  h().fake.reset();
  await h().slack.command('/iec', 'meeting schedule healthcare', { userId: LEAD });
  const later = JSON.stringify((await h().fake.waitFor('views.open')).args.view);
  expect(later).not.toContain('Draft the externship MOU');
  expect(later).toContain('Invite a nursing school to join');
});

it('/iec attendance counts formal meetings per school over a school year; working groups do not count', async () => {
  const rec = async (startsAt: Date, memberIds: string[], formal = true) => {
    const m = await meeting({ startsAt, formal, title: `Meeting ${startsAt.toISOString().slice(0, 10)}` });
    await openRecordForm(String(m._id));
    const opened = await h().fake.waitFor('views.open');
    const values: Record<string, Record<string, string[]>> = {};
    const view = opened.args.view as { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> };
    for (const b of view.blocks) {
      if (!b.block_id?.startsWith(AttendanceBlocks.membersPrefix)) continue;
      values[b.block_id] = { [b.block_id]: (b.element?.options ?? []).map((o) => o.value).filter((v) => memberIds.includes(v)) };
    }
    const { shown } = await submitForm(h(), { userId: LEAD, view: { id: viewIdOf(opened) }, values });
    expect(shown?.title?.text).toBe('Attendance saved');
  };
  await rec(new Date('2025-06-20T14:00:00Z'), [ids.teacher, ids.otherStaff]); // school year 2024-25
  await rec(new Date('2025-10-15T14:00:00Z'), [ids.teacher, ids.contact]);
  await rec(new Date('2026-01-14T15:00:00Z'), [ids.teacher, ids.otherStaff]);
  await rec(new Date('2026-02-11T15:00:00Z'), [ids.teacher, ids.otherStaff], false); // a working group
  await rec(START, [ids.contact, ids.ada]);

  await h().slack.command('/iec', 'attendance healthcare 2025-26', { userId: LEAD });
  const year = await reply();
  expect(checkMessage(year)).toEqual([]);
  const text = JSON.stringify(year.blocks);
  expect(text).toContain('*Formal meetings held* (3) · 1 working-group meeting not counted');
  expect(text).toContain('*Clara Barton High School*: 2 of 3 formal meetings');
  expect(text).toContain('*Hillcrest High School*: 1 of 3 formal meetings');
  expect(text).toContain('Dana Cho · Mount Sinai — 2 of 3');

  await h().slack.command('/iec', 'attendance healthcare 2024-25', { userId: LEAD });
  expect(JSON.stringify((await reply()).blocks)).toContain('*Clara Barton High School*: 1 of 1 formal meeting');

  await h().slack.command('/iec', 'attendance healthcare someday', { userId: LEAD });
  expect((await reply()).text).toContain('is not a school year');
  await h().slack.command('/iec', 'attendance healthcare', { userId: STRANGER });
  expect((await reply()).text).toContain('only members of *Healthcare*');
});

it('the weekly digest of the week after a meeting has an attendance line with counts and no names', async () => {
  const m = await meeting();
  await AttendanceModel.create({
    meetingId: String(m._id),
    commissionKey: 'healthcare',
    recorded: true,
    revision: 1,
    attendees: [
      { memberId: ids.contact, name: 'Dana Cho', organisation: 'Mount Sinai', kind: 'industry' },
      { memberId: ids.teacher, name: 'Sam Teacher', kind: 'school', schoolId: ids.schoolA, schoolName: 'Clara Barton High School' },
    ],
  });
  const digest = await buildDigest('healthcare', new Date('2026-03-16T13:00:00Z'), 'America/New_York');
  const blocks = digestBlocks(digest);
  expect(checkMessage({ text: 'digest', blocks })).toEqual([]);
  const text = JSON.stringify(blocks);
  expect(text).toContain("Attendance at that week's meetings");
  expect(text).toContain('*Spring meeting* (formal meeting): 2 attended: 1 industry, 1 school staff from 1 school');
  expect(text).not.toMatch(/Mount Sinai|Dana|Sam Teacher/);
  // the week after that, nothing
  expect(JSON.stringify(digestBlocks(await buildDigest('healthcare', new Date('2026-03-23T13:00:00Z'), 'America/New_York')))).not.toContain(
    'Attendance at',
  );
});

it('a working-group meeting is scheduled as not formal', async () => {
  await h().slack.command('/iec', 'meeting schedule healthcare', { userId: LEAD });
  const opened = await h().fake.waitFor('views.open');
  const { shown } = await submitForm(h(), {
    userId: LEAD,
    view: { id: viewIdOf(opened) },
    values: {
      [MeetingBlocks.title]: { [MeetingBlocks.title]: 'Curriculum working group' },
      [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-03-20' },
      [MeetingBlocks.time]: { [MeetingBlocks.time]: '10:00' },
      [MeetingBlocks.formal]: { [MeetingBlocks.formal]: [] },
    },
  });
  expect(shown?.title?.text).toBe('Meeting scheduled');
  expect(await MeetingModel.findOne({ title: 'Curriculum working group' }).lean()).toMatchObject({ formal: false });
});
