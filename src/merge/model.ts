import { type InferSchemaType, model, Schema } from 'mongoose';

export const MERGE_STATUSES = ['started', 'done', 'undone'] as const;

/**
 * One partner merge, claimed before anything moves by `key` (unique): the duplicate's id and the revision it had,
 * so a merge confirmed twice — a double click, a redelivered request — runs once, and the same duplicate can be
 * merged again after an undo (which changes its revision). Then what it did, for its Undo: the revisions its
 * writes gave each record (an undo is refused when a record moved on since). No personal data: the values an undo
 * puts back are read from the records' own history entries (which an erasure scrubs).
 */
const mergeSchema = new Schema({
  key: { type: String, required: true, unique: true },
  duplicateId: { type: String, required: true },
  keeperId: { type: String, required: true },
  duplicateName: { type: String, required: true },
  keeperName: { type: String, required: true },
  by: { type: String, required: true },
  at: { type: Date, required: true },
  status: { type: String, enum: MERGE_STATUSES, default: 'started' },
  /** While `started`: when the run last showed it was alive (a run that died is taken over after a while). */
  heartbeatAt: { type: Date, required: true },
  /** The revisions the merge's writes gave the keeper and the duplicate. */
  keeperRevision: { type: Number },
  duplicateRevision: { type: Number },
  commitments: { type: [{ _id: false, id: { type: String, required: true }, revision: { type: Number, required: true } }], default: [] },
  requests: { type: [String], default: [] },
  members: { type: [String], default: [] },
  contactsAdded: { type: Number, default: 0 },
  /** Every commission the merge touches (its audit entries, the merge's and its undo's, are each one's). */
  commissionKeys: { type: [String], default: [] },
  undoneAt: { type: Date },
});

export type PartnerMergeRecord = InferSchemaType<typeof mergeSchema>;
export const PartnerMergeModel = model('PartnerMerge', mergeSchema);
