import { parse } from 'csv-parse/sync';
import { resolveActor } from '../../src/access/actor';
import { PACKET_COLUMNS, PROGRAM_EXPORT_COLUMNS } from '../../src/exports/programs';
import { reviewReminderSource } from '../../src/programs/review-reminders';
import { programLapseSource } from '../../src/programs/lapse';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { CommissionModel } from '../../src/commissions/model';
import { ACTION as COMMIT_ACTION, BLOCK as COMMIT_BLOCK, CALLBACK as COMMIT_CALLBACK } from '../../src/commitments/ids';
import { isSaving, submitForm, warningUnder } from '../support/forms';
import { CommitmentModel } from '../../src/commitments/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { createCommitment } from '../../src/commitments';
import type { CommitmentType } from '../../src/commitments';
import { recordAttendance } from '../../src/meetings/attendance';
import { MemberModel } from '../../src/members/model';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { PROGRAM_ACTIONS_BLOCK, ProgramActions, ProgramBlocks } from '../../src/programs/ids';
import { ProgramModel } from '../../src/programs/model';
import { NotificationModel } from '../../src/scheduler/model';
import { SchoolModel } from '../../src/schools/model';
import { checkMessage, checkView, type FakeSlackCall } from '../support/fake-slack';
import { useHarness } from '../support/harness';
import { events } from '../support/slack-requests';

/**
 * Programs of study end to end: a commission with programs at different stages; attendance recorded through the
 * meetings feature counts toward its school's programs; an educational provider's review is not industry evidence;
 * a review in 40 days with one industry panelist is at risk until a partner answers a panelist request. Every
 * message and modal is checked against Slack's schema and limits.
 */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const OTHER_LEAD = 'ULEAD0002';
const FORD = 'UFORD0001';
const TOYOTA = 'UTOYOTA01';
const TEACHER_AV = 'UTEACHAV1';
const TEACHER_CB = 'UTEACHCB1';
const STRANGER = 'USTRANGE1';
const PRINCIPAL_AV = 'UPRINAV01';
const NOW = new Date('2026-03-01T15:00:00Z');
const ZONE = 'America/New_York';

let ids: Record<'aviation' | 'barton' | 'ford' | 'toyota' | 'edu' | 'cuny', string>;

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create([
      { key: 'transportation', name: 'Transportation', channelId: 'C0TRANS', leads: [LEAD], timeZone: ZONE },
      { key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: [OTHER_LEAD], timeZone: ZONE },
    ]);
    const [aviation, barton] = await SchoolModel.create([
      { name: 'Aviation High School', code: '24Q610' },
      { name: 'Clara Barton High School', code: '17K600' },
    ]);
    const [ford, toyota, edu, cuny] = await PartnerModel.create([
      { name: 'Ford', kind: 'industry', commissions: ['transportation'], contacts: [{ name: 'Fay Ford', slackUserId: FORD }] },
      { name: 'Toyota', kind: 'industry', commissions: ['transportation'], contacts: [{ name: 'Toby Toyota', slackUserId: TOYOTA }] },
      { name: 'Tech Training Institute', kind: 'educational_provider', commissions: ['transportation'], contacts: [] },
      { name: 'CUNY Tech', kind: 'postsecondary', commissions: ['transportation'], contacts: [] },
    ]);
    ids = {
      aviation: String(aviation._id),
      barton: String(barton._id),
      ford: String(ford._id),
      toyota: String(toyota._id),
      edu: String(edu._id),
      cuny: String(cuny._id),
    };
    const base = { commissionKey: 'transportation', role: 'member', startDate: '2025-09-01', addedBy: LEAD, kind: 'school' };
    await MemberModel.create([
      {
        ...base,
        personKey: `slack:${TEACHER_AV}`,
        slackUserId: TEACHER_AV,
        name: 'Ava Teacher',
        schoolId: ids.aviation,
        schoolName: aviation.name,
      },
      {
        ...base,
        personKey: `slack:${PRINCIPAL_AV}`,
        slackUserId: PRINCIPAL_AV,
        name: 'Pat Principal',
        staffRole: 'administrator',
        schoolId: ids.aviation,
        schoolName: aviation.name,
      },
      {
        ...base,
        personKey: 'email:eli@aviation.nyc',
        name: 'Eli Electric',
        email: 'eli@aviation.nyc',
        staffRole: 'teacher',
        schoolId: ids.aviation,
        schoolName: aviation.name,
      },
      {
        ...base,
        personKey: `slack:${TEACHER_CB}`,
        slackUserId: TEACHER_CB,
        name: 'Cal Teacher',
        schoolId: ids.barton,
        schoolName: barton.name,
      },
    ]);
  },
});

const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);

/** The reply to `/iec <text>` by `userId`, checked against Slack's limits. */
async function iec(text: string, userId = LEAD): Promise<{ text: string; all: string }> {
  h().fake.reset();
  await h().slack.command('/iec', text, { userId });
  const reply = await h().fake.waitFor('response_url', undefined, 15_000);
  expect(checkMessage(reply.args as never)).toEqual([]);
  return { text: String(reply.args.text), all: JSON.stringify(reply.args) };
}

/** `all` with each Slack date (`<!date^…^{date_short_pretty}|YYYY-MM-DD>`) written «YYYY-MM-DD»: a bare date stays bare. */
const slackDates = (all: string) => all.replace(/<!date\^\d+\^\{date_short_pretty\}\|(\d{4}-\d\d-\d\d)>/g, '«$1»');

/** Meetings of transportation with attendance recorded by the lead, through the meetings feature's write path. */
async function meetingWithAttendance(title: string, startsAt: string, formal: boolean, teachers: string[]): Promise<void> {
  await meetingAttendedBy(title, startsAt, formal, { slackUserId: { $in: teachers } });
}

async function meetingAttendedBy(title: string, startsAt: string, formal: boolean, who: Record<string, unknown>): Promise<void> {
  const meeting = await MeetingModel.create({
    commissionKey: 'transportation',
    title,
    startsAt: new Date(startsAt),
    durationMinutes: 60,
    formal,
    createdBy: LEAD,
    status: 'scheduled',
  });
  const members = await MemberModel.find(who).lean();
  const lead = await resolveActor(LEAD, [ADMIN]);
  await recordAttendance(lead, String(meeting._id), { memberIds: members.map((m) => String(m._id)), guests: [], notes: '' }, 0, NOW);
}

/** A commitment recorded through the commitments feature's write path, against a program. */
async function pledge(
  partner: string,
  type: CommitmentType,
  programId: string | undefined,
  over: { status?: string; schools?: string[] } = {},
) {
  const admin = await resolveActor(ADMIN, [ADMIN]);
  const { commitment } = await createCommitment(
    {
      partnerId: partner,
      commissionKey: 'transportation',
      type,
      quantity: 1,
      startDate: '2026-02-01',
      schoolIds: over.schools ?? [],
      notes: '',
      ...(programId ? { programId } : {}),
    },
    admin,
    NOW,
  );
  if (over.status) await CommitmentModel.updateOne({ _id: commitment._id }, { $set: { status: over.status } });
}

async function addByCommand(text: string, userId = LEAD) {
  return iec(`program add ${text}`, userId);
}

const programId = async (name: string) => String((await ProgramModel.findOne({ name }).lean())?._id);

describe('programs of study', () => {
  it('adds programs by form and by command, shows them, and refuses bad input writing nothing', async () => {
    await h().slack.command('/iec', 'program add', { userId: LEAD, channelId: 'C0TRANS' });
    const opened = await h().fake.waitFor('views.open', undefined, 15_000);
    expect(checkView(opened.args.view)).toEqual([]);
    // typed in the commission's channel: that commission is chosen, and the form says why (#17)
    expect(JSON.stringify(opened.args.view)).toContain(
      '"hint":{"type":"plain_text","text":"Transportation is this channel\'s commission, so it is chosen; pick another to change it."',
    );
    expect(JSON.stringify(opened.args.view)).toMatch(/"initial_option":\{"text":\{"type":"plain_text","text":"Transportation"[^}]*\},"value":"transportation"\}/);
    const viewId = String((opened.response?.view as { id?: string } | undefined)?.id);
    const values = (over: Record<string, unknown> = {}) =>
      ({
        [ProgramBlocks.school]: { [ProgramBlocks.school]: '24q610' },
        [ProgramBlocks.name]: { [ProgramBlocks.name]: 'Aviation Maintenance' },
        [ProgramBlocks.commission]: { [ProgramBlocks.commission]: 'transportation' },
        [ProgramBlocks.stage]: { [ProgramBlocks.stage]: 'review_scheduled' },
        [ProgramBlocks.reviewDate]: { [ProgramBlocks.reviewDate]: '2026-04-10' },
        ...over,
      }) as never;
    const submit = (over: Record<string, unknown>) => submitForm(h(), { userId: LEAD, view: { id: viewId }, values: values(over) });

    // refused by the checks that need today or the database: under the field, nothing written
    const past = await submit({ [ProgramBlocks.reviewDate]: { [ProgramBlocks.reviewDate]: '2026-02-10' } });
    expect(warningUnder(past.shown, ProgramBlocks.reviewDate)).toContain('is in the past');
    const unknown = await submit({ [ProgramBlocks.school]: { [ProgramBlocks.school]: 'Atlantis High' } });
    expect(warningUnder(unknown.shown, ProgramBlocks.school)).toContain('I don\'t know the school "Atlantis High"');
    const renewal = await submit({
      [ProgramBlocks.stage]: { [ProgramBlocks.stage]: 'approved' },
      [ProgramBlocks.approvedDate]: { [ProgramBlocks.approvedDate]: '2025-06-01' },
      [ProgramBlocks.renewalDate]: { [ProgramBlocks.renewalDate]: '2025-01-01' },
    });
    expect(warningUnder(renewal.shown, ProgramBlocks.renewalDate)).toContain('is not after the approval date');
    expect(checkView(renewal.shown)).toEqual([]);
    expect(await ProgramModel.countDocuments()).toBe(0);

    const saved = await submit({});
    expect(isSaving(saved.res.json)).toBe(true);
    expect(saved.shown?.title?.text).toBe('Program added');
    expect(checkView(saved.shown)).toEqual([]);
    // told in the channel where /iec program add was typed, too
    const here = await h().fake.waitFor('response_url', (c) =>
      JSON.stringify(c.args).includes('Aviation Maintenance at Aviation High School'),
    );
    expect(here.args).toMatchObject({ response_type: 'ephemeral' });

    // by command
    expect((await addByCommand('17K600 "Automotive Technology" transportation development')).text).toContain(
      'Added *Automotive Technology at Clara Barton High School*',
    );
    const approved = String((await addByCommand('24Q610 Electrical transportation approved 2025-06-01 2030-06-01')).text);
    expect(approved).toMatch(
      /to \*Transportation\*: approved <!date\^\d+\^\{date_short_pretty\}\|2025-06-01>, renewal due <!date\^\d+\^\{date_short_pretty\}\|2030-06-01>\./,
    );
    // a duplicate, a renewal before approval, a past review, an unknown school, another commission's lead: refused
    expect((await addByCommand('24Q610 "Aviation maintenance" transportation development')).text).toContain('already has the program');
    expect((await addByCommand('24Q610 Welding transportation approved 2025-06-01 2024-06-01')).text).toContain(
      'is not after the approval date',
    );
    expect((await addByCommand('24Q610 Welding transportation review 2026-01-01')).text).toContain('is in the past');
    expect((await addByCommand('99X999 Welding transportation development')).text).toContain("I don't know the school");
    expect((await addByCommand('24Q610 Welding transportation development', OTHER_LEAD)).text).toContain(
      'only the leads of *Transportation*',
    );
    expect(await ProgramModel.countDocuments()).toBe(3);

    const shown = await iec('program show 24Q610 Aviation Maintenance');
    expect(shown.all).toContain('Aviation Maintenance at Aviation High School');
    expect(shown.all).toContain('review in 40 days');
    // an unknown program, an unknown school: specific answers
    expect((await iec('program show 24Q610 Plumbing')).text).toContain(
      'Aviation High School has no program "Plumbing". Its programs: *Aviation Maintenance*, *Electrical*',
    );
    expect((await iec('program show 99X999 Plumbing')).text).toContain("I don't know the school");
    // someone outside the commissions cannot see them
    expect((await iec('programs', STRANGER)).text).toContain('programs of study are for Industry Engagement Coordinators');
  });

  it('assesses readiness: attendance through the meetings feature, industry-only evidence, the panel, at risk until a panelist answers', async () => {
    await addByCommand('24Q610 "Aviation Maintenance" transportation review 2026-04-10');
    await addByCommand('17K600 "Automotive Technology" transportation development');
    const maintenance = await programId('Aviation Maintenance');
    const automotive = await programId('Automotive Technology');

    // 2025-26: two formal meetings and a working group; Aviation's teacher at both formal ones, Barton's at one
    await meetingWithAttendance('Fall board meeting', '2025-10-15T22:00:00Z', true, [TEACHER_AV, TEACHER_CB]);
    await meetingWithAttendance('Winter board meeting', '2026-01-20T22:00:00Z', true, [TEACHER_AV]);
    await meetingWithAttendance('Curriculum working group', '2026-02-10T22:00:00Z', false, [TEACHER_CB]);

    await pledge(ids.ford, 'curriculum_review', maintenance, { status: 'fulfilled' });
    await pledge(ids.ford, 'technical_assessment_review', maintenance, { status: 'fulfilled' });
    await pledge(ids.toyota, 'employability_validation', maintenance, { status: 'fulfilled' });
    await pledge(ids.ford, 'internship_hosting', undefined, { schools: [ids.aviation] });
    await pledge(ids.ford, 'review_panelist', maintenance);
    await pledge(ids.cuny, 'review_panelist', maintenance);
    // the educational provider's curriculum review of Automotive does not count as industry evidence
    await pledge(ids.edu, 'curriculum_review', automotive, { status: 'fulfilled' });
    await pledge(ids.edu, 'internship_hosting', undefined, { schools: [ids.barton] });

    const show = await iec('program show 17K600 Automotive Technology');
    expect(show.all).toContain(':x: Curriculum reviewed: none (1 other not by industry, not counted)');
    expect(slackDates(show.all)).toContain('Tech Training Institute («2026-02-01», done) — not industry, not counted');
    expect(show.all).toContain(':x: School staff at formal meetings: 1 of 2 formal meetings');
    expect(show.all).toContain(':x: Work-based learning: 0 industry commitments');

    const detail = await iec('program show 24Q610 Aviation Maintenance');
    expect(detail.all).toContain(':white_check_mark: School staff at formal meetings: 2 of 2 formal meetings');
    expect(slackDates(detail.all)).toContain('Fall board meeting («2025-10-15»)');
    expect(detail.all).not.toContain('Curriculum working group');
    expect(detail.all).toContain(':x: External review panel: 1 industry organisation of 2, 1 of 1 postsecondary');
    expect(detail.all).toContain('Ford (industry), CUNY Tech (postsecondary)');

    const atRisk = await iec('programs at-risk');
    expect(atRisk.all).toContain('Aviation Maintenance');
    expect(atRisk.all).toContain('the review panel needs 1 more industry panelist');
    expect(atRisk.all).not.toContain('Automotive Technology');

    // the lead asks Toyota's contact to serve on the panel; the answer records the commitment against the program
    h().fake.reset();
    await h().slack.command('/iec', `request <@${TOYOTA}> panelist 24Q610 Aviation Maintenance`, { userId: LEAD });
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(TOYOTA), 15_000);
    expect(checkMessage(dm.args as never)).toEqual([]);
    expect(String(dm.args.text)).toContain('external review panelist for Aviation Maintenance at Aviation High School');
    const told = await h().fake.waitFor('response_url');
    expect(String(told.args.text)).toContain('to serve as external review panelist for *Aviation Maintenance at Aviation High School*');
    await h().slack.blockAction({
      userId: TOYOTA,
      channelId: String(dm.args.channel),
      message: { ts: String(dm.response?.ts) },
      actionId: COMMIT_ACTION.openRequest,
      blockId: COMMIT_BLOCK.requestActions,
    });
    const opened = await h().fake.waitFor('views.open');
    expect(checkView(opened.args.view)).toEqual([]);
    expect(JSON.stringify(opened.args.view)).toContain('External review panelist');
    const form = opened.response?.view as { id: string };
    const answer = await submitForm(h(), {
      userId: TOYOTA,
      view: { id: form.id },
      values: {
        [COMMIT_BLOCK.commission]: { [COMMIT_ACTION.commission]: 'transportation' },
        [COMMIT_BLOCK.type]: { [COMMIT_ACTION.type]: 'review_panelist' },
        [COMMIT_BLOCK.quantity]: { [COMMIT_ACTION.quantity]: '1' },
        [COMMIT_BLOCK.startDate]: { [COMMIT_ACTION.startDate]: '2026-04-10' },
      } as never,
    });
    // the form helper answers "Saving…", then shows the recorded commitment in the modal
    expect(answer.shown?.callback_id).toBe(COMMIT_CALLBACK.done);
    expect(await CommitmentModel.findOne({ partnerId: ids.toyota, type: 'review_panelist' }).lean()).toMatchObject({
      programId: maintenance,
      recordedBy: TOYOTA,
    });

    const after = await iec('programs at-risk');
    expect(after.text).toContain('No program of every commission is at risk');
    const ready = await iec('program show 24Q610 Aviation Maintenance');
    expect(ready.all).toContain(':white_check_mark: External review panel: 2 industry organisations of 2, 1 of 1 postsecondary');
  });

  it('program contacts in Slack and by email; school staff attendance counts for the programs they take part in', async () => {
    await h().slack.command('/iec', 'program add', { userId: LEAD, channelId: 'C0TRANS' });
    const opened = await h().fake.waitFor('views.open', undefined, 15_000);
    expect(checkView(opened.args.view)).toEqual([]);
    const viewId = String((opened.response?.view as { id?: string } | undefined)?.id);
    const submit = async (name: string, contacts: string[], byEmail: string) => {
      const { res, shown } = await submitForm(h(), {
        userId: LEAD,
        view: { id: viewId },
        values: {
          [ProgramBlocks.school]: { [ProgramBlocks.school]: '24Q610' },
          [ProgramBlocks.name]: { [ProgramBlocks.name]: name },
          [ProgramBlocks.commission]: { [ProgramBlocks.commission]: 'transportation' },
          [ProgramBlocks.stage]: { [ProgramBlocks.stage]: 'development' },
          [ProgramBlocks.contacts]: { [ProgramBlocks.contacts]: contacts },
          [ProgramBlocks.emailContacts]: { [ProgramBlocks.emailContacts]: byEmail },
        } as never,
      });
      return shown ? { saved: shown.title?.text } : res.json;
    };
    // a line without an email is named inline; nothing is written
    expect(await submit('Electrical', [], 'Eli Electric\nDana Diesel <dana@aviation.nyc>')).toMatchObject({
      response_action: 'errors',
      errors: { [ProgramBlocks.emailContacts]: expect.stringContaining('Line 1 ("Eli Electric") has no valid email') },
    });
    expect(await submit('Electrical', [], 'eli@aviation.nyc\nEli again, ELI@aviation.nyc')).toMatchObject({
      response_action: 'errors',
      errors: { [ProgramBlocks.emailContacts]: 'eli@aviation.nyc is there twice.' },
    });
    expect(await ProgramModel.countDocuments()).toBe(0);
    expect(await submit('Electrical', [], 'Eli Electric <Eli@Aviation.nyc>')).toEqual({ saved: 'Program added' });
    expect((await ProgramModel.findOne({ name: 'Electrical' }).lean())?.contacts).toEqual([
      { name: 'Eli Electric', email: 'eli@aviation.nyc' },
    ]);

    h().fake.reset();
    await h().slack.command('/iec', 'program add', { userId: LEAD, channelId: 'C0TRANS' });
    const again = await h().fake.waitFor('views.open', undefined, 15_000);
    const second = String((again.response?.view as { id?: string } | undefined)?.id);
    const saved = await submitForm(h(), {
      userId: LEAD,
      view: { id: second },
      values: {
        [ProgramBlocks.school]: { [ProgramBlocks.school]: '24Q610' },
        [ProgramBlocks.name]: { [ProgramBlocks.name]: 'Aviation Maintenance' },
        [ProgramBlocks.commission]: { [ProgramBlocks.commission]: 'transportation' },
        [ProgramBlocks.stage]: { [ProgramBlocks.stage]: 'development' },
        [ProgramBlocks.contacts]: { [ProgramBlocks.contacts]: [TEACHER_AV] },
      } as never,
    });
    expect(saved.shown?.title?.text).toBe('Program added');
    await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Aviation Maintenance at Aviation High School'));

    // the Maintenance teacher at the fall meeting, the Electrical teacher (a member by email) at the winter one, the
    // principal (contact of no program) at the spring one: each teacher counts for their program, the principal for both
    await meetingWithAttendance('Fall board meeting', '2025-10-15T22:00:00Z', true, [TEACHER_AV]);
    await meetingAttendedBy('Winter board meeting', '2026-01-20T22:00:00Z', true, { email: 'eli@aviation.nyc' });
    await meetingWithAttendance('Spring board meeting', '2026-02-20T22:00:00Z', true, [PRINCIPAL_AV]);

    const maintenance = await iec('program show 24Q610 Aviation Maintenance');
    expect(maintenance.all).toContain(':white_check_mark: School staff at formal meetings: 2 of 2 formal meetings');
    expect(slackDates(maintenance.all)).toContain('Fall board meeting («2025-10-15»): Ava Teacher');
    expect(slackDates(maintenance.all)).toContain('Spring board meeting («2026-02-20»): Pat Principal');
    expect(maintenance.all).not.toContain('Winter board meeting');
    expect(maintenance.all).toContain(`<@${TEACHER_AV}>`);
    const electrical = await iec('program show 24Q610 Electrical');
    expect(slackDates(electrical.all)).toContain('Winter board meeting («2026-01-20»): Eli Electric');
    expect(electrical.all).not.toContain('Fall board meeting');
    expect(electrical.all).toContain('Eli Electric (eli@aviation.nyc)');

    // the change form shows the contacts outside Slack as they were given, and keeps them
    const id = await programId('Electrical');
    h().fake.reset();
    await h().slack.blockAction({ userId: LEAD, actionId: ProgramActions.edit, blockId: PROGRAM_ACTIONS_BLOCK, value: id });
    const edit = await h().fake.waitFor('views.open', undefined, 15_000);
    expect(checkView(edit.args.view)).toEqual([]);
    expect(JSON.stringify(edit.args.view)).toContain('Eli Electric <eli@aviation.nyc>');
    // saved at the revision it showed, the school kept; confirmed under the message whose button opened it
    const changed = await submitForm(h(), {
      userId: LEAD,
      view: { id: String((edit.response?.view as { id?: string } | undefined)?.id) },
      values: {
        [ProgramBlocks.name]: { [ProgramBlocks.name]: 'Electrical Installation' },
        [ProgramBlocks.commission]: { [ProgramBlocks.commission]: 'transportation' },
        [ProgramBlocks.stage]: { [ProgramBlocks.stage]: 'development' },
        [ProgramBlocks.emailContacts]: { [ProgramBlocks.emailContacts]: 'Eli Electric <eli@aviation.nyc>' },
      } as never,
    });
    expect(changed.shown?.title?.text).toBe('Program changed');
    expect(await ProgramModel.findById(id).lean()).toMatchObject({
      name: 'Electrical Installation',
      revision: 1,
      schoolName: 'Aviation High School',
    });
  });

  it('records program support through /commit: the program picker, and a program-support type needs a program of its commission', async () => {
    await addByCommand('24Q610 "Aviation Maintenance" transportation review 2026-04-10');
    await addByCommand('17K600 "Automotive Technology" transportation development');
    await addByCommand('17K600 Nursing healthcare development', OTHER_LEAD);
    const maintenance = await programId('Aviation Maintenance');

    h().fake.reset();
    await h().slack.command('/commit', 'Ford', { userId: LEAD, channelId: 'C0TRANS' });
    const opened = await h().fake.waitFor('views.open', undefined, 15_000);
    expect(checkView(opened.args.view)).toEqual([]);
    const form = opened.response?.view as { id: string };
    // the picker offers the programs of the form's commission whose name or school matches what is typed
    const pick = async (value: string) =>
      (
        await h().slack.options({
          userId: LEAD,
          actionId: COMMIT_ACTION.program,
          blockId: COMMIT_BLOCK.program,
          value,
          view: { id: form.id },
        })
      ).json as { options: Array<{ text: { text: string }; value: string }> };
    expect((await pick('')).options.map((o) => o.text.text)).toEqual([
      'Aviation Maintenance at Aviation High School',
      'Automotive Technology at Clara Barton High School',
    ]);
    expect((await pick('aviation maint')).options.map((o) => o.value)).toEqual([maintenance]);
    expect((await pick('barton')).options.map((o) => o.text.text)).toEqual(['Automotive Technology at Clara Barton High School']);

    const values = (type: string, program?: string) =>
      ({
        [COMMIT_BLOCK.partner]: { [COMMIT_ACTION.partner]: ids.ford },
        [COMMIT_BLOCK.commission]: { [COMMIT_ACTION.commission]: 'transportation' },
        [COMMIT_BLOCK.type]: { [COMMIT_ACTION.type]: type },
        [COMMIT_BLOCK.quantity]: { [COMMIT_ACTION.quantity]: '1' },
        [COMMIT_BLOCK.startDate]: { [COMMIT_ACTION.startDate]: '2026-02-15' },
        ...(program ? { [COMMIT_BLOCK.program]: { [COMMIT_ACTION.program]: program } } : {}),
      }) as never;
    const refusal = async (type: string, program?: string) => {
      const answer = await submitForm(h(), { userId: LEAD, view: { id: form.id }, values: values(type, program) });
      expect(checkView(answer.shown)).toEqual([]);
      return warningUnder(answer.shown, COMMIT_BLOCK.program);
    };
    expect(await refusal('curriculum_review')).toContain('A curriculum review supports one program of study: pick it.');
    expect(await refusal('internship_hosting', maintenance)).toContain('Only program support');
    expect(await refusal('curriculum_review', await programId('Nursing'))).toContain(
      'Nursing at Clara Barton High School is a program of Healthcare, not of Transportation: pick that commission, or another program.',
    );
    expect(await CommitmentModel.countDocuments()).toBe(0);

    const saved = await submitForm(h(), { userId: LEAD, view: { id: form.id }, values: values('curriculum_review', maintenance) });
    expect(saved.shown?.callback_id).toBe(COMMIT_CALLBACK.done);
    // told where /commit was typed; then the program counts it
    expect(String((await h().fake.waitFor('response_url')).args.text)).toContain('Commitment recorded: Ford, Curriculum review');
    expect(await CommitmentModel.findOne({ type: 'curriculum_review' }).lean()).toMatchObject({
      programId: maintenance,
      partnerName: 'Ford',
    });
    expect(slackDates((await iec('program show 24Q610 Aviation Maintenance')).all)).toContain('Curriculum review: Ford («2026-02-15», planned)');
  });

  it("offers a partner contact only the programs of their organisation's commissions in the program picker", async () => {
    await addByCommand('24Q610 "Aviation Maintenance" transportation review 2026-04-10');
    await addByCommand('17K600 "Automotive Technology" transportation development');
    await addByCommand('17K600 Nursing healthcare development', OTHER_LEAD);

    const formOf = async (userId: string) => {
      h().fake.reset();
      await h().slack.command('/commit', '', { userId, channelId: 'C0GENERAL' });
      const opened = await h().fake.waitFor('views.open', undefined, 15_000);
      expect(checkView(opened.args.view)).toEqual([]);
      return (opened.response?.view as { id: string } | undefined)?.id ?? '';
    };
    const pick = async (userId: string, viewId: string, commission: string | null, value = '') => {
      const picked = commission
        ? { type: 'static_select', selected_option: { value: commission } }
        : { type: 'static_select', selected_option: null };
      const answer = await h().slack.options({
        userId,
        actionId: COMMIT_ACTION.program,
        blockId: COMMIT_BLOCK.program,
        value,
        view: { id: viewId, state: { values: { [COMMIT_BLOCK.commission]: { [COMMIT_ACTION.commission]: picked } } } } as never,
      });
      return (answer.json as { options: Array<{ text: { text: string } }> }).options.map((o) => o.text.text);
    };

    // an IEC with no commission picked: every program
    const iecForm = await formOf(LEAD);
    expect(await pick(LEAD, iecForm, null)).toEqual([
      'Aviation Maintenance at Aviation High School',
      'Automotive Technology at Clara Barton High School',
      'Nursing at Clara Barton High School',
    ]);
    // Ford's contact (Ford is in transportation only): transportation's programs, and none of healthcare's even when picked
    const fordForm = await formOf(FORD);
    expect(await pick(FORD, fordForm, null)).toEqual([
      'Aviation Maintenance at Aviation High School',
      'Automotive Technology at Clara Barton High School',
    ]);
    expect(await pick(FORD, fordForm, null, 'barton')).toEqual(['Automotive Technology at Clara Barton High School']);
    expect(await pick(FORD, fordForm, 'transportation', 'aviation')).toEqual(['Aviation Maintenance at Aviation High School']);
    expect(await pick(FORD, fordForm, 'healthcare')).toEqual([]);
    expect(await pick(FORD, fordForm, null, 'nursing')).toEqual([]);
    // someone who is neither an IEC nor a partner contact: nothing
    expect(await pick(STRANGER, fordForm, null)).toEqual([]);
  });

  it("refuses a hand-made submission naming a program of a commission the contact's organisation is not in", async () => {
    await addByCommand('17K600 "Automotive Technology" transportation development');
    await addByCommand('17K600 Nursing healthcare development', OTHER_LEAD);
    const [automotive, nursing] = [await programId('Automotive Technology'), await programId('Nursing')];

    h().fake.reset();
    await h().slack.command('/commit', '', { userId: FORD, channelId: 'C0GENERAL' });
    const opened = await h().fake.waitFor('views.open', undefined, 15_000);
    expect(checkView(opened.args.view)).toEqual([]);
    const form = opened.response?.view as { id: string };
    // what the picker never offers Ford's contact (test above), typed into a signed view_submission by hand
    const values = (commission: string, program: string) =>
      ({
        [COMMIT_BLOCK.commission]: { [COMMIT_ACTION.commission]: commission },
        [COMMIT_BLOCK.type]: { [COMMIT_ACTION.type]: 'curriculum_review' },
        [COMMIT_BLOCK.quantity]: { [COMMIT_ACTION.quantity]: '1' },
        [COMMIT_BLOCK.startDate]: { [COMMIT_ACTION.startDate]: '2026-02-15' },
        [COMMIT_BLOCK.program]: { [COMMIT_ACTION.program]: program },
      }) as never;
    const refused = async (commission: string, program: string) => {
      const answer = await submitForm(h(), { userId: FORD, view: { id: form.id }, values: values(commission, program) });
      expect(checkView(answer.shown)).toEqual([]);
      expect(answer.shown?.callback_id).toBe(COMMIT_CALLBACK.form);
      return warningUnder(answer.shown, COMMIT_BLOCK.program);
    };
    expect(await refused('healthcare', nursing)).toBe(
      ":warning: Nursing at Clara Barton High School is a program of Healthcare, and your organisation is not in that commission: pick a program of your organisation's commissions.",
    );
    expect(await refused('transportation', nursing)).toContain('Nursing at Clara Barton High School is a program of Healthcare, not of Transportation');
    expect(await CommitmentModel.countDocuments()).toBe(0);

    // a program of their organisation's commission records
    const saved = await submitForm(h(), { userId: FORD, view: { id: form.id }, values: values('transportation', automotive) });
    expect(saved.shown?.callback_id).toBe(COMMIT_CALLBACK.done);
    expect(await CommitmentModel.findOne({}).lean()).toMatchObject({ programId: automotive, partnerName: 'Ford', recordedVia: 'partner' });

    // healthcare's lead asks Ford's contact to review Nursing's curriculum: the program an IEC asked for is recorded
    h().fake.reset();
    await h().slack.command('/iec', `request <@${FORD}> curriculum 17K600 Nursing`, { userId: OTHER_LEAD });
    const dm = await h().fake.waitFor('chat.postMessage', (c) => dmTo(FORD)(c) && String(c.args.text).includes('Nursing'), 15_000);
    expect(checkMessage(dm.args as never)).toEqual([]);
    await h().slack.blockAction({
      userId: FORD,
      channelId: String(dm.args.channel),
      message: { ts: String(dm.response?.ts) },
      actionId: COMMIT_ACTION.openRequest,
      blockId: COMMIT_BLOCK.requestActions,
    });
    const asked = (await h().fake.waitFor('views.open')).response?.view as { id: string };
    const answer = { ...(values('healthcare', nursing) as object) } as Record<string, unknown>;
    delete answer[COMMIT_BLOCK.program];
    const answered = await submitForm(h(), { userId: FORD, view: { id: asked.id }, values: answer as never });
    expect(answered.shown?.callback_id).toBe(COMMIT_CALLBACK.done);
    expect(await CommitmentModel.findOne({ programId: nursing }).lean()).toMatchObject({
      commissionKey: 'healthcare',
      partnerName: 'Ford',
    });
  });

  it("refuses an ask for a program's role naming an unknown program, school or role, asking nobody", async () => {
    await addByCommand('24Q610 "Aviation Maintenance" transportation review 2026-04-10');
    const ask = async (words: string) => (await iec(`request <@${TOYOTA}> ${words}`)).text;
    expect(await ask('panelist 24Q610 Plumbing')).toContain(
      'Aviation High School has no program "Plumbing". Its programs: *Aviation Maintenance*',
    );
    expect(await ask('panelist 99X999 Aviation Maintenance')).toContain("I don't know the school");
    expect(await ask('chef 24Q610 Aviation Maintenance')).toContain("`chef` is not a role in a program's approval");
    expect(await CommitmentRequestModel.countDocuments()).toBe(0);
    expect(h().fake.callsTo('chat.postMessage').filter(dmTo(TOYOTA))).toHaveLength(0);
  });

  it('readiness rules are configurable per commission', async () => {
    await addByCommand('17K600 "Automotive Technology" transportation development');
    await meetingWithAttendance('Fall board meeting', '2025-10-15T22:00:00Z', true, [TEACHER_CB]);
    expect((await iec('program show 17K600 Automotive Technology')).all).toContain(':x: School staff at formal meetings: 1 of 2');
    expect((await iec('programs rules transportation meetings=1 wbl=0')).text).toContain(
      "its school's staff at 1 formal meeting, and 0 work-based learning",
    );
    const shown = await iec('program show 17K600 Automotive Technology');
    expect(shown.all).toContain(':white_check_mark: School staff at formal meetings: 1 of 1');
    expect(shown.all).toContain(':white_check_mark: Work-based learning');
    expect((await iec('programs rules transportation meetings=1', OTHER_LEAD)).text).toContain('only the leads of *Transportation*');
    expect((await iec('programs rules transportation meetings=many')).text).toContain('is not a rule');
  });

  /** Aviation Maintenance (review 2026-04-10) with one industry panelist and one postsecondary; everything else met. */
  async function atRiskProgram(): Promise<string> {
    await addByCommand('24Q610 "Aviation Maintenance" transportation review 2026-04-10');
    await addByCommand('17K600 "Automotive Technology" transportation development');
    const maintenance = await programId('Aviation Maintenance');
    await meetingWithAttendance('Fall board meeting', '2025-10-15T22:00:00Z', true, [TEACHER_AV]);
    await meetingWithAttendance('Winter board meeting', '2026-01-20T22:00:00Z', true, [TEACHER_AV]);
    await pledge(ids.ford, 'curriculum_review', maintenance, { status: 'fulfilled' });
    await pledge(ids.ford, 'technical_assessment_review', maintenance, { status: 'fulfilled' });
    await pledge(ids.toyota, 'employability_validation', maintenance, { status: 'fulfilled' });
    await pledge(ids.ford, 'internship_hosting', undefined, { schools: [ids.aviation] });
    await pledge(ids.ford, 'review_panelist', maintenance);
    await pledge(ids.cuny, 'review_panelist', maintenance);
    return maintenance;
  }

  it('the weekly digest lists the program at risk with its gap and no partner or panelist names', async () => {
    await atRiskProgram();
    const digest = await iec('digest transportation');
    expect(digest.all).toContain('Programs at risk');
    expect(digest.all).toContain('Aviation Maintenance');
    expect(digest.all).toContain('the review panel needs 1 more industry panelist');
    for (const name of ['Ford', 'Toyota', 'CUNY']) expect(digest.all).not.toContain(name);
  });

  it('an approved program whose renewal is near with gaps is at risk, one past its renewal with gaps has lapsed: show, list, Home, digest', async () => {
    // today is 2026-03-01: Electrical renews in 40 days, Welding's renewal was due a month ago; neither has its evidence
    await addByCommand('24Q610 Electrical transportation approved 2025-06-01 2026-04-10');
    await addByCommand('17K600 Welding transportation approved 2024-02-01 2026-02-01');
    await addByCommand('17K600 Robotics transportation approved 2025-06-01 2027-06-01');

    const electrical = await iec('program show 24Q610 Electrical');
    expect(electrical.all).toContain('renewal in 40 days');
    expect(electrical.all).toContain(':warning: *at risk*');
    const welding = await iec('program show 17K600 Welding');
    expect(welding.all).toContain('approval lapsed: its renewal was due 28 days ago and the evidence has gaps');
    expect(welding.all).toContain(':warning: *approval lapsed*');
    expect((await iec('program show 17K600 Robotics')).all).not.toContain('at risk');

    const listed = await iec('programs transportation at-risk');
    expect(listed.text).toContain('2 programs of');
    expect(listed.all.indexOf('Welding')).toBeLessThan(listed.all.indexOf('Electrical'));
    expect(listed.all).not.toContain('Robotics');

    const digest = await iec('digest transportation');
    expect(digest.all).toContain('Programs at risk');
    expect(digest.all).toContain('renewal in 40 days');
    expect(digest.all).toContain('approval lapsed');

    await h().slack.event(events.appHomeOpened(LEAD));
    const home = await h().fake.waitFor('views.publish', (c) => c.args.user_id === LEAD, 15_000);
    expect(checkView(home.args.view)).toEqual([]);
    const tab = JSON.stringify(home.args.view);
    expect(tab).toContain('2 at risk');
    expect(tab).toContain('renewal in 40 days');
  });

  it('DMs each lead 30 and 14 days before the review naming the gaps, once across replicas', async () => {
    await atRiskProgram();
    const sources = { sources: [reviewReminderSource] };
    const replica = (owner: string, at: Date) => tick(at, schedulerDeps(h().config, h().logger, { ...sources, owner }));
    h().fake.reset();
    // 2026-03-11 09:00 in New York is 30 days before 2026-04-10; three replicas tick at once, then again later
    const at = new Date('2026-03-11T13:05:00Z');
    await Promise.all([replica('a', at), replica('b', at), replica('c', at)]);
    await replica('a', new Date('2026-03-11T14:00:00Z'));
    const dms = () =>
      h()
        .fake.callsTo('chat.postMessage')
        .filter((c) => c.ok && c.args.channel === h().fake.dmChannelFor(LEAD));
    expect(dms()).toHaveLength(1);
    const [first] = dms();
    expect(checkMessage(first.args as never)).toEqual([]);
    expect(String(first.args.text)).toContain('External review of Aviation Maintenance at Aviation High School in 30 days');
    expect(String(first.args.text)).toContain('the review panel needs 1 more industry panelist');
    // nothing for the other commission's lead; the 14-day one names what is still missing, from fresh data
    expect(
      h()
        .fake.callsTo('chat.postMessage')
        .filter((c) => c.args.channel === h().fake.dmChannelFor(OTHER_LEAD)),
    ).toHaveLength(0);
    await pledge(ids.toyota, 'review_panelist', await programId('Aviation Maintenance'));
    await Promise.all([replica('a', new Date('2026-03-27T13:05:00Z')), replica('b', new Date('2026-03-27T13:05:00Z'))]);
    expect(dms()).toHaveLength(2);
    expect(String(dms()[1].args.text)).toContain('in 14 days: ready');
  });

  it('DMs each lead 90 and 30 days before an approval is due for renewal, once across replicas, and not once it moved', async () => {
    await addByCommand('24Q610 Electrical transportation approved 2025-06-01 2026-06-01');
    await addByCommand('17K600 Welding transportation approved 2025-06-01 2026-07-01');
    const sources = { sources: [reviewReminderSource] };
    const replica = (owner: string, at: Date) => tick(at, schedulerDeps(h().config, h().logger, { ...sources, owner }));
    const dms = () =>
      h()
        .fake.callsTo('chat.postMessage')
        .filter((c) => c.ok && c.args.channel === h().fake.dmChannelFor(LEAD));
    h().fake.reset();
    // 2026-03-03 09:00 in New York is 90 days before 2026-06-01
    const at = new Date('2026-03-03T14:05:00Z');
    await Promise.all([replica('a', at), replica('b', at)]);
    await replica('c', new Date('2026-03-03T15:00:00Z'));
    expect(dms()).toHaveLength(1);
    expect(checkMessage(dms()[0].args as never)).toEqual([]);
    expect(String(dms()[0].args.text)).toContain('Approval of Electrical at Aviation High School due for renewal in 90 days');
    expect(JSON.stringify(dms()[0].args.blocks)).toContain('a new self-study and external review');
    // Welding's renewal moves a year on before its 90-day reminder (2026-04-02): nothing is sent for the old date
    await ProgramModel.updateOne({ name: 'Welding' }, { $set: { renewalDate: '2027-07-01' } });
    await replica('a', new Date('2026-04-02T13:05:00Z'));
    expect(dms()).toHaveLength(1);
    await replica('b', new Date('2026-05-02T13:05:00Z'));
    expect(dms()).toHaveLength(2);
    expect(String(dms()[1].args.text)).toContain('Electrical at Aviation High School due for renewal in 30 days');
  });

  it('lapses an approved program the morning after its renewal date, once across replicas, and tells its leads and contacts once', async () => {
    await addByCommand('24Q610 Electrical transportation approved 2021-06-01 2026-03-05');
    await addByCommand('17K600 Welding transportation approved 2021-06-01 2026-03-10');
    await ProgramModel.updateOne({ name: 'Electrical' }, { $set: { contacts: [{ slackUserId: TEACHER_AV, name: '', email: '' }] } });
    const sources = { sources: [programLapseSource] };
    const replica = (owner: string, at: Date) => tick(at, schedulerDeps(h().config, h().logger, { ...sources, owner }));
    const dmsTo = (user: string) =>
      h()
        .fake.callsTo('chat.postMessage')
        .filter((c) => c.ok && c.args.channel === h().fake.dmChannelFor(user));
    const stageOf = async (name: string) => (await ProgramModel.findOne({ name }).lean())?.stage;
    // /iec status plans the coming 7 days and lists the lapse as coming, without making it
    const status = await iec('status', ADMIN);
    expect(status.all).toContain('program-lapse');
    expect(await stageOf('Electrical')).toBe('approved');
    h().fake.reset();
    // the renewal day itself, and the next morning before 09:00 in New York: still approved
    await replica('a', new Date('2026-03-05T20:00:00Z'));
    await replica('a', new Date('2026-03-06T13:55:00Z'));
    expect(await stageOf('Electrical')).toBe('approved');
    expect(dmsTo(LEAD)).toHaveLength(0);

    // 09:05 the next morning, two replicas at once, then a later tick: lapsed once, one DM to the lead and one to the contact
    const at = new Date('2026-03-06T14:05:00Z');
    await Promise.all([replica('a', at), replica('b', at)]);
    await replica('c', new Date('2026-03-06T16:00:00Z'));
    const electrical = await ProgramModel.findOne({ name: 'Electrical' }).lean();
    expect(electrical).toMatchObject({ stage: 'lapsed', renewalDate: '2026-03-05', revision: 1 });
    expect(electrical?.history.filter((e) => e.change.includes('lapsed'))).toEqual([
      { at, by: 'iec-bot', change: 'stage approved → lapsed (renewal was due 2026-03-05)' },
    ]);
    expect(await stageOf('Welding')).toBe('approved');
    // the lapse itself is recorded with what it did (it sends nothing)
    expect(await NotificationModel.findOne({ key: `program-lapse:${electrical?._id}:2026-03-05` }).lean()).toMatchObject({
      status: 'skipped',
      reason: 'lapsed: its renewal was due 2026-03-05',
    });
    for (const user of [LEAD, TEACHER_AV]) {
      expect(dmsTo(user)).toHaveLength(1);
      expect(checkMessage(dmsTo(user)[0].args as never)).toEqual([]);
      expect(String(dmsTo(user)[0].args.text)).toBe(
        'Approval of Electrical at Aviation High School lapsed: its renewal was due 2026-03-05',
      );
      expect(JSON.stringify(dmsTo(user)[0].args.blocks)).toContain('its stage is now *Lapsed*');
    }
    expect(dmsTo(OTHER_LEAD)).toHaveLength(0);

    // shown lapsed, and at risk: it needs a new approval
    h().setNow(new Date('2026-03-06T15:00:00Z'));
    const shown = await iec('program show 24Q610 Electrical');
    expect(shown.all).toMatch(/lapsed \(renewal was due <!date\^\d+\^\{date_short_pretty\}\|2026-03-05>\)/);
    expect(shown.all).toContain('approval lapsed');
    expect((await iec('programs at-risk')).all).toContain('Electrical');

    // Welding is renewed before its date (a new renewal date): it does not lapse
    await ProgramModel.updateOne({ name: 'Welding' }, { $set: { renewalDate: '2031-03-10' } });
    h().fake.reset();
    await replica('a', new Date('2026-03-11T14:05:00Z'));
    expect(await stageOf('Welding')).toBe('approved');
    expect(dmsTo(LEAD)).toHaveLength(0);

    // one whose renewal passed long before (added so, or the app was down): it lapses on the next tick
    await addByCommand('17K600 Robotics transportation approved 2020-01-01 2026-01-15');
    h().fake.reset();
    await replica('b', new Date('2026-03-11T15:00:00Z'));
    expect(await stageOf('Robotics')).toBe('lapsed');
    expect(dmsTo(LEAD).map((c) => String(c.args.text))).toEqual([
      'Approval of Robotics at Clara Barton High School lapsed: its renewal was due 2026-01-15',
    ]);
  });

  it("sends one program's evidence packet: checks, meetings attended, every commitment with its partner's kind and whether it counts", async () => {
    const maintenance = await atRiskProgram();
    // an educational provider's curriculum review is listed, and does not count
    await pledge(ids.edu, 'curriculum_review', maintenance, { status: 'fulfilled' });
    // its contacts: a teacher in Slack (named by their Slack profile) and one by email; Ford's contact with an email
    h().fake.addUser({ id: TEACHER_AV, name: 'ava', real_name: 'Ava Teacher', email: 'ava@aviation.nyc' });
    await ProgramModel.updateOne(
      { _id: maintenance },
      {
        $set: {
          contacts: [
            { slackUserId: TEACHER_AV, name: '', email: '' },
            { name: 'Eli Electric', email: 'eli@aviation.nyc' },
          ],
        },
      },
    );
    await PartnerModel.updateOne(
      { _id: ids.ford },
      { $set: { contacts: [{ name: 'Fay Ford', slackUserId: FORD, title: 'STEM outreach', email: 'fay@ford.example' }] } },
    );
    const reply = await iec('export program 24Q610 Aviation Maintenance');
    expect(reply.text).toContain('I sent you the evidence packet of Aviation Maintenance at Aviation High School (2025-26, 1 gap)');
    const file = h().fake.uploadedFiles.at(-1);
    expect(file?.channels).toEqual([h().fake.dmChannelFor(LEAD)]);
    expect(file?.filename).toBe('iec-program-24q610-aviation-maintenance-2025-26-2026-03-01.csv');
    const rows = parse(file?.bytes.toString('utf8') ?? '', { bom: true }) as string[][];
    expect(rows[0]).toEqual([...PACKET_COLUMNS]);
    const section = (name: string) => rows.filter((r) => r[0] === name);
    expect(section('Program').map((r) => [r[1], r[2], r[7]])).toEqual([
      ['Program', '', 'Aviation Maintenance'],
      ['School', '', 'Aviation High School (24Q610)'],
      ['Commission', '', 'transportation'],
      ['Stage', '', 'review_scheduled'],
      ['External review', '2026-04-10', ''],
      ['School year', '', '2025-26'],
    ]);
    // who the State's reviewers reach: the program's contacts, and each listed partner's contacts, with their emails
    expect(section('Program contact').map((r) => [r[1], r[3], r[4], r[7], r[8]])).toEqual([
      ['Ava Teacher', 'Aviation High School', 'school staff', 'in Slack', 'ava@aviation.nyc'],
      ['Eli Electric', 'Aviation High School', 'school staff', '', 'eli@aviation.nyc'],
    ]);
    const partnerContacts = section('Partner contact').map((r) => [r[1], r[3], r[4], r[7], r[8]]);
    expect(partnerContacts).toContainEqual(['Fay Ford', 'Ford', 'Industry', 'STEM outreach', 'fay@ford.example']);
    expect(partnerContacts).toContainEqual(['Toby Toyota', 'Toyota', 'Industry', '', '']);
    // the partners of the packet's commitments only, each contact once
    const listed = new Set(section('Partner').map((r) => r[1]));
    expect(partnerContacts.every((c) => listed.has(c[1]))).toBe(true);
    expect(partnerContacts).toHaveLength(
      (await PartnerModel.find({ name: { $in: [...listed] } }).lean()).flatMap((p) => p.contacts).length,
    );
    expect(section('Advisory board meeting').map((r) => [r[1], r[2], r[7]])).toEqual([
      ['Fall board meeting', '2025-10-15', 'Ava Teacher'],
      ['Winter board meeting', '2026-01-20', 'Ava Teacher'],
    ]);
    // every commitment recorded for the program, and the work-based learning serving its school, as the database holds them
    const stored = await CommitmentModel.find({ $or: [{ programId: maintenance }, { schoolIds: ids.aviation }] }).lean();
    const commitments = section('Commitment');
    expect(commitments.map((r) => r[3]).sort()).toEqual(stored.map((c) => c.partnerName).sort());
    const line = (type: string, org: string) => commitments.find((r) => r[1] === type && r[3] === org)?.slice(4, 7);
    expect(line('Curriculum review', 'Ford')).toEqual(['Industry', 'Fulfilled', 'yes']);
    expect(line('Curriculum review', 'Tech Training Institute')).toEqual(['Educational provider', 'Fulfilled', 'no']);
    expect(line('External review panelist', 'CUNY Tech')).toEqual(['Postsecondary', 'Pledged', 'yes']);
    expect(line('Internship hosting', 'Ford')).toEqual(['Industry', 'Pledged', 'yes']);
    expect(section('Partner').map((r) => [r[1], r[4], r[6]])).toEqual(
      expect.arrayContaining([
        ['Ford', 'Industry', 'yes'],
        ['Tech Training Institute', 'Educational provider', 'no'],
        ['CUNY Tech', 'Postsecondary', 'panel only'],
      ]),
    );
    expect(section('Gap').map((r) => r[1])).toEqual(['the review panel needs 1 more industry panelist']);
    expect(section('Readiness').find((r) => r[1] === 'At risk')?.[5]).toBe('yes');

    // bad input sends no file and says what is wrong (each command starts from a reset fake)
    const refused = async (text: string, userId = LEAD) => {
      const answer = await iec(text, userId);
      expect(h().fake.uploadedFiles).toEqual([]);
      return answer.text;
    };
    expect(await refused('export program 24Q610')).toContain('Name the school and the program');
    expect(await refused('export program 24Q610 Underwater Welding')).toMatch(/Underwater Welding/);
    expect(await refused('export program 99X999 Aviation Maintenance')).toMatch(/99X999/);
    expect(await refused('export program 24Q610 Aviation Maintenance', STRANGER)).not.toContain('I sent you');
  });

  it('reports and exports the evidence per program; the export’s rows equal what the database holds', async () => {
    const maintenance = await atRiskProgram();
    const report = await iec('report programs transportation');
    expect(report.all).toContain('Aviation Maintenance at Aviation High School');
    expect(slackDates(report.all)).toContain('Formal meetings attended: 2 («2025-10-15», «2026-01-20»)');
    expect(slackDates(report.all)).toContain('curriculum review by Ford «2026-02-01»');
    // every date of the report is a Slack date (the reader's format, a plain fallback)
    expect(slackDates(report.all)).not.toMatch(/[^«|]\d{4}-\d\d-\d\d/);
    expect(report.all).toContain('Panel: Ford, CUNY Tech');

    const reply = await iec('export programs transportation');
    expect(reply.text).toContain('I sent you the CSV of 2 programs');
    const file = h().fake.uploadedFiles.at(-1);
    expect(file?.channels).toEqual([h().fake.dmChannelFor(LEAD)]);
    const rows = parse(file?.bytes.toString('utf8') ?? '', { bom: true }) as string[][];
    expect(rows[0]).toEqual([...PROGRAM_EXPORT_COLUMNS]);
    const stored = await ProgramModel.find({}).lean();
    expect(
      rows
        .slice(1)
        .map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6]])
        .sort(),
    ).toEqual(
      stored.map((p) => [String(p._id), p.name, p.schoolName, p.schoolCode ?? '', p.commissionKey, p.stage, p.reviewDate ?? '']).sort(),
    );
    const row = rows.find((r) => r[0] === maintenance) ?? [];
    const col = (name: (typeof PROGRAM_EXPORT_COLUMNS)[number]) => row[PROGRAM_EXPORT_COLUMNS.indexOf(name)];
    const panel = await CommitmentModel.find({ programId: maintenance, type: 'review_panelist' }).lean();
    expect([col('Industry panelists'), col('Postsecondary panelists')]).toEqual(['Ford', 'CUNY Tech']);
    expect(panel.map((c) => c.partnerName).sort()).toEqual(['CUNY Tech', 'Ford']);
    expect(col('Formal meetings attended')).toBe('2');
    expect(col('At risk')).toBe('yes');
    // a member who is not a lead sees only their commission's; a stranger none
    expect((await iec('export programs healthcare', TEACHER_AV)).text).toContain('only members of *Healthcare*');
  });
});
