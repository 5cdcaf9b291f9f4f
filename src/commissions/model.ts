import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { COMMITMENT_TYPES } from '../domain/commitments';

/** An industry commission: one per career sector, with its digest channel, leads and targets. */
const commissionSchema = new Schema(
  {
    /** Short key used in commands, e.g. `healthcare`. */
    key: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    /** Slack channel that receives the digest and meeting reminders. */
    channelId: { type: String },
    /** Slack user ids of the IEC leads. */
    leads: { type: [String], default: [] },
    /** Targets per school year and commitment type (one without `schoolYear` was set before targets had a year). */
    targets: {
      type: [
        {
          _id: false,
          type: { type: String, enum: COMMITMENT_TYPES, required: true },
          quantity: { type: Number, required: true, min: 0 },
          /** e.g. `2026-27`. */
          schoolYear: { type: String },
        },
      ],
      default: [],
    },
    active: { type: Boolean, default: true },
    /** IANA time zone for this commission's schedules; the app's TZ when empty. */
    timeZone: { type: String },
    /** When the weekly digest goes out, in the commission's time zone (ISO weekday 1 = Monday). */
    digest: {
      weekday: { type: Number, min: 1, max: 7, default: 1 },
      hour: { type: Number, min: 0, max: 23, default: 9 },
      minute: { type: Number, min: 0, max: 59, default: 0 },
    },
    /** Meeting reminder offsets, in minutes before the start. */
    meetingReminderOffsets: { type: [Number], default: [7 * 24 * 60, 24 * 60, 60] },
  },
  { timestamps: true },
);

export type Commission = InferSchemaType<typeof commissionSchema>;
export type CommissionDoc = HydratedDocument<Commission>;
export const CommissionModel = model('Commission', commissionSchema);
