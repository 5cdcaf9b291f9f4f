import { scrubbed } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson } from '../domain/names';
import { AttendanceModel, DecisionModel } from './attendance-model';

/**
 * Erasure of a person (`/iec contact erase`) from meeting attendance: where they attended, the attendee stays — of
 * their kind, organisation and school, so every count and a school's formal meetings stay as they were — named
 * ERASED_CONTACT, without Slack id or member id; their "I attended" presses go; the attendance history, the
 * minutes and who recorded it name ERASED_CONTACT instead of them. Revision + 1, so a form opened before cannot
 * put them back. Decisions they recorded or closed name ERASED_CONTACT. Returns the meetings changed.
 */
export async function eraseFromAttendance(person: ErasedPerson): Promise<number> {
  const ids = [...person.slackUserIds];
  const values = person.values.filter((v) => v.length > 0);
  const names = values.filter((v) => !ids.includes(v));
  const docs = await AttendanceModel.find(
    {
      $or: [
        { 'attendees.slackUserId': { $in: ids } },
        { 'attendees.name': { $in: names } },
        { 'claims.slackUserId': { $in: ids } },
        { recordedBy: { $in: ids } },
        { 'history.by': { $in: ids } },
      ],
    },
    { attendees: 1, claims: 1, history: 1, notes: 1, recordedBy: 1 },
  ).lean();
  for (const d of docs) {
    const attendees = (d.attendees ?? []).map((a) =>
      (a.slackUserId && ids.includes(a.slackUserId)) || (a.name && names.includes(a.name))
        ? {
            name: ERASED_CONTACT,
            organisation: a.organisation ?? '',
            kind: a.kind,
            ...(a.schoolId ? { schoolId: a.schoolId, schoolName: a.schoolName ?? '' } : {}),
          }
        : a,
    );
    await AttendanceModel.updateOne(
      { _id: d._id },
      {
        $set: {
          attendees,
          claims: (d.claims ?? []).filter((c) => !ids.includes(c.slackUserId)),
          history: scrubbed(d.history ?? [], values, ERASED_CONTACT),
          notes: scrubbed(d.notes ?? '', values, ERASED_CONTACT),
          ...(d.recordedBy && ids.includes(d.recordedBy) ? { recordedBy: ERASED_CONTACT } : {}),
        },
        $inc: { revision: 1 },
      },
    );
  }
  await DecisionModel.updateMany({ createdBy: { $in: ids } }, { $set: { createdBy: ERASED_CONTACT } });
  await DecisionModel.updateMany({ doneBy: { $in: ids } }, { $set: { doneBy: ERASED_CONTACT } });
  return docs.length;
}
