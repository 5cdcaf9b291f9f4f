/** The scheduler feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { countNotifications, eraseNotificationsOf, notificationsOfKinds, removeNotifications } from './records';
export { describeSummary, schedulerDeps } from './runner';
export { type SchedulerDeps, tick, type TickSummary } from './scheduler';
export type { NotificationSource, OutgoingMessage, PlannedNotification, Rendered, SchedulerContext } from './types';
export { startScheduler } from './runner';
export { schedulerStatus, type SchedulerStatus } from './status';
export { planningReads, sharedRead, type PlanningReads } from './planning-reads';
export { createDeliveryClient } from './delivery';
export type { NightlyJob } from './nightly';
