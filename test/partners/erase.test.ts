import { Types } from 'mongoose';
import { recordAudit } from '../../src/audit';
import { events } from '../../src/events';
import { CommissionModel } from '../../src/commissions/model';
import { ACTION } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { ERASED_CONTACT } from '../../src/domain/names';
import { PartnerModel } from '../../src/partners/model';
import { writePartners } from '../../src/partners/write';
import { deliverableReminderSource } from '../../src/deliverables';
import { DeliverableModel } from '../../src/deliverables/model';
import { HomeViewerModel } from '../../src/home/model';
import { AttendanceModel, DecisionModel } from '../../src/meetings/attendance-model';
import { MeetingModel } from '../../src/meetings/model';
import { TEXT_ERASED } from '../../src/db/history';
import { countAttendance } from '../../src/meetings/attendance';
import { MemberModel } from '../../src/members/model';
import { ProgramModel } from '../../src/programs/model';
import { NotificationModel } from '../../src/scheduler/model';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { storedFields } from '../commitments/fixtures';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { everything, pressErase } from './support/erase';

/**
 * `/iec contact erase` (a data-protection request), through signed requests: administrators only, a confirmation
 * first, then nothing of the person is left anywhere in the database; partners, commitments and counts stay.
 */

const ADMIN = 'U0ADMINER';
const LEAD = 'U0LEADER1';
const CONTACT = 'U0MARCUSB';
const OTHER = 'U0ANARUIZ';
const THEIRS = ['Marcus Bell', 'marcus.bell@coned.example', 'Workforce Wizard', '+1 212 555 0142', CONTACT];

const h = useHarness({
  admins: [ADMIN],
  now: new Date('2026-11-02T15:00:00Z'),
  seed: async (h) => {
    h.fake.addUser({ id: CONTACT, name: 'marcus.bell' });
    h.fake.addUser({ id: OTHER, name: 'ana.ruiz' });
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', leads: [LEAD] });
    const marcus = {
      name: 'Marcus Bell',
      email: 'marcus.bell@coned.example',
      title: 'Workforce Wizard',
      phone: '+1 212 555 0142',
      slackUserId: CONTACT,
    };
    // through the partners' write path, so their history holds the contact too
    const conEd = new Types.ObjectId();
    await writePartners(
      [
        {
          op: 'create',
          doc: {
            _id: conEd,
            name: 'Con Edison',
            commissions: ['construction'],
            status: 'active',
            contacts: [marcus, { name: 'Ana Ruiz', email: 'ana@coned.example', slackUserId: OTHER }],
          },
        },
        { op: 'create', doc: { name: 'Edison Labs', commissions: ['construction'], status: 'active', contacts: [marcus] } },
      ],
      { by: CONTACT, now: new Date('2026-10-01T15:00:00Z'), action: 'created' },
    );
    await CommitmentModel.create(storedFields(conEd, 'Con Edison', { recordedBy: CONTACT, recordedVia: 'partner' }));
    await CommitmentRequestModel.create({
      partnerId: conEd,
      partnerName: 'Con Edison',
      contactUserId: CONTACT,
      requestedBy: LEAD,
      requestedAt: new Date('2026-10-20T15:00:00Z'),
    });
    await recordAudit({
      at: new Date('2026-10-21T15:00:00Z'),
      by: ADMIN,
      action: 'partner.contact',
      subject: 'Marcus Bell',
      people: [CONTACT],
      changes: [{ field: 'email', from: null, to: 'marcus.bell@coned.example' }],
    });
    await seedTheirOtherRecords(conEd);
    await rebuildPeopleIndex();
  },
});

const MARCUS_MEMBER = new Types.ObjectId();
const ANA_MEMBER = new Types.ObjectId();
const LEASE = new Date(Date.now() + 60 * 60_000);

/**
 * Besides the partners: what other features hold of Marcus — commission memberships (by Slack id, and by email on
 * another commission), a program of study's contacts, a meeting's attendance (as member, as a guest before, his
 * "I attended", the minutes), notifications to him (one sent, one still to send, a failure report naming him) and
 * his Home — each beside someone else's record that must stay as it is.
 */
async function seedTheirOtherRecords(conEd: Types.ObjectId): Promise<void> {
  const at = new Date('2026-10-10T15:00:00Z');
  await MemberModel.create([
    {
      _id: MARCUS_MEMBER,
      commissionKey: 'construction',
      personKey: `slack:${CONTACT}`,
      kind: 'industry',
      startDate: '2026-09-01',
      slackUserId: CONTACT,
      organisation: 'Con Edison',
      partnerId: String(conEd),
      addedBy: LEAD,
    },
    {
      _id: ANA_MEMBER,
      commissionKey: 'construction',
      personKey: `slack:${OTHER}`,
      kind: 'industry',
      startDate: '2026-09-01',
      slackUserId: OTHER,
      organisation: 'Con Edison',
      addedBy: LEAD,
    },
    {
      commissionKey: 'healthcare',
      personKey: 'email:marcus.bell@coned.example',
      kind: 'industry',
      startDate: '2026-09-01',
      name: 'Marcus Bell',
      email: 'marcus.bell@coned.example',
      organisation: 'Con Edison',
      addedBy: LEAD,
      history: [{ at, by: LEAD, change: 'role member → chair' }],
    },
  ]);
  await ProgramModel.create({
    schoolId: 'school-1',
    schoolName: 'Thomas Edison CTE',
    name: 'Electrical Installation',
    nameKey: 'electricalinstallation',
    commissionKey: 'construction',
    stage: 'self_study',
    contacts: [
      { slackUserId: CONTACT, name: 'Marcus Bell', email: 'marcus.bell@coned.example' },
      { name: 'Dana Cho', email: 'dana.cho@school.example' },
    ],
    createdBy: LEAD,
    history: [{ at, by: LEAD, change: 'contacts: Marcus Bell, Dana Cho' }],
  });
  await AttendanceModel.create({
    meetingId: 'meeting-1',
    commissionKey: 'construction',
    attendees: [
      { memberId: String(MARCUS_MEMBER), slackUserId: CONTACT, name: '', organisation: 'Con Edison', kind: 'industry' },
      { memberId: String(ANA_MEMBER), slackUserId: OTHER, name: '', organisation: 'Con Edison', kind: 'industry' },
      { name: 'Marcus Bell', organisation: 'Con Edison', kind: 'guest' },
      { name: 'Lou Park', organisation: 'Queens Tech', kind: 'school', schoolId: 'school-1', schoolName: 'Thomas Edison CTE' },
    ],
    claims: [
      { slackUserId: CONTACT, memberId: String(MARCUS_MEMBER), at, status: 'confirmed' },
      { slackUserId: OTHER, memberId: String(ANA_MEMBER), at, status: 'confirmed' },
    ],
    notes: 'Marcus Bell presented the summer internship plan.',
    recorded: true,
    recordedAt: at,
    recordedBy: LEAD,
    revision: 1,
    history: [{ at, by: LEAD, count: 4, added: [`<@${CONTACT}>`, `<@${OTHER}>`, 'Marcus Bell (Con Edison)', 'Lou Park (Queens Tech)'] }],
  });
  const base = { dueAt: at, expiresAt: new Date('2026-12-01T00:00:00Z'), commissionKey: 'construction' };
  await NotificationModel.create([
    {
      ...base,
      key: 'followup:c1:2026-10-09',
      kind: 'followup',
      status: 'sent',
      recipient: { user: CONTACT },
      ref: { commitmentId: 'c1' },
      sentAt: at,
    },
    {
      ...base,
      key: `commitment-notice:${CONTACT}:2026-11-02T14:50:00.000Z`,
      kind: 'commitment-notice',
      status: 'claimed',
      owner: 'replica-a',
      leaseUntil: LEASE,
      recipient: { user: CONTACT },
      ref: { user: CONTACT, windowStart: 1 },
    },
    {
      ...base,
      key: `failure-report:followup:c2:${LEAD}`,
      kind: 'failure-report',
      status: 'sent',
      recipient: { user: LEAD },
      ref: { failedKey: 'followup:c2', target: `<@${CONTACT}>`, reason: 'cannot_dm_bot' },
    },
    {
      ...base,
      key: `commitment-notice:${OTHER}:2026-11-02T14:50:00.000Z`,
      kind: 'commitment-notice',
      status: 'claimed',
      owner: 'replica-a',
      leaseUntil: LEASE,
      recipient: { user: OTHER },
      ref: { user: OTHER, windowStart: 1 },
    },
  ]);
  await DeliverableModel.create([
    {
      commissionKey: 'construction',
      title: 'Internship placement list',
      ownerId: CONTACT,
      dueDate: '2027-01-12',
      createdBy: LEAD,
      history: [{ at, by: LEAD, action: 'owner', changes: [{ field: 'ownerId', from: LEAD, to: CONTACT }] }],
    },
    { commissionKey: 'construction', title: 'Site visit schedule', ownerId: OTHER, dueDate: '2027-01-12', createdBy: LEAD },
  ]);
  await HomeViewerModel.create([
    { _id: CONTACT, lastOpenedAt: at },
    { _id: OTHER, lastOpenedAt: at },
  ]);
}

const run = (text: string, userId: string) => commandReply(h(), text, userId);

it('refuses anyone but an administrator, and says when nobody matches or the text is not an email or @person', async () => {
  expect((await run('contact erase marcus.bell@coned.example', LEAD)).text).toContain('only iec-bot administrators');
  expect((await run(`contact erase <@${CONTACT}>`, CONTACT)).text).toContain('only iec-bot administrators');
  expect((await run('contact erase nobody@nowhere.example', ADMIN)).text).toContain('Nobody here has that email');
  expect((await run('contact erase Marcus', ADMIN)).text).toContain('neither an email address nor a @person');
  expect((await run('contact erase', ADMIN)).text).toContain('/iec contact erase <email>');
  expect(await PartnerModel.countDocuments({ 'contacts.slackUserId': CONTACT })).toBe(2);
});

it('asks first, then leaves nothing of the person anywhere; partners, commitments and counts stay', async () => {
  // the contact acts through the app first: their change is in the commitment's history
  const commitment = await CommitmentModel.findOne({}).lean();
  await h().slack.blockAction({
    userId: CONTACT,
    ephemeral: true,
    type: 'static_select',
    actionId: ACTION.status,
    blockId: 'any',
    selectedOption: `${commitment?._id}:confirmed`,
  });
  await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Status changed'));
  expect((await CommitmentModel.findOne({}).lean())?.history.map((e) => e.by)).toContain(CONTACT);

  const preview = await run('contact erase Marcus.Bell@ConEd.example', ADMIN);
  expect(preview.text).toContain("Erase this person's personal data for good?");
  expect(JSON.stringify(preview.blocks)).toContain('Con Edison');
  expect(JSON.stringify(preview.blocks)).toContain('Edison Labs');
  expect(await PartnerModel.countDocuments({ 'contacts.slackUserId': CONTACT })).toBe(2); // nothing erased before the confirmation
  expect(JSON.stringify(await PartnerModel.find({}, { history: 1 }).lean())).toContain('marcus.bell@coned.example');

  const done = await pressErase(h(), ADMIN, JSON.stringify({ e: 'marcus.bell@coned.example' }));
  expect(done.replace_original).toBe(true);
  expect(done.text).toContain('Erased 2 contacts of Con Edison, Edison Labs');
  await events.idle();

  const stored = await everything();
  for (const value of THEIRS) expect(stored).not.toContain(value);
  expect(stored).toContain(ERASED_CONTACT);

  // what stays
  expect((await PartnerModel.find({}).sort({ name: 1 }).lean()).map((p) => [p.name, p.contacts.map((c) => c.name)])).toEqual([
    ['Con Edison', ['Ana Ruiz']],
    ['Edison Labs', []],
  ]);
  const conEdHistory = (await PartnerModel.findOne({ name: 'Con Edison' }).lean())?.history ?? [];
  expect(conEdHistory.map((e) => [e.by, e.action])).toEqual([
    [ERASED_CONTACT, 'created'],
    [ADMIN, 'contact erased'],
  ]);
  const kept = await CommitmentModel.findOne({}).lean();
  expect(kept).toMatchObject({ quantity: 12, status: 'confirmed', recordedBy: ERASED_CONTACT });
  expect(await CommitmentRequestModel.countDocuments()).toBe(0);

  // the other features' records: his gone or anonymised, everyone else's as they were, every count kept
  expect(done.text).toContain(
    '2 commission memberships, 1 program of study, the attendance of 1 meeting, the owner of 1 deliverable, 3 scheduled messages',
  );
  expect((await MemberModel.find({}).lean()).map((m) => m.slackUserId)).toEqual([OTHER]);
  const program = await ProgramModel.findOne({}).lean();
  expect(program?.contacts.map((c) => c.name)).toEqual(['Dana Cho']);
  expect(program?.revision).toBe(1);
  expect(program?.history.at(-1)).toMatchObject({ by: ADMIN, change: 'contact erased' });
  const attendance = await AttendanceModel.findOne({}).lean();
  expect(countAttendance(attendance?.attendees ?? [])).toEqual({
    total: 4,
    byKind: { industry: 2, postsecondary: 0, school: 1, district: 0, guest: 1 },
    schools: 1,
  });
  expect(attendance?.attendees.map((a) => [a.name, a.organisation, a.kind, a.slackUserId ?? null])).toEqual([
    [ERASED_CONTACT, 'Con Edison', 'industry', null],
    ['', 'Con Edison', 'industry', OTHER],
    [ERASED_CONTACT, 'Con Edison', 'guest', null],
    ['Lou Park', 'Queens Tech', 'school', null],
  ]);
  expect(attendance?.claims.map((c) => c.slackUserId)).toEqual([OTHER]);
  expect(attendance?.notes).toBe(`${ERASED_CONTACT} presented the summer internship plan.`);
  expect(attendance?.revision).toBe(2);
  const notifications = await NotificationModel.find({}).sort({ createdAt: 1, key: 1 }).lean();
  expect(notifications).toHaveLength(4);
  expect(notifications.find((n) => n.key === `commitment-notice:${OTHER}:2026-11-02T14:50:00.000Z`)).toMatchObject({
    status: 'claimed',
    recipient: { user: OTHER },
  });
  expect(notifications.find((n) => n.kind === 'followup')).toMatchObject({ status: 'sent', recipient: { user: ERASED_CONTACT } });
  expect(notifications.find((n) => n.kind === 'commitment-notice' && n.recipient?.user !== OTHER)).toMatchObject({
    status: 'skipped',
    reason: 'its recipient’s personal data was erased',
  });
  expect(notifications.find((n) => n.kind === 'failure-report')).toMatchObject({ status: 'sent', recipient: { user: LEAD } });
  expect((await HomeViewerModel.find({}).lean()).map((v) => v._id)).toEqual([OTHER]);
  // the deliverable he owned is nobody's now (a lead reassigns it) and reminds nobody; the other owner's is as it was
  const deliverables = await DeliverableModel.find({}).sort({ title: 1 }).lean();
  expect(deliverables.map((d) => [d.title, d.ownerId])).toEqual([
    ['Internship placement list', ERASED_CONTACT],
    ['Site visit schedule', OTHER],
  ]);
  expect(deliverables[0].history.at(-1)).toMatchObject({ by: ADMIN, action: 'owner erased' });
  const reminders = await deliverableReminderSource.plan(
    { from: new Date('2027-01-08T00:00:00Z'), to: new Date('2027-01-13T00:00:00Z') },
    { now: new Date('2027-01-13T00:00:00Z'), timeZone: 'America/New_York' },
  );
  expect(reminders.length).toBeGreaterThan(0);
  expect([...new Set(reminders.map((r) => ('user' in r.recipient ? r.recipient.user : r.recipient.channel)))]).toEqual([OTHER]);
  const list = await run('deliverables construction all', LEAD);
  expect(JSON.stringify(list.blocks)).toContain(`${ERASED_CONTACT} · due`);

  // the erasure is audited, without the erased data; the person has no role left
  const audit = await run('audit', ADMIN);
  expect(JSON.stringify(audit.blocks)).toContain('contact erased');
  expect(JSON.stringify(audit.blocks)).toContain('2 contacts of Con Edison, Edison Labs');
  expect((await run('partner show Con Edison', CONTACT)).text).toContain('Sorry');
  expect((await run('contact erase marcus.bell@coned.example', ADMIN)).text).toContain('Nobody here has that email');
});

it('scrubs his name, email, mention and phone from free text in any case, through each owner’s write path; others’ text stays', async () => {
  const conEd = (await PartnerModel.findOne({ name: 'Con Edison' }).lean())?._id;
  if (!conEd) throw new Error('no Con Edison');
  const about = `Call marcus bell (Marcus.Bell@coned.example, +1 212 555 0142) or <@${CONTACT}|marcus.bell>; Ana Ruiz too. Marcusbell stays.`;
  // free text written by others, through the app's models as forms would store it (history holding it too)
  const at = new Date('2026-10-12T15:00:00Z');
  const entry = (field: string) => ({ at, by: LEAD, action: 'edited', changes: [{ field, from: '', to: about }] });
  const c = await CommitmentModel.create(storedFields(conEd, 'Con Edison', { notes: about, history: [entry('notes')], revision: 1 }));
  const meeting = await MeetingModel.create({
    commissionKey: 'construction',
    title: 'Plan with Marcus Bell',
    startsAt: new Date('2026-11-20T15:00:00Z'),
    durationMinutes: 60,
    agenda: about,
    createdBy: LEAD,
    revision: 1,
    history: [entry('agenda')],
  });
  await DecisionModel.create({
    meetingId: String(meeting._id),
    commissionKey: 'construction',
    text: `MARCUS BELL sends the list`,
    createdBy: LEAD,
  });
  await DeliverableModel.create({
    commissionKey: 'construction',
    title: 'Site list',
    description: about,
    ownerId: LEAD,
    dueDate: '2027-01-12',
    createdBy: LEAD,
  });
  await PartnerModel.updateOne({ _id: conEd }, { $set: { notes: about } });

  const done = await pressErase(h(), ADMIN, JSON.stringify({ e: 'marcus.bell@coned.example' }));
  expect(done.text).toContain('Erased 2 contacts');
  await events.idle();

  const stored = (await everything()).toLowerCase();
  for (const value of THEIRS.filter((v) => v !== 'Workforce Wizard')) expect(stored).not.toContain(value.toLowerCase());
  const left = `Call ${ERASED_CONTACT} (${ERASED_CONTACT}, ${ERASED_CONTACT}) or ${ERASED_CONTACT}; Ana Ruiz too. Marcusbell stays.`;
  const commitment = await CommitmentModel.findById(c._id).lean();
  expect(commitment?.notes).toBe(left);
  expect(commitment?.revision).toBe(2); // through the write path: a form opened before cannot put it back
  expect(commitment?.history.at(-1)).toMatchObject({ by: ADMIN, action: TEXT_ERASED, changes: [{ field: 'notes', from: left, to: left }] });
  const m = await MeetingModel.findById(meeting._id).lean();
  expect([m?.title, m?.agenda, m?.revision]).toEqual([`Plan with ${ERASED_CONTACT}`, left, 2]);
  expect((await DecisionModel.findOne({}).lean())?.text).toBe(`${ERASED_CONTACT} sends the list`);
  expect((await DeliverableModel.findOne({ title: 'Site list' }).lean())?.description).toBe(left);
  expect((await PartnerModel.findById(conEd).lean())?.notes).toBe(left);
});
