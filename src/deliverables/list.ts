import type { WebClient } from '@slack/web-api';
import { deactivatedAmong, requireIec, type Actor } from '../access';
import { commissionNames, commissionZone, requireCommission } from '../commissions';
import { localDate } from '../domain/dates';
import type { AppDeps } from '../slack/deps';
import { listDeliverables } from './service';
import { deliverableListMessage, LIST_PAGE_SIZE, type ListPage } from './views';

/** How long a list waits for Slack to say whose accounts are deactivated (the answers not in yet flag the next list). */
export const OWNER_CHECK_WAIT_MS = 500;

/**
 * A page of the list, as a message (used by the command and by "Show more"). For an administrator, owners whose
 * Slack account is deactivated are flagged (users.info, through the access feature's cache; `client` given).
 */
export async function renderListPage(actor: Actor, page: ListPage, deps: AppDeps, now: Date, client?: WebClient) {
  requireIec(actor);
  const commission = page.commissionKey ? await requireCommission(page.commissionKey) : undefined;
  const zone = commissionZone(commission, deps.config.timeZone);
  const today = localDate(now, zone);
  const { items, total } = await listDeliverables({ ...page, commissionKey: commission?.key, limit: LIST_PAGE_SIZE }, today);
  const [names, deactivatedOwners] = await Promise.all([
    commissionNames(),
    actor.isAdmin && client
      ? deactivatedAmong(
          client,
          items.map((d) => d.ownerId),
          now,
          { waitMs: OWNER_CHECK_WAIT_MS },
        )
      : Promise.resolve(new Set<string>()),
  ]);
  const named = items.map((d) => ({ ...d, commissionName: names.get(d.commissionKey) }));
  return deliverableListMessage({
    ...page,
    commissionKey: commission?.key,
    commissionName: commission?.name,
    items: named,
    total,
    today,
    zone,
    deactivatedOwners,
  });
}
