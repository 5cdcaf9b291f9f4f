import type { WebClient } from '@slack/web-api';
import { events, type ChangeEvent } from '../events';
import type { AppDeps } from '../slack/deps';
import { refreshHomesForAll, type HomeChangeKind, type HomeSubjects } from './refresh';

/**
 * Home tabs follow changes by subscribing to the write paths' events (src/events), instead of every writer
 * calling `refreshHomesFor` by hand. Subscribed once per process; the latest app registered is the one whose
 * client publishes (one app per process in production, replicas being processes; in tests, the live harness).
 */
let target: { client: WebClient; deps: AppDeps } | undefined;
let subscribed = false;

/** At most this many records of one write (an import batch) decide whose Home tabs are refreshed. */
const SUBJECTS_PER_EVENT = 50;

function after<T>(e: ChangeEvent<T>): T[] {
  return e.changes.flatMap((c) => (c.after ? [c.after] : c.before ? [c.before] : [])).slice(0, SUBJECTS_PER_EVENT);
}

async function refresh<K extends HomeChangeKind>(kind: K, by: string, subjects: Array<HomeSubjects[K]>): Promise<void> {
  if (!target || subjects.length === 0) return;
  await refreshHomesForAll(kind, subjects, { client: target.client, by, deps: target.deps });
}

export function subscribeHomeRefresh(client: WebClient, deps: AppDeps): void {
  target = { client, deps };
  if (subscribed) return;
  subscribed = true;
  events.on('commitment.changed', (e) =>
    refresh(
      'commitment',
      e.by,
      after(e).map((c) => ({ partnerId: c.partnerId, commissionKey: c.commissionKey, recordedBy: c.recordedBy })),
    ),
  );
  events.on('deliverable.changed', (e) =>
    refresh(
      'deliverable',
      e.by,
      after(e).map((d) => ({ ownerId: d.ownerId, commissionKey: d.commissionKey })),
    ),
  );
  events.on('meeting.changed', (e) =>
    refresh(
      'meeting',
      e.by,
      after(e).map((m) => ({ commissionKey: m.commissionKey })),
    ),
  );
}
