/**
 * What the app schedules, composed here in the app layer and handed to the scheduler's engine (which imports no
 * feature): main, `npm run job`, the sandbox and the bench pass these to `schedulerDeps` / `startScheduler`, and
 * `/iec status` (src/features.ts) lists them. Apart from src/features.ts so a job loads the features' functions
 * only, not every listener.
 */
import { deliverableReminderSource } from './deliverables';
import { attendanceSource, meetingReminderSource } from './meetings';
import { digestSource } from './digest';
import { followUpSource } from './followups';
import { commitmentNoticeSource } from './commitments';
import { importRecoverySource } from './imports';
import { programLapseSource, reviewReminderSource } from './programs';
import { deactivatedOwnersSource } from './reassign';
import { nightlyReconcile } from './reconcile/nightly';
import type { NightlyJob, NotificationSource } from './scheduler';

/**
 * Every source of scheduled messages, asked by the scheduler on each tick: each feature declares its own and
 * exports it from its index. Add yours with one import and one entry. Keep each source's `kind` unique: it is
 * stored with every notification and used by `npm run job -- digest`.
 */
export const notificationSources: readonly NotificationSource[] = [
  deliverableReminderSource,
  meetingReminderSource,
  attendanceSource,
  digestSource,
  followUpSource,
  importRecoverySource,
  reviewReminderSource,
  programLapseSource,
  commitmentNoticeSource,
  deactivatedOwnersSource,
];

/** Work run once a night across replicas, from the scheduler's cron (src/scheduler/nightly.ts). */
export const nightlyJobs: readonly NightlyJob[] = [nightlyReconcile];
