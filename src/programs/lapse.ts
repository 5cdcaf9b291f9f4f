import { commissionZone, findCommissions } from '../commissions';
import { sharedRead, type NotificationSource, type PlannedNotification, type Rendered } from '../scheduler';
import { addDays, localDate, zonedDateTime, zonedDates, type ZonedDates } from '../domain/dates';
import { assessPrograms } from './evidence';
import { PROGRAM_LAPSE_KIND } from './ids';
import { getProgram, lapseProgram, programsLapsing, type ProgramRecord } from './service';
import { lapsedMessage } from './views';

/**
 * An approved program whose renewal date passed without a new approval has lapsed: from `LAPSE_TIME` on the day after
 * its renewal date (in its commission's zone), the scheduler's next tick sets its stored stage to `lapsed`, with a
 * history entry, and its commission's leads and its contacts in Slack each get one DM. Planning only reads (`/iec
 * status` plans the coming days too); the write is made when one of the program's notifications is sent: the lapse
 * itself, keyed `program-lapse:<id>:<renewal date>` (recorded as skipped with what it did: it sends nothing, so a
 * program with nobody to tell lapses too), and each DM, keyed `program-lapsed:<id>:<renewal date>:to-<user>`. The
 * scheduler claims each key once across replicas, and the write is conditional (still approved, with that renewal
 * date), so it is made once whichever runs first. Nothing lapses, and no DM goes out, once someone set another stage
 * or renewal date.
 */

export const LAPSE_TIME = '09:00';
const DAY = 86_400_000;

export function lapseKey(programId: string, renewalDate: string): string {
  return `program-lapse:${programId}:${renewalDate}`;
}

export function lapseNoticeKey(programId: string, renewalDate: string, user: string): string {
  return `program-lapsed:${programId}:${renewalDate}:to-${user}`;
}

/** When an approved program with this renewal date lapses, in its commission's zone. */
export const lapsesAt = (renewalDate: string, zone: string, dates: Pick<ZonedDates, 'zonedDateTime'> = { zonedDateTime }): Date =>
  dates.zonedDateTime(addDays(renewalDate, 1), LAPSE_TIME, zone);

/** Who hears that a program lapsed: its commission's leads and its contacts in Slack, each once. */
const recipientsOf = (p: ProgramRecord, leads: readonly string[]): string[] => [
  ...new Set([...leads, ...(p.contacts ?? []).flatMap((c) => (c.slackUserId ? [c.slackUserId] : []))]),
];

export const programLapseSource: NotificationSource = {
  kind: PROGRAM_LAPSE_KIND,

  async plan(window, ctx): Promise<PlannedNotification[]> {
    // every commission, read once for all the sources of this planning run
    const commissions = new Map((await sharedRead(ctx, findCommissions)).map((c) => [c.key, c]));
    const zoneOf = (key: string) => commissionZone(commissions.get(key), ctx.timeZone);
    // every zone's date lies within a day of UTC's: those due are among the renewals before tomorrow's UTC date;
    // those lapsed since the window opened are planned again (keys already recorded are ignored), so a tick that
    // stopped halfway loses no DM
    const { approved, lapsed } = await programsLapsing(addDays(localDate(window.to, 'UTC'), 1), new Date(window.from.getTime() - DAY));
    const out: PlannedNotification[] = [];
    const dates = zonedDates();
    for (const p of [...approved, ...lapsed]) {
      if (!p.renewalDate) continue;
      const lapseAt = lapsesAt(p.renewalDate, zoneOf(p.commissionKey), dates);
      if (lapseAt > window.to) continue;
      // a renewal that passed before the window (the app was down, or the program was added so): now
      const dueAt = lapseAt > window.from ? lapseAt : ctx.now;
      const base = {
        kind: PROGRAM_LAPSE_KIND,
        dueAt,
        expiresAt: new Date(dueAt.getTime() + 3 * DAY),
        commissionKey: p.commissionKey,
        about: `${p.name} at ${p.schoolName}`,
        ref: { programId: String(p._id), date: p.renewalDate },
      };
      out.push({ ...base, key: lapseKey(String(p._id), p.renewalDate), recipient: { channel: '' } });
      for (const user of recipientsOf(p, commissions.get(p.commissionKey)?.leads ?? [])) {
        out.push({ ...base, key: lapseNoticeKey(String(p._id), p.renewalDate, user), recipient: { user } });
      }
    }
    return out;
  },

  async render(n, ctx): Promise<Rendered> {
    const date = String(n.ref.date);
    const found = await getProgram(String(n.ref.programId)).catch(() => undefined);
    if (!found) return { skip: 'the program was removed' };
    const due = found.stage === 'approved' && found.renewalDate === date;
    // lapsed by this call; else as read, or read again when another replica lapsed it meanwhile
    const program = due ? ((await lapseProgram(found._id, date, ctx.now)) ?? (await getProgram(String(found._id)))) : found;
    if (program.stage !== 'lapsed' || program.renewalDate !== date) {
      return { skip: `the program is no longer approved with its renewal due ${date}` };
    }
    if (n.key === lapseKey(String(program._id), date)) return { skip: `lapsed: its renewal was due ${date}` };
    const [assessed] = await assessPrograms([program], ctx.now, ctx.timeZone);
    return { message: lapsedMessage(assessed) };
  },
};
