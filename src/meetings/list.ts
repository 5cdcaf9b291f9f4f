import { requireIec, type Actor } from '../access';
import { commissionZone, listActiveCommissions, requireCommission } from '../commissions';
import type { AppDeps } from '../slack/deps';
import { upcomingMeetings } from './service';
import { MEETINGS_SHOWN, meetingListMessage } from './views';

/** `/iec meetings [commission]` as a message: used by the command, and to redraw the list a button or form changed. */
export async function renderMeetingList(actor: Actor, commissionArg: string | undefined, deps: AppDeps, now: Date) {
  requireIec(actor);
  const commission = commissionArg ? await requireCommission(commissionArg) : undefined;
  const { items, total } = await upcomingMeetings(commission?.key, now, MEETINGS_SHOWN);
  const active = await listActiveCommissions();
  const zones = new Map(active.map((c) => [c.key, commissionZone(c, deps.config.timeZone)]));
  const names = new Map(active.map((c) => [c.key, c.name]));
  return meetingListMessage({
    commissionKey: commission?.key,
    items,
    total,
    zoneOf: (key) => zones.get(key) ?? deps.config.timeZone,
    nameOf: (key) => names.get(key),
  });
}
