import type { WebClient } from '@slack/web-api';
import { deactivatedAmong, requireIec, type Actor } from '../access';
import { commissionZone, listActiveCommissions, requireCommission } from '../commissions';
import type { AppDeps } from '../slack/deps';
import { upcomingMeetings } from './service';
import { MEETINGS_SHOWN, meetingListMessage, organiserOf } from './views';

/** How long a list waits for Slack to say whose accounts are deactivated (the answers not in yet flag the next list). */
const ORGANISER_CHECK_WAIT_MS = 500;

/**
 * `/iec meetings [commission]` as a message: used by the command, and to redraw the list a button or form changed.
 * For an administrator, organisers whose Slack account is deactivated are flagged (`client` given).
 */
export async function renderMeetingList(actor: Actor, commissionArg: string | undefined, deps: AppDeps, now: Date, client?: WebClient) {
  requireIec(actor);
  const commission = commissionArg ? await requireCommission(commissionArg) : undefined;
  const { items, total } = await upcomingMeetings(commission?.key, now, MEETINGS_SHOWN);
  const [active, deactivatedOrganisers] = await Promise.all([
    listActiveCommissions(),
    actor.isAdmin && client
      ? deactivatedAmong(client, items.map(organiserOf), now, { waitMs: ORGANISER_CHECK_WAIT_MS })
      : Promise.resolve(new Set<string>()),
  ]);
  const zones = new Map(active.map((c) => [c.key, commissionZone(c, deps.config.timeZone)]));
  const names = new Map(active.map((c) => [c.key, c.name]));
  return meetingListMessage({
    commissionKey: commission?.key,
    items,
    total,
    zoneOf: (key) => zones.get(key) ?? deps.config.timeZone,
    nameOf: (key) => names.get(key),
    deactivatedOrganisers,
  });
}
