import { requireIec, type Actor } from '../access';
import { commissionNames, commissionZone, requireCommission } from '../commissions';
import { localDate } from '../domain/dates';
import type { AppDeps } from '../slack/deps';
import { listDeliverables } from './service';
import { deliverableListMessage, LIST_PAGE_SIZE, type ListPage } from './views';

/** A page of the list, as a message (used by the command and by "Show more"). */
export async function renderListPage(actor: Actor, page: ListPage, deps: AppDeps, now: Date) {
  requireIec(actor);
  const commission = page.commissionKey ? await requireCommission(page.commissionKey) : undefined;
  const zone = commissionZone(commission, deps.config.timeZone);
  const today = localDate(now, zone);
  const { items, total } = await listDeliverables({ ...page, commissionKey: commission?.key, limit: LIST_PAGE_SIZE }, today);
  const names = await commissionNames();
  const named = items.map((d) => ({ ...d, commissionName: names.get(d.commissionKey) }));
  return deliverableListMessage({
    ...page,
    commissionKey: commission?.key,
    commissionName: commission?.name,
    items: named,
    total,
    today,
    zone,
  });
}
