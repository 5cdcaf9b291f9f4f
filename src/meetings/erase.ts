import { scrubbed, scrubbedWith, scrubRecordTexts, TEXT_ERASED } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson, isNamedAs, noTrace, type PersonText, type PersonTrace } from '../domain/names';
import { type StoredMeeting, writeMeeting } from './write';
import { AttendanceModel, DecisionModel } from './attendance-model';
import { MeetingModel } from './model';

/**
 * Erasure of a person (`/iec contact erase`) from meetings. Where they attended, the attendee stays — of their kind,
 * organisation and school, so every count and a school's formal meetings stay as they were — named ERASED_CONTACT,
 * without Slack id or member id. A guest (recorded by name and organisation only) is theirs when both match one of
 * the names they are known under; a namesake of another organisation stays. Their "I attended" presses go; the
 * attendance history, the minutes and who recorded it name ERASED_CONTACT instead of them (revision + 1, so a
 * form opened before cannot put them back). Meetings they scheduled or cancelled, and decisions they recorded or
 * closed, name ERASED_CONTACT, in the meetings' history too.
 */

const isTheirs =
  (person: ErasedPerson) => (a: { slackUserId?: string | null; name?: string | null; organisation?: string | null; kind?: string }) =>
    Boolean(a.slackUserId && person.slackUserIds.includes(a.slackUserId)) || (!a.slackUserId && isNamedAs(person, a.name, a.organisation));

const attendanceFilter = (person: ErasedPerson) => {
  const ids = [...person.slackUserIds];
  const names = [...new Set(person.namedAs.map((n) => n.name))];
  return {
    $or: [
      { 'attendees.slackUserId': { $in: ids } },
      ...(names.length ? [{ 'attendees.name': { $in: names } }] : []),
      { 'claims.slackUserId': { $in: ids } },
      { recordedBy: { $in: ids } },
      { 'history.by': { $in: ids } },
    ],
  };
};

/** Where the person is in meetings' attendance (for the erasure's preview). */
export async function findInAttendance(person: ErasedPerson): Promise<PersonTrace> {
  const trace = noTrace();
  const docs = await AttendanceModel.find(attendanceFilter(person), { attendees: 1 }).limit(10_000).lean();
  const attended = docs.filter((d) => d.attendees.some((a) => a.slackUserId && person.slackUserIds.includes(a.slackUserId))).length;
  if (attended) trace.places.push({ kind: 'attendee', meetings: attended });
  const guests = new Map<string, { name: string; organisation: string; meetings: number }>();
  for (const d of docs) {
    for (const a of d.attendees) {
      if (a.slackUserId || !isTheirs(person)(a)) continue;
      const key = `${a.name}|${a.organisation}`;
      guests.set(key, { name: a.name, organisation: a.organisation ?? '', meetings: (guests.get(key)?.meetings ?? 0) + 1 });
    }
  }
  for (const g of guests.values()) trace.places.push({ kind: 'guest', ...g });
  return trace;
}

/** Returns the meetings whose attendance changed. */
export async function eraseFromAttendance(person: ErasedPerson): Promise<number> {
  const ids = [...person.slackUserIds];
  const values = person.values.filter((v) => v.length > 0);
  const docs = await AttendanceModel.find(attendanceFilter(person), {
    attendees: 1,
    claims: 1,
    history: 1,
    notes: 1,
    recordedBy: 1,
  }).lean();
  let changed = 0;
  for (const d of docs) {
    const theirs = isTheirs(person);
    const attendees = (d.attendees ?? []).map((a) =>
      theirs(a)
        ? {
            name: ERASED_CONTACT,
            organisation: a.organisation ?? '',
            kind: a.kind,
            ...(a.schoolId ? { schoolId: a.schoolId, schoolName: a.schoolName ?? '' } : {}),
          }
        : a,
    );
    const claims = (d.claims ?? []).filter((c) => !ids.includes(c.slackUserId));
    const history = scrubbed(d.history ?? [], values, ERASED_CONTACT);
    const notes = scrubbed(d.notes ?? '', values, ERASED_CONTACT);
    const touched =
      attendees.some((a, i) => a !== d.attendees[i]) ||
      claims.length !== (d.claims ?? []).length ||
      JSON.stringify(history) !== JSON.stringify(d.history ?? []) ||
      notes !== (d.notes ?? '') ||
      Boolean(d.recordedBy && ids.includes(d.recordedBy));
    if (!touched) continue; // a namesake guest only
    await AttendanceModel.updateOne(
      { _id: d._id },
      {
        $set: { attendees, claims, history, notes, ...(d.recordedBy && ids.includes(d.recordedBy) ? { recordedBy: ERASED_CONTACT } : {}) },
        $inc: { revision: 1 },
      },
    );
    changed += 1;
  }
  await DecisionModel.updateMany({ createdBy: { $in: ids } }, { $set: { createdBy: ERASED_CONTACT } });
  await DecisionModel.updateMany({ doneBy: { $in: ids } }, { $set: { doneBy: ERASED_CONTACT } });
  await eraseMeetingAuthors(ids);
  return changed;
}

/**
 * Who scheduled, organises or cancelled a meeting, and who changed one in its history (by, and a `cancelledBy` from → to),
 * becomes ERASED_CONTACT. Not a change of the meeting: no revision, so its reminders' keys stay as they are.
 */
async function eraseMeetingAuthors(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await MeetingModel.updateMany({ createdBy: { $in: ids } }, { $set: { createdBy: ERASED_CONTACT } });
  await MeetingModel.updateMany({ cancelledBy: { $in: ids } }, { $set: { cancelledBy: ERASED_CONTACT } });
  // a meeting they organise keeps the placeholder until `/iec reassign` or a lead names another organiser
  await MeetingModel.updateMany({ organiserId: { $in: ids } }, { $set: { organiserId: ERASED_CONTACT } });
  const touched = await MeetingModel.find(
    { $or: [{ 'history.by': { $in: ids } }, { 'history.changes.from': { $in: ids } }, { 'history.changes.to': { $in: ids } }] },
    { history: 1 },
  ).lean();
  for (const m of touched) {
    await MeetingModel.updateOne({ _id: m._id }, { $set: { history: scrubbed(m.history ?? [], ids, ERASED_CONTACT) } });
  }
}

/**
 * Erasure of a person from meetings' free text: a meeting's title and agenda through the meetings' write path
 * (revision + 1; its history scrubbed after), the minutes of its attendance (revision + 1) and the text of its
 * decisions (every attendance record is read: its history's shape is its own). Returns the meetings, attendance records and decisions changed.
 */
export async function eraseFromMeetingTexts(text: PersonText | undefined, by: string, now: Date): Promise<number> {
  if (!text) return 0;
  const meetings = await scrubRecordTexts({
    model: MeetingModel,
    fields: ['title', 'agenda'],
    text,
    write: async (id, scrub) => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const before = await MeetingModel.findById(id, { history: 0 }).lean<StoredMeeting>();
        if (!before) return;
        const written = await writeMeeting(
          { op: 'update', before, set: { title: scrub(before.title), agenda: scrub(before.agenda ?? '') } },
          { by, now, action: TEXT_ERASED },
        );
        if (written) return;
      }
    },
  });
  let minutes = 0;
  for (const a of await AttendanceModel.find({}, { notes: 1, history: 1 }).lean()) {
    const notes = text.scrub(a.notes ?? '');
    const history = scrubbedWith(a.history ?? [], text.scrub);
    if (notes === (a.notes ?? '') && JSON.stringify(history) === JSON.stringify(a.history ?? [])) continue;
    await AttendanceModel.updateOne({ _id: a._id }, { $set: { notes, history }, $inc: { revision: 1 } });
    minutes += 1;
  }
  let decisions = 0;
  for (const d of await DecisionModel.find({ text: text.filter }, { text: 1 }).lean()) {
    const scrubbedText = text.scrub(d.text);
    if (scrubbedText === d.text) continue;
    await DecisionModel.updateOne({ _id: d._id }, { $set: { text: scrubbedText } });
    decisions += 1;
  }
  return meetings + minutes + decisions;
}
