import { type InferSchemaType, model, Schema } from 'mongoose';

/**
 * One change, as the audit trail records it: who, when, what, from what to what. Kept by src/audit/service.ts
 * only; other features record through `recordAudit`.
 */
const auditSchema = new Schema({
  at: { type: Date, required: true },
  /** Slack user id of who made the change (or `system`). */
  by: { type: String, required: true },
  /** What was done, e.g. `commission.lead.add`, `calendar.add`, `contact.erase`. */
  action: { type: String, required: true },
  /** What it was done to, as people read it, e.g. `Healthcare`, `no-school days`, `Con Edison`. */
  subject: { type: String, required: true },
  /**
   * The commissions it touches (for `/iec audit <commission>`): one for most entries, several for a merge across
   * commissions. Entries written before it could hold several have one string here; the same query and index
   * (multikey) match both.
   */
  commissionKey: { type: [String], default: [] },
  /** Everyone it concerns: who did it and whom it was done to (for `/iec audit @user`). */
  people: { type: [String], default: [] },
  changes: {
    type: [{ _id: false, field: { type: String, required: true }, from: Schema.Types.Mixed, to: Schema.Types.Mixed }],
    default: [],
  },
});
auditSchema.index({ at: -1 });
auditSchema.index({ commissionKey: 1, at: -1 });
auditSchema.index({ people: 1, at: -1 });

export type AuditEntry = InferSchemaType<typeof auditSchema>;
export const AuditEntryModel = model('AuditEntry', auditSchema);
