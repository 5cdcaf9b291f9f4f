import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { historyEntrySchema } from '../db/history';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES } from '../domain/commitments';

/** What a partner pledged to CTE schools. Date-only fields are `YYYY-MM-DD` strings. */
const commitmentSchema = new Schema(
  {
    partnerId: { type: Schema.Types.ObjectId, ref: 'Partner', required: true },
    /** Denormalized for lists and exports. */
    partnerName: { type: String, required: true },
    commissionKey: { type: String, required: true },
    type: { type: String, enum: COMMITMENT_TYPES, required: true },
    quantity: { type: Number, required: true, min: 1 },
    unit: { type: String, required: true },
    schoolIds: { type: [Schema.Types.ObjectId], ref: 'School', default: [] },
    /** `2026-27`: July to June. */
    schoolYear: { type: String, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String },
    status: { type: String, enum: COMMITMENT_STATUSES, default: 'pledged' },
    /** When it was last marked fulfilled or partially fulfilled (for "fulfilled this week"). */
    fulfilledAt: { type: Date },
    fulfilledQuantity: { type: Number, default: 0, min: 0 },
    notes: { type: String, default: '' },
    /** Slack user id of whoever recorded it, and whether an IEC or the partner did. */
    recordedBy: { type: String, required: true },
    recordedVia: { type: String, enum: ['iec', 'partner'], required: true },
    /** Set when the commitment was recorded in answer to `/iec request`: the request's id. */
    requestId: { type: Schema.Types.ObjectId },
    /** The program of study this supports (src/programs), e.g. a curriculum review or an external review panelist. */
    programId: { type: String },
    /** One entry per write (src/db/history.ts), written by the write path (write.ts) only. */
    history: { type: [historyEntrySchema], default: [] },
    /** Bumped on every change; updates are conditional on it, so concurrent edits never lose a change. */
    revision: { type: Number, default: 0 },
    /** Idempotency key of the Slack submission that created it (view id + hash): a redelivery records once. */
    submissionKey: { type: String },
    /** Set while archived (who did it is in history): left out of every read but those that ask for it, see below. */
    archivedAt: { type: Date },
    /** Set while its partner is archived (by `notePartnerArchived`): it stays in lists but counts in no total. */
    partnerArchivedAt: { type: Date },
  },
  { timestamps: true },
);

/**
 * Archived commitments are gone from every list, total, digest, report, export, Home tab and look-up: every
 * read of this model leaves them out, in this one place, unless the query is given the option
 * `{ withArchived: true }` (the write path, restore, undo and history read them so).
 */
export const WITH_ARCHIVED = { withArchived: true } as const;
function leaveOutArchived(this: { getOptions(): Record<string, unknown>; where(f: Record<string, unknown>): unknown }): void {
  if (!this.getOptions().withArchived) this.where({ archivedAt: null });
}
commitmentSchema.pre(['find', 'findOne', 'countDocuments', 'distinct'], leaveOutArchived);
commitmentSchema.pre('aggregate', function (this: { options?: Record<string, unknown>; pipeline(): unknown[] }) {
  if (!this.options?.withArchived) this.pipeline().unshift({ $match: { archivedAt: null } });
});
commitmentSchema.index({ partnerId: 1, status: 1 });
commitmentSchema.index({ commissionKey: 1, schoolYear: 1, status: 1 });
// The lists of `/iec commitments` and `/iec partner show`, newest start first, a page at a time: each a bounded
// range of one index, whatever the filter (none, commission, partner, who recorded it).
commitmentSchema.index({ startDate: -1, _id: -1 });
commitmentSchema.index({ commissionKey: 1, startDate: -1, _id: -1 });
commitmentSchema.index({ partnerId: 1, startDate: -1, _id: -1 });
commitmentSchema.index({ recordedBy: 1, startDate: -1, _id: -1 });
// Reports and exports of a school year (optionally one commission's), streamed in _id order.
commitmentSchema.index({ commissionKey: 1, schoolYear: 1, _id: 1 });
commitmentSchema.index({ schoolYear: 1, _id: 1 });
commitmentSchema.index({ status: 1, endDate: 1 });
commitmentSchema.index({ updatedAt: -1 });
commitmentSchema.index({ commissionKey: 1, createdAt: -1 });
commitmentSchema.index({ commissionKey: 1, fulfilledAt: -1 });
commitmentSchema.index({ partnerId: 1, commissionKey: 1, type: 1, status: 1 });
commitmentSchema.index({ submissionKey: 1 }, { unique: true, sparse: true });
commitmentSchema.index({ programId: 1 }, { sparse: true });
// The commitments of archived partners, which the totals leave out: the lists' counts add them (service.ts).
commitmentSchema.index({ partnerArchivedAt: 1 }, { sparse: true });

export type Commitment = InferSchemaType<typeof commitmentSchema>;
export type CommitmentDoc = HydratedDocument<Commitment>;
export type { HistoryEntry } from '../db/history';
export const CommitmentModel = model('Commitment', commitmentSchema);
