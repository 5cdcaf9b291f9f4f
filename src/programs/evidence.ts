import { programCommitments, workBasedLearningCommitments } from '../commitments';
import { commissionZone, listActiveCommissions } from '../commissions';
import { yearAttendance, type YearAttendance } from '../meetings';
import { membersOf } from '../members';
import { partnerKinds } from '../partners';
import { assessReadiness, byUrgency, type AttendedMeeting, type ProgramEvidence, type Readiness } from './readiness';
import { programContactsOfSchools, rulesFor, type ProgramRecord } from './service';
import { localDate, schoolYearOf } from '../domain/dates';

type SchoolProgram = Pick<ProgramRecord, '_id' | 'schoolId' | 'contacts'>;

/**
 * The formal meetings whose recorded attendance counts for a program: a commission serves as a program's advisory
 * board for the school staff who take part in it. A staff member who is a contact of programs of their school (by
 * Slack user, or by the email their membership gives) counts for those programs only; one who is a contact of none
 * (an administrator, say) counts for every program of their school.
 */
export function attendedByProgram(
  years: readonly YearAttendance[],
  ofSchools: readonly SchoolProgram[],
  emailOfMember: ReadonlyMap<string, string>,
  zoneOf: (commissionKey: string) => string,
): (program: Pick<ProgramRecord, '_id' | 'schoolId' | 'commissionKey'>) => AttendedMeeting[] {
  const represents = new Map<string, Set<string>>();
  for (const p of ofSchools) {
    for (const c of p.contacts ?? []) {
      for (const who of [c.slackUserId ? `slack:${c.slackUserId}` : '', c.email ? `${p.schoolId}|email:${c.email.toLowerCase()}` : '']) {
        if (!who) continue;
        const key = who.startsWith('slack:') ? `${p.schoolId}|${who}` : who;
        represents.set(key, (represents.get(key) ?? new Set()).add(String(p._id)));
      }
    }
  }
  // per commission and school: each formal meeting with its staff, and the programs each represents (none: all)
  const bySchool = new Map<string, Array<{ meeting: AttendedMeeting; staff: Array<{ label: string; programs?: Set<string> }> }>>();
  for (const year of years) {
    const zone = zoneOf(year.commissionKey);
    for (const { meeting, attendance: record } of year.formal) {
      if (!record?.recorded) continue;
      const staffBySchool = new Map<string, Array<{ label: string; programs?: Set<string> }>>();
      for (const a of record.attendees) {
        if (a.kind !== 'school' || !a.schoolId) continue;
        const schoolId = String(a.schoolId);
        const email = a.memberId ? emailOfMember.get(a.memberId) : undefined;
        const programs = new Set([
          ...(a.slackUserId ? (represents.get(`${schoolId}|slack:${a.slackUserId}`) ?? []) : []),
          ...(email ? (represents.get(`${schoolId}|email:${email.toLowerCase()}`) ?? []) : []),
        ]);
        const label = a.name || email || (a.slackUserId ? `@${a.slackUserId}` : 'school staff');
        const list = staffBySchool.get(schoolId) ?? [];
        list.push({ label, ...(programs.size ? { programs } : {}) });
        staffBySchool.set(schoolId, list);
      }
      for (const [schoolId, staff] of staffBySchool) {
        const key = `${year.commissionKey}|${schoolId}`;
        const list = bySchool.get(key) ?? [];
        list.push({
          meeting: { id: String(meeting._id), title: meeting.title, date: localDate(meeting.startsAt, zone), staff: [] },
          staff,
        });
        bySchool.set(key, list);
      }
    }
  }
  return (program) => {
    const id = String(program._id);
    return (bySchool.get(`${program.commissionKey}|${program.schoolId}`) ?? []).flatMap(({ meeting, staff }) => {
      const counted = staff.filter((x) => !x.programs || x.programs.has(id)).map((x) => x.label);
      return counted.length ? [{ ...meeting, staff: counted }] : [];
    });
  };
}

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
  const schoolIds = [...new Set(programs.map((p) => p.schoolId))];
  const [rules, commitments, attendance, members, ofSchools] = await Promise.all([
    rulesFor(keys),
    programCommitments(programs.map((p) => String(p._id))),
    Promise.all(keys.map((k) => yearAttendance(k, yearOf(k), zoneOf(k), now))),
    Promise.all(keys.map((k) => membersOf(k))),
    programContactsOfSchools(schoolIds),
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

  const emailOf = new Map(members.flat().map((m) => [String(m._id), m.email ?? '']));
  const staffMeetings = attendedByProgram(attendance, ofSchools, emailOf, zoneOf);
  const out = programs.map((program) => {
    const id = String(program._id);
    const evidence: ProgramEvidence = {
      meetings: staffMeetings(program),
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
        ...(program.renewalDate ? { renewalDate: program.renewalDate } : {}),
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
