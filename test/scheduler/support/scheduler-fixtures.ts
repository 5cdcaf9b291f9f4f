import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../../support/db';
import { FakeSlack } from '../../support/fake-slack';
import { CapturingLogger } from '../../support/logger';
import { type TestTime, virtualTime } from '../../support/time';
import { createDeliveryClient, NOTIFICATION_EVENT_TYPE } from '../../../src/scheduler/delivery';
import type { SchedulerDeps } from '../../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification, Recipient, Rendered } from '../../../src/scheduler/types';

/**
 * A test-only NotificationSource: plans a fixed list (those due in the window) and renders each as its key,
 * unless `skip` names it. Records every render.
 */
export interface ListSource extends NotificationSource {
  items: PlannedNotification[];
  renders: string[];
  skip: Map<string, string>;
}

export function listSource(kind: string, items: PlannedNotification[] = []): ListSource {
  const source: ListSource = {
    kind,
    items,
    renders: [],
    skip: new Map(),
    async plan(window) {
      return source.items.filter((n) => n.dueAt > window.from && n.dueAt <= window.to);
    },
    async render(n): Promise<Rendered> {
      source.renders.push(n.key);
      const reason = source.skip.get(n.key);
      if (reason) return { skip: reason };
      return {
        message: {
          text: `notification ${n.key}`,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `notification \`${n.key}\`` } }],
        },
      };
    },
  };
  return source;
}

const HOUR = 60 * 60_000;

export function planned(
  key: string,
  dueAt: Date,
  recipient: Recipient,
  opts: { kind?: string; catchUpMs?: number; commissionKey?: string } = {},
): PlannedNotification {
  return {
    key,
    kind: opts.kind ?? 'test',
    dueAt,
    expiresAt: new Date(dueAt.getTime() + (opts.catchUpMs ?? 24 * HOUR)),
    recipient,
    ref: { key },
    ...(opts.commissionKey ? { commissionKey: opts.commissionKey } : {}),
  };
}

/**
 * A replica with production's settings (lease, retry delay, attempts, delivery bounds, the client's timeout) on
 * virtual time: its backoffs and Retry-After waits move its clock instead of taking real time (`time`, unless the
 * overrides bring their own `wallClock`, or `delivery.sleep` for real waits).
 */
export function schedulerTestDeps(
  fake: FakeSlack,
  sources: NotificationSource[],
  overrides: Partial<SchedulerDeps> = {},
  time: TestTime = virtualTime(),
): SchedulerDeps & { logger: CapturingLogger } {
  const { delivery, ...rest } = overrides;
  return {
    client: createDeliveryClient('xoxb-test-scheduler', { apiUrl: fake.apiUrl }),
    sources,
    logger: new CapturingLogger(),
    timeZone: 'America/New_York',
    admins: ['UADMIN01'],
    owner: 'test-replica',
    wallClock: time.clock,
    ...rest,
    delivery: { sleep: time.sleep, ...delivery },
  } as SchedulerDeps & { logger: CapturingLogger };
}

/** The notification keys of the messages the fake holds (from their metadata), in posting order. */
export function deliveredKeys(fake: FakeSlack): string[] {
  return fake.messages().flatMap((m) => {
    const metadata = m.metadata as { event_type?: string; event_payload?: { key?: string } } | undefined;
    return metadata?.event_type === NOTIFICATION_EVENT_TYPE && metadata.event_payload?.key ? [metadata.event_payload.key] : [];
  });
}

/**
 * This file's own database and a fake Slack for the whole file, emptied and reset before each test.
 * Returns a getter (the fake exists once beforeAll has run).
 */
export function useDatabaseAndFakeSlack(): () => FakeSlack {
  let fake: FakeSlack | undefined;
  beforeAll(async () => {
    await connectTestDatabase();
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake?.stop();
    await disconnectTestDatabase();
  });
  beforeEach(async () => {
    await clearCollections();
    fake?.reset();
  });
  return () => {
    if (!fake) throw new Error('the fake Slack is not started yet');
    return fake;
  };
}
