import { actorFrom } from '../../access';
import type { HistoryEntry } from '../../db/history';
import type { AppDeps } from '../../slack/deps';
import { HISTORY_PAGE_SIZE } from '../../slack/history';
import { historyActions } from '../../slack/history-actions';
import { commitmentHistory } from '../service';
import { commitmentHistoryView } from '../views';
import { named, schoolsByIds } from './shared';

/** A commitment's History (from a list row, a confirmation or Home): a modal, newest first, with Newer / Older changes. */

/** The school names the page's changes mention. */
export async function schoolNamesInHistory(entries: readonly HistoryEntry[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const e of entries)
    for (const c of e.changes ?? [])
      if (c.field === 'schoolIds') for (const v of [c.from, c.to]) if (Array.isArray(v)) for (const id of v) ids.add(String(id));
  const valid = [...ids].filter((id) => /^[0-9a-f]{24}$/.test(id));
  const schools = valid.length > 0 ? await schoolsByIds(valid) : [];
  return new Map(schools.map((s) => [s.id, s.name]));
}

/** History on a list row, a confirmation or a Home row (value = commitment id), and its paging buttons. */
export const commitmentHistoryActions = (deps: AppDeps) =>
  historyActions(
    deps,
    async (id, offset, context) => {
      const page = await commitmentHistory(id, actorFrom(context), { offset, limit: HISTORY_PAGE_SIZE });
      const [withName, names] = await Promise.all([named(page.commitment), schoolNamesInHistory(page.entries)]);
      return commitmentHistoryView(withName, { entries: page.entries, total: page.total, offset }, deps.config.timeZone, names);
    },
    'That button is out of date: look at the commitment again (`/iec commitments`).',
  );
