import { commissionZone, listCommissions } from '../commissions';
import type { NotificationSource, PlannedNotification, Rendered } from '../scheduler';
import { addDays, localDate, zonedDateTime } from '../domain/dates';
import { assessPrograms } from './evidence';
import { PROGRAM_LAPSE_KIND } from './ids';
import { getProgram, lapseProgram, programsLapsedAfter, programsRenewalBefore, type ProgramRecord } from './service';
import { lapsedMessage } from './views';

/**
 * An approved program whose renewal date passed without a new approval has lapsed: on the next scheduler tick from
 * `LAPSE_TIME` on the day after its renewal date (in its commission's zone), its stored stage becomes `lapsed`, with
 * a history entry, and its commission's leads and its contacts in Slack each get one DM. The write is conditional
 * (still approved, the same renewal date), so of replicas ticking at once exactly one makes it; the DMs are keyed
 * `program-lapsed:<id>:<renewal date>:to-<user>` and the scheduler claims each once. A DM is skipped when someone
 * set another stage, or another renewal date, before it went out.
 */

export const LAPSE_TIME = '09:00';
const DAY = 86_400_000;

export function lapseNoticeKey(programId: string, renewalDate: string, user: string): string {
  return `program-lapsed:${programId}:${renewalDate}:to-${user}`;
}

/** When an approved program with this renewal date lapses, in its commission's zone. */
export const lapsesAt = (renewalDate: string, zone: string): Date => zonedDateTime(addDays(renewalDate, 1), LAPSE_TIME, zone);

/** Who hears that a program lapsed: its commission's leads and its contacts in Slack, each once. */
const recipientsOf = (p: ProgramRecord, leads: readonly string[]): string[] => [
  ...new Set([...leads, ...(p.contacts ?? []).flatMap((c) => (c.slackUserId ? [c.slackUserId] : []))]),
];

export const programLapseSource: NotificationSource = {
  kind: PROGRAM_LAPSE_KIND,

  async plan(window, ctx): Promise<PlannedNotification[]> {
    const commissions = new Map((await listCommissions()).map((c) => [c.key, c]));
    const zoneOf = (key: string) => commissionZone(commissions.get(key), ctx.timeZone);
    // every zone's date lies within a day of UTC's: those due are among the renewals before tomorrow's UTC date
    const candidates = await programsRenewalBefore(addDays(localDate(window.to, 'UTC'), 1));
    for (const p of candidates) {
      if (p.renewalDate && lapsesAt(p.renewalDate, zoneOf(p.commissionKey)) <= window.to) {
        await lapseProgram(p._id, p.renewalDate, ctx.now);
      }
    }
    // planned from what is lapsed, not from this tick's writes: a replica that lapsed a program and stopped before
    // planning leaves its DMs to the next tick of any replica
    const out: PlannedNotification[] = [];
    for (const p of await programsLapsedAfter(window.from)) {
      const dueAt = p.lapsedAt ? new Date(p.lapsedAt) : undefined;
      if (!dueAt || !p.renewalDate || dueAt > window.to) continue;
      for (const user of recipientsOf(p, commissions.get(p.commissionKey)?.leads ?? [])) {
        out.push({
          key: lapseNoticeKey(String(p._id), p.renewalDate, user),
          kind: PROGRAM_LAPSE_KIND,
          dueAt,
          expiresAt: new Date(dueAt.getTime() + 3 * DAY),
          commissionKey: p.commissionKey,
          recipient: { user },
          about: `${p.name} at ${p.schoolName}`,
          ref: { programId: String(p._id), date: p.renewalDate },
        });
      }
    }
    return out;
  },

  async render(n, ctx): Promise<Rendered> {
    const program = await getProgram(String(n.ref.programId)).catch(() => undefined);
    if (!program) return { skip: 'the program was removed' };
    if (program.stage !== 'lapsed' || program.renewalDate !== String(n.ref.date)) {
      return { skip: `the program is no longer lapsed for its renewal due ${String(n.ref.date)}` };
    }
    const [assessed] = await assessPrograms([program], ctx.now, ctx.timeZone);
    return { message: lapsedMessage(assessed) };
  },
};
