import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { historyEntrySchema } from '../db/history';

export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;

/** A commission meeting. `startsAt` is an instant; it was entered in the commission's time zone. */
const meetingSchema = new Schema(
  {
    commissionKey: { type: String, required: true },
    title: { type: String, required: true, trim: true },
    startsAt: { type: Date, required: true },
    durationMinutes: { type: Number, required: true, min: 5, max: 24 * 60 },
    location: { type: String, default: '' },
    link: { type: String, default: '' },
    agenda: { type: String, default: '' },
    /** Counts as a formal advisory-board meeting (working-group meetings do not). */
    formal: { type: Boolean, default: true },
    status: { type: String, enum: MEETING_STATUSES, default: 'scheduled' },
    /** Bumped by every write (write.ts): reminder keys include it, so an old time never fires. */
    revision: { type: Number, default: 0 },
    /** One entry per write (src/db/history.ts), written only by the write path (write.ts). */
    history: { type: [historyEntrySchema], default: [] },
    /** When the current revision was set (scheduled or last rescheduled): reminders due before it are not planned. */
    revisedAt: { type: Date },
    cancelledAt: { type: Date },
    cancelledBy: { type: String },
    createdBy: { type: String, required: true },
    /** Slack user id of who organises it (a hand-over moves it, `/iec reassign`); absent: whoever scheduled it. */
    organiserId: { type: String },
    /** Set while archived (`/iec archive meeting`): gone from lists, reminders, attendance and digests until restored. */
    archivedAt: { type: Date },
    archivedBy: { type: String },
    /** The Slack submission that scheduled it (view id + hash): a submission delivered twice records once. */
    submissionKey: { type: String },
  },
  { timestamps: true },
);
meetingSchema.index({ status: 1, startsAt: 1 });
meetingSchema.index({ submissionKey: 1 }, { unique: true, sparse: true });
meetingSchema.index({ commissionKey: 1, startsAt: 1 });
meetingSchema.index({ organiserId: 1, status: 1 });

export type Meeting = InferSchemaType<typeof meetingSchema>;
export type MeetingDoc = HydratedDocument<Meeting>;
export const MeetingModel = model('Meeting', meetingSchema);
