/**
 * Typed in-process events: each record kind's write path emits one event after its write (one per batch for
 * bulk writes), and in-process reactions — Home refresh, logging of derived data that failed to update —
 * subscribe instead of being called by every writer. Nothing here knows a feature: subjects are plain data.
 *
 * Handlers run after the emitting call has returned (never inside the write), one event after another; a handler
 * that throws is reported to the `error` handlers and never reaches the writer. Reactions that message people are
 * not handlers here: they go through the scheduler's exactly-once store (see ARCHITECTURE.md).
 */

/** One record before and after a write (`before` absent: created; `after` absent: removed). */
export interface RecordChange<T> {
  before?: T;
  after?: T;
}

export interface ChangeEvent<T> {
  /** e.g. `created`, `edited`, `status`, `imported`. */
  action: string;
  /** Slack user id of whoever made the change. */
  by: string;
  at: Date;
  /** e.g. the file an import came from. */
  source?: string;
  /** The records of this write: one, or a whole batch. */
  changes: ReadonlyArray<RecordChange<T>>;
}

/** The event of one write: who, when, why, and each record's subject before and after. */
export function changeEvent<R, S>(
  meta: { action: string; by: string; now: Date; source?: string },
  changes: ReadonlyArray<RecordChange<R>>,
  subject: (record: R) => S,
): ChangeEvent<S> {
  return {
    action: meta.action,
    by: meta.by,
    at: meta.now,
    ...(meta.source ? { source: meta.source } : {}),
    changes: changes.map(({ before, after }) => ({
      ...(before ? { before: subject(before) } : {}),
      ...(after ? { after: subject(after) } : {}),
    })),
  };
}

export interface CommitmentSubject {
  id: string;
  partnerId: string;
  commissionKey: string;
  recordedBy?: string;
  revision: number;
}
export interface PartnerSubject {
  id: string;
  name: string;
  commissions: string[];
  contactUserIds: string[];
  revision: number;
}
export interface DeliverableSubject {
  id: string;
  commissionKey: string;
  ownerId: string;
  revision: number;
}
export interface SchoolSubject {
  id: string;
  name: string;
  revision: number;
}
export interface MeetingSubject {
  id: string;
  commissionKey: string;
  revision: number;
}

/** Derived data that could not be brought up to date after its record was saved (the reconcile repairs it). */
export interface DerivedFailure {
  /** The derived data's owner, e.g. `commitment totals`. */
  owner: string;
  /** What was being written when it failed, e.g. `commitment 65…: status`. */
  after: string;
  error: unknown;
}

export interface EventMap {
  'commitment.changed': ChangeEvent<CommitmentSubject>;
  'partner.changed': ChangeEvent<PartnerSubject>;
  'deliverable.changed': ChangeEvent<DeliverableSubject>;
  'meeting.changed': ChangeEvent<MeetingSubject>;
  'school.changed': ChangeEvent<SchoolSubject>;
  'derived.failed': DerivedFailure;
}
export type EventName = keyof EventMap;
type Handler<K extends EventName> = (payload: EventMap[K]) => void | Promise<void>;

export class Events {
  private readonly handlers = new Map<EventName, Set<Handler<EventName>>>();
  private readonly errorHandlers = new Set<(err: unknown, event: EventName) => void>();
  private queue: Promise<void> = Promise.resolve();

  /** Subscribes; returns the unsubscribe. */
  on<K extends EventName>(name: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as Handler<EventName>);
    this.handlers.set(name, set);
    return () => set.delete(handler as Handler<EventName>);
  }

  /** Told when a handler throws (the app logs it). Returns the unsubscribe. */
  onError(handler: (err: unknown, event: EventName) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
  }

  /** Queues the event for its handlers and returns at once: the writer never waits for its reactions. */
  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    const handlers = [...(this.handlers.get(name) ?? [])];
    if (handlers.length === 0) return;
    this.queue = this.queue.then(async () => {
      for (const handler of handlers) {
        try {
          await handler(payload);
        } catch (err) {
          for (const onError of this.errorHandlers) onError(err, name);
        }
      }
    });
  }

  /** Resolves once every event emitted so far has been handled (tests, and a graceful stop). */
  idle(): Promise<void> {
    const current = this.queue;
    return current.then(() => (this.queue === current ? undefined : this.idle()));
  }
}

/** The process's events (one app per process in production; replicas are processes). */
export const events = new Events();
