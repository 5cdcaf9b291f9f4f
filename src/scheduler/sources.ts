import { deliverableReminderSource } from '../deliverables';
import { attendanceSource } from '../meetings';
import { meetingReminderSource } from '../meetings';
import { digestSource } from '../digest';
import { followUpSource } from '../followups';
import { commitmentNoticeSource } from '../commitments';
import { importRecoverySource } from '../imports';
import { reviewReminderSource } from '../programs';
import { nightlyReconcile } from '../reconcile/nightly';
import type { NightlyJob } from './nightly';
import type { NotificationSource } from './types';

/**
 * Every source of scheduled messages, asked by the scheduler on each tick.
 * Add yours with ONE import line and ONE entry in the array (e.g. `meetingReminderSource,`).
 * Keep each source's `kind` unique: it is stored with every notification and used by `npm run job -- digest`.
 */
export const notificationSources: readonly NotificationSource[] = [
  deliverableReminderSource,
  meetingReminderSource,
  attendanceSource,
  digestSource,
  followUpSource,
  importRecoverySource,
  reviewReminderSource,
  commitmentNoticeSource,
];

/** Work run once a night across replicas, from the cron (see nightly.ts). */
export const nightlyJobs: readonly NightlyJob[] = [nightlyReconcile];
