import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One document per scheduled message, under its deterministic key. The unique index on `key` is what makes
 * sending exactly-once across replicas: a notification is claimed by INSERTING its document, and only the
 * replica whose insert succeeded sends it. Every document ends `sent`, `skipped` or `failed`, with a reason.
 *
 * - `claimed`: a replica (`owner`) is sending it; when `leaseUntil` (wall-clock) passes while still claimed,
 *   the owner died or gave up for now (Slack kept failing), and another tick takes it over atomically. When
 *   `attempt` is set, a post may have reached Slack without being recorded here (the owner died, or the request
 *   timed out, after Slack accepted it): whoever takes it over first looks in `attempt.channel` for a message
 *   carrying the key in its metadata, and records that one instead of posting again.
 * - `sent`: delivered; `slack.channel` / `slack.ts` name the message.
 * - `skipped`: deliberately not sent (`reason`): no longer useful after an outage, meeting cancelled, ...
 * - `failed`: Slack refused it for good (`reason`: the error); the commission's leads were told once.
 */
export const NOTIFICATION_STATUSES = ['claimed', 'sent', 'skipped', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

const notificationSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    status: { type: String, enum: NOTIFICATION_STATUSES, required: true },
    reason: { type: String },
    /** Delivery attempts made so far (across ticks and replicas). */
    attempts: { type: Number, default: 0 },
    /** The last transient error, while it is being retried. */
    lastError: { type: String },
    /** The replica that holds the claim. */
    owner: { type: String },
    /** Wall-clock instant after which another replica may take the claim over. */
    leaseUntil: { type: Date },
    /** Set just before each chat.postMessage: where the latest post went, and when the first one started (wall clock). */
    attempt: {
      _id: false,
      channel: { type: String },
      startedAt: { type: Date },
    },
    dueAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    sentAt: { type: Date },
    /** Wall-clock instant it reached its final status. */
    finishedAt: { type: Date },
    /**
     * The business time (`now`) of the scheduler run that gave it its final status: the cron's clock, the sandbox's,
     * or `npm run job -- --at`. `/iec status` counts by it.
     */
    runAt: { type: Date },
    recipient: {
      _id: false,
      channel: { type: String },
      user: { type: String },
    },
    commissionKey: { type: String },
    ref: { type: Schema.Types.Mixed, default: {} },
    slack: {
      _id: false,
      channel: { type: String },
      ts: { type: String },
    },
  },
  { timestamps: true, minimize: false },
);
// Takeover scan (claimed with an expired lease); /iec status (recent by run or due date, per status; the latest run).
notificationSchema.index({ status: 1, leaseUntil: 1 });
notificationSchema.index({ dueAt: -1, status: 1 });
// runAt then dueAt: the status counts' two branches, handled by a run as of the window (a runAt range) and not yet
// handled (runAt absent, a dueAt range), each a tight range; with (runAt, status) the planner walked every message
// without runAt for the second one (the secantus index test measured it)
notificationSchema.index({ runAt: 1, dueAt: 1 });
notificationSchema.index({ finishedAt: -1 });

export type NotificationRecord = InferSchemaType<typeof notificationSchema>;
export const NotificationModel = model('Notification', notificationSchema);
