import { type HandOverMeta, type HandOverScope, HANDOVER_NAMES_SHOWN, type OwnedRecords, scopeFilter } from '../domain/handover';
import { MeetingModel } from './model';
import { type StoredMeeting, writeMeeting } from './write';

/**
 * The coming meetings a person organises (`organiserId`, or, for a meeting scheduled before organisers were
 * recorded, whoever scheduled it) of the commissions in scope: what `/iec reassign` hands over. Past and
 * cancelled meetings keep theirs. Moved through the write path (history `handed over`, organiser from → to).
 */

function organisedFilter(userId: string, scope: HandOverScope, now: Date) {
  return {
    status: 'scheduled',
    startsAt: { $gt: now },
    archivedAt: null,
    $or: [{ organiserId: userId }, { organiserId: null, createdBy: userId }],
    ...scopeFilter('commissionKey', scope),
  };
}

export async function meetingsOrganisedBy(userId: string, scope: HandOverScope, now: Date): Promise<OwnedRecords> {
  const filter = organisedFilter(userId, scope, now);
  const [first, total] = await Promise.all([
    MeetingModel.find(filter, { title: 1 }).sort({ startsAt: 1, _id: 1 }).limit(HANDOVER_NAMES_SHOWN).lean(),
    MeetingModel.countDocuments(filter),
  ]);
  return { total, names: first.map((m) => m.title) };
}

const BATCH = 200;
const ROUNDS = 50;

/** Moves the coming meetings `from` organises in scope to `to`; returns those moved. Run again, it moves nothing more. */
export async function handOverMeetings(from: string, to: string, scope: HandOverScope, meta: HandOverMeta): Promise<OwnedRecords> {
  const moved: Array<{ title: string; startsAt: Date }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const batch = await MeetingModel.find(organisedFilter(from, scope, meta.now), { history: 0 })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<StoredMeeting[]>();
    if (batch.length === 0) break;
    for (const before of batch) {
      // reminder keys carry the revision: revisedAt keeps those already due (sent under the old one) from going out again
      const written = await writeMeeting(
        { op: 'update', before, set: { organiserId: to }, also: { revisedAt: meta.now } },
        { ...meta, action: 'handed over' },
      );
      if (written) moved.push({ title: written.title, startsAt: written.startsAt });
    }
  }
  moved.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return { total: moved.length, names: moved.slice(0, HANDOVER_NAMES_SHOWN).map((m) => m.title) };
}

/** Everyone who organises a coming meeting: whose accounts the administrators' notice checks. */
export async function meetingOrganiserIds(now: Date): Promise<string[]> {
  const coming = await MeetingModel.find(
    { status: 'scheduled', startsAt: { $gt: now }, archivedAt: null },
    { organiserId: 1, createdBy: 1 },
  )
    .limit(5000)
    .lean();
  return [...new Set(coming.map((m) => m.organiserId ?? m.createdBy))];
}
