import { programCommitments, workBasedLearningCommitments } from '../commitments';
import { commissionZone, listActiveCommissions } from '../commissions';
import { yearAttendance } from '../meetings';
import { partnerKinds } from '../partners';
import { assessReadiness, byUrgency, type AttendedMeeting, type ProgramEvidence, type Readiness } from './readiness';
import { rulesFor, type ProgramRecord } from './service';
import { localDate, schoolYearOf } from '../domain/dates';

/** Gathers the evidence of many programs at once (a few queries per commission, not per program) and assesses it. */

export interface AssessedProgram {
  program: ProgramRecord;
  readiness: Readiness;
  evidence: ProgramEvidence;
  schoolName: string;
  name: string;
  zone: string;
}

/**
 * The readiness of these programs in the school year of `now` (or `schoolYear`), each in its commission's zone.
 * Sorted at risk first, then by the nearest review.
 */
export async function assessPrograms(
  programs: readonly ProgramRecord[],
  now: Date,
  defaultZone: string,
  schoolYear?: string,
): Promise<AssessedProgram[]> {
  if (programs.length === 0) return [];
  const keys = [...new Set(programs.map((p) => p.commissionKey))];
  const commissions = new Map((await listActiveCommissions()).map((c) => [c.key, c]));
  const zoneOf = (key: string) => commissionZone(commissions.get(key), defaultZone);
  const yearOf = (key: string) => schoolYear ?? schoolYearOf(now, zoneOf(key));
  const [rules, commitments, attendance] = await Promise.all([
    rulesFor(keys),
    programCommitments(programs.map((p) => String(p._id))),
    Promise.all(keys.map((k) => yearAttendance(k, yearOf(k), zoneOf(k), now))),
  ]);
  const years = [...new Set(keys.map(yearOf))];
  const wbl = (
    await Promise.all(
      years.map((y) =>
        workBasedLearningCommitments(
          keys.filter((k) => yearOf(k) === y),
          y,
        ),
      ),
    )
  ).flat();
  const partners = await partnerKinds([...commitments, ...wbl].map((c) => c.partnerId));

  // per commission and school: the formal meetings its staff attended
  const meetingsBySchool = new Map<string, AttendedMeeting[]>();
  for (const year of attendance) {
    const zone = zoneOf(year.commissionKey);
    for (const { meeting, attendance: record } of year.formal) {
      if (!record?.recorded) continue;
      const schools = new Set(record.attendees.filter((a) => a.kind === 'school' && a.schoolId).map((a) => String(a.schoolId)));
      for (const schoolId of schools) {
        const key = `${year.commissionKey}|${schoolId}`;
        const list = meetingsBySchool.get(key) ?? [];
        list.push({ id: String(meeting._id), title: meeting.title, date: localDate(meeting.startsAt, zone) });
        meetingsBySchool.set(key, list);
      }
    }
  }
  const out = programs.map((program) => {
    const id = String(program._id);
    const evidence: ProgramEvidence = {
      meetings: meetingsBySchool.get(`${program.commissionKey}|${program.schoolId}`) ?? [],
      programCommitments: commitments.filter((c) => c.programId === id),
      workBasedLearning: wbl.filter((c) => c.commissionKey === program.commissionKey && c.schoolIds.includes(program.schoolId)),
      partners,
    };
    const zone = zoneOf(program.commissionKey);
    const readiness = assessReadiness(
      {
        id,
        schoolId: program.schoolId,
        commissionKey: program.commissionKey,
        stage: program.stage,
        ...(program.reviewDate ? { reviewDate: program.reviewDate } : {}),
      },
      evidence,
      rules.get(program.commissionKey) ?? { minFormalMeetings: 2, minWorkBasedLearning: 1 },
      yearOf(program.commissionKey),
      localDate(now, zone),
    );
    return { program, readiness, evidence, schoolName: program.schoolName, name: program.name, zone };
  });
  return out.sort(byUrgency);
}
