import { Schema, model, type InferSchemaType } from 'mongoose';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../domain/commitments';

/**
 * The models of the commitments' derived data: the totals rollup and the counts per commission (totals.ts), the day index of activity
 * (activity.ts), the index of commitments per partner, commission and type (group-index.ts) and the index of commitments
 * by when their history gained an entry (change-index.ts). Those files keep
 * them (with check and rebuild); nothing outside the commitments feature uses these models.
 */

const activitySchema = new Schema(
  {
    _id: { type: String, required: true },
    commissionKey: { type: String, required: true },
    day: { type: String, required: true },
    kind: { type: String, enum: ['recorded', 'fulfilled'], required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'commitmentactivity', versionKey: false },
);

export const CommitmentActivityModel = model('CommitmentActivity', activitySchema);

const groupSchema = new Schema(
  {
    _id: { type: String, required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'commitmentgroups', versionKey: false },
);

export const CommitmentGroupModel = model('CommitmentGroup', groupSchema);

/** `_id` `<10-minute bucket's start, UTC, to the minute>|<last hex digit of the commitments' ids>` (change-index.ts). */
const changeSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The bucket's start. */
    start: { type: Date, required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'commitmentchanges', versionKey: false },
);

export const CommitmentChangeModel = model('CommitmentChange', changeSchema);

const countsShape = Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, { type: Number, default: 0 }])) as Record<
  CommitmentStatus,
  { type: NumberConstructor; default: number }
>;

const totalsSchema = new Schema(
  {
    commissionKey: { type: String, required: true },
    schoolYear: { type: String, required: true },
    type: { type: String, required: true },
    counts: { type: new Schema(countsShape, { _id: false }), default: () => ({}) },
    pledgedQuantity: { type: Number, default: 0 },
    fulfilledQuantity: { type: Number, default: 0 },
  },
  { collection: 'commitmenttotals' },
);
totalsSchema.index({ commissionKey: 1, schoolYear: 1, type: 1 }, { unique: true });
totalsSchema.index({ schoolYear: 1 });

export const CommitmentTotalsModel = model('CommitmentTotals', totalsSchema);
export type CommitmentTotalsRow = InferSchemaType<typeof totalsSchema>;

/** Commitments per commission (`_id`) and status, every school year together: one document a commission (totals.ts). */
const countsSchema = new Schema(
  {
    _id: { type: String, required: true },
    counts: { type: new Schema(countsShape, { _id: false }), default: () => ({}) },
  },
  { collection: 'commitmentcounts' },
);

export const CommitmentCountsModel = model('CommitmentCounts', countsSchema);
