import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { historyEntrySchema } from '../db/history';
import { COMMITMENT_TYPES } from '../domain/commitments';

export const DELIVERABLE_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];
export const OPEN_DELIVERABLE_STATUSES: readonly DeliverableStatus[] = ['open', 'in_progress'];

/** Something a commission owes, e.g. "teacher externships for automotive". `dueDate` is `YYYY-MM-DD`. */
const deliverableSchema = new Schema(
  {
    commissionKey: { type: String, required: true },
    title: { type: String, required: true, trim: true },
    description: { type: String, default: '' },
    /** Slack user id of the owner. */
    ownerId: { type: String, required: true },
    dueDate: { type: String, required: true },
    status: { type: String, enum: DELIVERABLE_STATUSES, default: 'open' },
    /** Reminders are held back until this date (`YYYY-MM-DD`) after a snooze. */
    snoozedUntil: { type: String },
    linkedTypes: { type: [{ type: String, enum: COMMITMENT_TYPES }], default: [] },
    createdBy: { type: String, required: true },
    completedAt: { type: Date },
    /** The meeting whose decision it carries out (see src/meetings, decisions). */
    meetingId: { type: String },
    /** Set while archived (`/iec archive deliverable`): gone from lists, Home, digests and reminders until restored. */
    archivedAt: { type: Date },
    archivedBy: { type: String },
    /** The Slack submission that created it (view id + hash): a submission delivered twice records once. */
    submissionKey: { type: String },
    /** One entry per write (src/db/history.ts), written only by the write path (write.ts). */
    history: { type: [historyEntrySchema], default: [] },
    /** Bumped by every write (write.ts); updates are conditional on the revision read. */
    revision: { type: Number, default: 0 },
  },
  { timestamps: true },
);
deliverableSchema.index({ commissionKey: 1, status: 1, dueDate: 1 });
deliverableSchema.index({ submissionKey: 1 }, { unique: true, sparse: true });
deliverableSchema.index({ status: 1, dueDate: 1 });
deliverableSchema.index({ ownerId: 1, status: 1 });

export type Deliverable = InferSchemaType<typeof deliverableSchema>;
export type DeliverableDoc = HydratedDocument<Deliverable>;
export const DeliverableModel = model('Deliverable', deliverableSchema);
