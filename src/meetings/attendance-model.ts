import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { MEMBER_KINDS } from '../members';

/** Who came to a meeting, as the lead recorded it, with the members' own "I attended" claims and the minutes. */

export const ATTENDEE_KINDS = [...MEMBER_KINDS, 'guest'] as const;
export type AttendeeKind = (typeof ATTENDEE_KINDS)[number];
export const CLAIM_STATUSES = ['pending', 'confirmed', 'dismissed'] as const;

/** A person as they were when recorded: attendance stays readable after a member leaves or changes. */
const attendeeSchema = new Schema(
  {
    memberId: { type: String },
    slackUserId: { type: String },
    name: { type: String, default: '' },
    organisation: { type: String, default: '' },
    kind: { type: String, enum: ATTENDEE_KINDS, required: true },
    schoolId: { type: String },
    schoolName: { type: String },
  },
  { _id: false },
);

const attendanceSchema = new Schema(
  {
    meetingId: { type: String, required: true, unique: true },
    commissionKey: { type: String, required: true },
    attendees: { type: [attendeeSchema], default: [] },
    /** "I attended" presses: pending until the lead records attendance (confirmed if ticked, else dismissed). */
    claims: {
      type: [
        {
          _id: false,
          slackUserId: { type: String, required: true },
          memberId: { type: String, required: true },
          at: { type: Date, required: true },
          status: { type: String, enum: CLAIM_STATUSES, default: 'pending' },
        },
      ],
      default: [],
    },
    /** The minutes: what was discussed (decisions are their own records). */
    notes: { type: String, default: '' },
    /** False until the lead records attendance (a document may exist earlier, holding claims). */
    recorded: { type: Boolean, default: false },
    recordedAt: { type: Date },
    recordedBy: { type: String },
    /** Bumped on every recording: a correction made meanwhile is not overwritten. */
    revision: { type: Number, default: 0 },
    history: {
      type: [
        {
          _id: false,
          at: { type: Date, required: true },
          by: { type: String, required: true },
          count: { type: Number, required: true },
          added: { type: [String], default: [] },
          removed: { type: [String], default: [] },
          notesChanged: { type: Boolean, default: false },
        },
      ],
      default: [],
    },
  },
  { timestamps: true },
);
attendanceSchema.index({ commissionKey: 1 });

export type Attendance = InferSchemaType<typeof attendanceSchema>;
export type AttendanceDoc = HydratedDocument<Attendance>;
export const AttendanceModel = model('MeetingAttendance', attendanceSchema);

/** A decision taken at a meeting; it may become a deliverable (linked both ways). */
const decisionSchema = new Schema(
  {
    meetingId: { type: String, required: true },
    commissionKey: { type: String, required: true },
    text: { type: String, required: true, trim: true },
    status: { type: String, enum: ['open', 'done'], default: 'open' },
    deliverableId: { type: String },
    createdBy: { type: String, required: true },
    doneAt: { type: Date },
    doneBy: { type: String },
    /** The Slack submission that recorded it: a submission delivered twice records once. */
    submissionKey: { type: String },
  },
  { timestamps: true },
);
decisionSchema.index({ commissionKey: 1, status: 1 });
decisionSchema.index({ meetingId: 1 });
decisionSchema.index({ submissionKey: 1 }, { unique: true, sparse: true });

export type Decision = InferSchemaType<typeof decisionSchema>;
export const DecisionModel = model('MeetingDecision', decisionSchema);
