import { Types } from 'mongoose';
import { addAdmin } from '../../src/access/service';
import { recordAudit } from '../../src/audit';
import { addNoSchool } from '../../src/calendar/service';
import { CommissionModel } from '../../src/commissions/model';
import { changeCommissionLead } from '../../src/commissions/service';
import { CommitmentModel } from '../../src/commitments/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { DeliverableModel } from '../../src/deliverables/model';
import { ERASED_CONTACT } from '../../src/domain/names';
import { events } from '../../src/events';
import { HomeViewerModel } from '../../src/home/model';
import { ImportModel, ImportOpModel } from '../../src/imports/model';
import { HandOverModel } from '../../src/reassign/model';
import { AttendanceModel, DecisionModel } from '../../src/meetings/attendance-model';
import { countAttendance } from '../../src/meetings/attendance';
import { MeetingModel } from '../../src/meetings/model';
import { writeMeeting } from '../../src/meetings/write';
import { MemberModel } from '../../src/members/model';
import { PartnerModel } from '../../src/partners/model';
import { writePartners } from '../../src/partners/write';
import { ProgramModel, ReadinessRulesModel } from '../../src/programs/model';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { NotificationModel } from '../../src/scheduler/model';
import { writeSchools } from '../../src/schools/write';
import { storedFields } from '../commitments/fixtures';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { everything, pressErase } from './support/erase';

/**
 * `/iec contact erase @person` for someone who is no partner contact: district staff who led a commission, sat on
 * another by email, ran a program, attended and was a guest, scheduled and cancelled meetings, added a school, a
 * no-school day and an administrator, imported a file, owned a partner relationship and a deliverable, asked a
 * contact for a commitment. Through signed requests: the preview lists where they are; after the button no
 * record anywhere holds their Slack id, email or name — but the audit entry that an erasure happened (without
 * them) and a namesake guest of another organisation, who is someone else.
 */

const ADMIN = 'U0ADMINER';
const PRIYA = 'U0PRIYASH';
const OTHER = 'U0ANARUIZ';
const EMAIL = 'priya.shah@schools.example';
const NAME = 'Priya Shah';
const NOW = new Date('2026-11-02T15:00:00Z');
const AT = new Date('2026-10-10T15:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async (h) => {
    h.fake.addUser({ id: PRIYA, name: 'priya.shah' });
    h.fake.addUser({ id: OTHER, name: 'ana.ruiz' });
    await CommissionModel.create([
      { key: 'healthcare', name: 'Healthcare', leads: [] },
      { key: 'construction', name: 'Construction/Sustainability', leads: [OTHER] },
    ]);
    const by = { by: ADMIN, at: AT };
    await changeCommissionLead('healthcare', PRIYA, 'add', by);
    await addAdmin(OTHER, { by: PRIYA, at: AT }, [ADMIN]);
    await seedWhatSheDid();
    await rebuildPeopleIndex();
  },
});

async function seedWhatSheDid(): Promise<void> {
  // as a member of another commission by email only, and a program contact by Slack id with her email
  await MemberModel.create({
    commissionKey: 'construction',
    personKey: `email:${EMAIL}`,
    kind: 'district',
    startDate: '2026-09-01',
    name: NAME,
    email: EMAIL,
    organisation: 'NYC DOE',
    addedBy: OTHER,
  });
  await ProgramModel.create({
    schoolId: 'school-1',
    schoolName: 'Thomas Edison CTE',
    name: 'Nursing Assistant',
    nameKey: 'nursingassistant',
    commissionKey: 'healthcare',
    stage: 'development',
    contacts: [
      { slackUserId: PRIYA, name: NAME, email: EMAIL },
      { name: 'Dana Cho', email: 'dana.cho@school.example' },
    ],
    createdBy: PRIYA,
    history: [{ at: AT, by: PRIYA, change: 'created' }],
  });
  await ReadinessRulesModel.create({ commissionKey: 'healthcare', minFormalMeetings: 2, minWorkBasedLearning: 10, updatedBy: PRIYA });
  // meetings she scheduled and cancelled, through the meetings' write path (their history holds her)
  const meeting = await writeMeeting(
    {
      op: 'create',
      doc: {
        commissionKey: 'healthcare',
        title: 'Fall board',
        startsAt: new Date('2026-11-20T15:00:00Z'),
        organiserId: PRIYA,
        durationMinutes: 60,
        createdBy: PRIYA,
        revisedAt: AT,
      },
    },
    { by: PRIYA, now: AT, action: 'scheduled' },
  );
  if (!meeting) throw new Error('no meeting');
  const cancelled = await writeMeeting(
    {
      op: 'create',
      doc: {
        commissionKey: 'healthcare',
        title: 'Winter board',
        startsAt: new Date('2026-12-20T15:00:00Z'),
        organiserId: OTHER,
        durationMinutes: 60,
        createdBy: OTHER,
        revisedAt: AT,
      },
    },
    { by: OTHER, now: AT, action: 'scheduled' },
  );
  if (!cancelled) throw new Error('no meeting');
  await writeMeeting(
    { op: 'update', before: cancelled, set: { status: 'cancelled', cancelledAt: AT, cancelledBy: PRIYA } },
    { by: PRIYA, now: AT, action: 'cancelled' },
  );
  await AttendanceModel.create([
    {
      meetingId: String(meeting._id),
      commissionKey: 'healthcare',
      attendees: [
        { slackUserId: PRIYA, name: '', organisation: 'NYC DOE', kind: 'district' },
        { slackUserId: OTHER, name: '', organisation: 'NYC DOE', kind: 'district' },
      ],
      recorded: true,
      recordedAt: AT,
      recordedBy: PRIYA,
      history: [{ at: AT, by: PRIYA, count: 2, added: [`<@${PRIYA}>`, `<@${OTHER}>`] }],
    },
    {
      meetingId: 'meeting-elsewhere',
      commissionKey: 'construction',
      attendees: [
        // her, as a guest of the organisation her membership names, and a namesake of another organisation
        { name: NAME, organisation: 'NYC DOE', kind: 'guest' },
        { name: NAME, organisation: 'Mount Sinai', kind: 'guest' },
      ],
      recorded: true,
      recordedAt: AT,
      recordedBy: OTHER,
      history: [{ at: AT, by: OTHER, count: 2, added: [`${NAME} (NYC DOE)`] }],
    },
  ]);
  await DecisionModel.create({
    meetingId: String(meeting._id),
    commissionKey: 'healthcare',
    text: 'Visit the ward',
    createdBy: PRIYA,
    doneBy: PRIYA,
  });
  // a school, a no-school day, a partner whose relationship she owns, an import, a request, a deliverable
  await writeSchools([{ op: 'create', doc: { name: 'Thomas Edison CTE', createdBy: PRIYA } }], { by: PRIYA, now: AT, action: 'created' });
  await addNoSchool({ startDate: '2026-11-26', label: 'Thanksgiving', createdBy: PRIYA, at: AT });
  const mountSinai = new Types.ObjectId();
  await writePartners(
    [
      {
        op: 'create',
        doc: {
          _id: mountSinai,
          name: 'Mount Sinai',
          commissions: ['healthcare'],
          status: 'active',
          ownerId: PRIYA,
          createdBy: PRIYA,
          contacts: [],
        },
      },
    ],
    { by: PRIYA, now: AT, action: 'created' },
  );
  await CommitmentModel.create(storedFields(mountSinai, 'Mount Sinai', { commissionKey: 'healthcare', recordedBy: PRIYA }));
  await CommitmentRequestModel.create({
    partnerId: mountSinai,
    partnerName: 'Mount Sinai',
    contactUserId: OTHER,
    requestedBy: PRIYA,
    requestedAt: AT,
  });
  const imported = await ImportModel.create({
    kind: 'partners',
    filename: 'partners.xlsx',
    format: 'xlsx',
    by: PRIYA,
    via: 'slack',
    status: 'applied',
    createdAt: AT,
  });
  await ImportOpModel.create({
    importId: imported._id,
    seq: 0,
    action: 'update',
    targetId: String(mountSinai),
    row: 2,
    label: 'Mount Sinai',
    before: { contacts: [] },
    after: { contacts: [{ name: NAME, email: EMAIL }] },
  });
  await DeliverableModel.create({
    commissionKey: 'healthcare',
    title: 'Ward visit plan',
    ownerId: PRIYA,
    dueDate: '2027-01-12',
    createdBy: PRIYA,
  });
  await NotificationModel.create({
    key: `commitment-notice:${PRIYA}:2026-11-02T14:50:00.000Z`,
    kind: 'commitment-notice',
    status: 'sent',
    dueAt: AT,
    expiresAt: new Date('2026-12-01T00:00:00Z'),
    recipient: { user: PRIYA },
    ref: { user: PRIYA, windowStart: 1 },
    sentAt: AT,
  });
  await HomeViewerModel.create({ _id: PRIYA, lastOpenedAt: AT });
  await HandOverModel.create({ previewId: 'p1', at: AT, by: OTHER, from: OTHER, to: PRIYA, commissionKey: 'healthcare' });
  await recordAudit({ at: AT, by: PRIYA, action: 'commission.target', subject: 'Healthcare', commissionKey: 'healthcare', changes: [] });
}

const run = (text: string, userId: string) => commandReply(h(), text, userId);

it('finds her by @mention wherever she is, and refuses an administrator', async () => {
  const preview = await run(`contact erase <@${PRIYA}>`, ADMIN);
  const section = JSON.stringify(preview.blocks);
  expect(section).toContain('lead of *Healthcare*');
  expect(section).toContain('member of *Construction/Sustainability* as Priya Shah (NYC DOE)');
  expect(section).toContain('of the program *Nursing Assistant* at Thomas Edison CTE');
  expect(section).toContain('attended 1 meeting');
  expect(section).toContain('guest Priya Shah (NYC DOE) at 1 meeting');
  expect(section).not.toContain('Mount Sinai) at'); // the namesake is someone else
  expect(await CommissionModel.countDocuments({ leads: PRIYA })).toBe(1); // nothing erased before the confirmation

  // by her email too: the membership names no Slack id, the program contact links it
  expect(JSON.stringify((await run(`contact erase ${EMAIL}`, ADMIN)).blocks)).toContain('lead of *Healthcare*');
  expect((await run(`contact erase <@${OTHER}>`, ADMIN)).text).toContain('is an iec-bot administrator. Remove them as one first');
  expect((await run(`contact erase <@${ADMIN}>`, ADMIN)).text).toContain('is an iec-bot administrator');
});

it('after the button no record holds her Slack id, email or name; everything else and every count stays', async () => {
  const attendanceBefore = countAttendance((await AttendanceModel.findOne({ meetingId: 'meeting-elsewhere' }).lean())?.attendees ?? []);
  const done = await pressErase(h(), ADMIN, JSON.stringify({ u: PRIYA }));
  expect(done.text).toBe(
    ':wastebasket: Erased their personal data from 1 commitment, 1 commission membership, 1 program of study, the attendance of 2 meetings, the owner of 1 deliverable, the leads of 1 commission, 1 import, 1 scheduled message and 5 audit entries. The erasure is in the audit trail.',
  );
  await events.idle();

  const stored = await everything();
  expect(stored).not.toContain(PRIYA);
  expect(stored).not.toContain(EMAIL);
  // her name is left only on the namesake guest of another organisation
  expect(stored.split(NAME).length - 1).toBe(1);
  expect(JSON.stringify((await AttendanceModel.findOne({ meetingId: 'meeting-elsewhere' }).lean())?.attendees)).toContain(
    `"name":"${NAME}","organisation":"Mount Sinai"`,
  );
  expect(countAttendance((await AttendanceModel.findOne({ meetingId: 'meeting-elsewhere' }).lean())?.attendees ?? [])).toEqual(
    attendanceBefore,
  );

  // she leads nothing; the meetings, the school, the partner, the commitment stay, naming the placeholder
  expect((await CommissionModel.findOne({ key: 'healthcare' }).lean())?.leads).toEqual([]);
  const meetings = await MeetingModel.find({}).sort({ title: 1 }).lean();
  expect(meetings.map((m) => [m.title, m.createdBy, m.organiserId ?? null, m.cancelledBy ?? null])).toEqual([
    ['Fall board', ERASED_CONTACT, ERASED_CONTACT, null],
    ['Winter board', OTHER, OTHER, ERASED_CONTACT],
  ]);
  expect(meetings.map((m) => m.revision)).toEqual([0, 1]); // not a change of the meeting: its reminders' keys stay
  const partner = await PartnerModel.findOne({ name: 'Mount Sinai' }).lean();
  expect(partner?.ownerId).toBeUndefined();
  expect(partner?.history.at(-1)).toMatchObject({ by: ADMIN, action: 'owner erased' });
  expect((await CommitmentModel.findOne({}).lean())?.recordedBy).toBe(ERASED_CONTACT);
  expect((await ProgramModel.findOne({}).lean())?.contacts.map((c) => c.name)).toEqual(['Dana Cho']);
  expect(await MemberModel.countDocuments()).toBe(0);

  // the erasure is audited without her; the lead removal it made names the placeholder
  const audit = await run('audit', ADMIN);
  const auditText = JSON.stringify(audit.blocks);
  expect(auditText).toContain('a person who was no partner contact');
  expect(auditText).not.toContain(PRIYA);
  // once erased, her Slack id finds nothing to show, and erasing again changes nothing
  expect(JSON.stringify((await run(`contact erase <@${PRIYA}>`, ADMIN)).blocks)).toContain('only what they recorded or changed');
  expect((await run(`contact erase ${EMAIL}`, ADMIN)).text).toContain('Nobody here has that email');
});
