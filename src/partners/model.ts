import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { historyEntrySchema } from '../db/history';
import { watchWrites } from '../db/write-hooks';
import { nameWordKeys, normalizeName } from '../domain/names';

export const PARTNER_STATUSES = ['prospect', 'active', 'inactive'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/**
 * What kind of organisation a partner is. Only industry partners count as industry evidence for a program of
 * study (src/programs); educational providers and community organisations support programs but do not.
 */
export const PARTNER_KINDS = ['industry', 'postsecondary', 'educational_provider', 'community'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  industry: 'Industry',
  postsecondary: 'Postsecondary',
  educational_provider: 'Educational provider',
  community: 'Community organisation',
};

const contactSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    title: { type: String, trim: true },
    email: { type: String, trim: true, lowercase: true },
    /** As written, e.g. `+1 212 555 0100` (imports bring it; the forms do not ask for it). */
    phone: { type: String, trim: true },
    /** Slack user id when the contact is in Slack (also users of other organisations in shared channels). */
    slackUserId: { type: String },
  },
  { _id: false },
);

/** An employer partner. */
const partnerSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    nameKey: { type: String, required: true, unique: true },
    /** The type-ahead's keys: the normalized name from each word on (see nameWordKeys). */
    nameWords: { type: [String], default: [] },
    /** Commission keys this partner works with. */
    commissions: { type: [String], default: [] },
    contacts: { type: [contactSchema], default: [] },
    /** Slack user id of the IEC who owns the relationship. */
    ownerId: { type: String },
    status: { type: String, enum: PARTNER_STATUSES, default: 'prospect' },
    kind: { type: String, enum: PARTNER_KINDS, default: 'industry' },
    notes: { type: String, default: '' },
    /** Slack user id of whoever added the partner, and the modal they used (so a submission delivered twice records once). */
    createdBy: { type: String },
    createdFromViewId: { type: String },
    /** Last time anything was recorded for this partner (commitments, status, contacts). */
    lastActivityAt: { type: Date },
    /** When it was archived (gone from lists, totals and type-ahead until restored), and by whom. */
    archivedAt: { type: Date },
    archivedBy: { type: String },
    /** Merged into another partner (`/iec partner merge`): the keeper's id. Set with archivedAt. */
    mergedInto: { type: String },
    /** The partners merged into this one (their ids), oldest first. */
    mergedFrom: { type: [String], default: undefined },
    /** One entry per write (src/db/history.ts), written only by the write path (write.ts). */
    history: { type: [historyEntrySchema], default: [] },
    /** Bumped by every write (write.ts); an edit states the revision its form showed, so no change is silently lost. */
    revision: { type: Number, default: 0 },
  },
  { timestamps: true },
);
partnerSchema.index({ 'contacts.slackUserId': 1 });
partnerSchema.index({ commissions: 1, nameKey: 1 });
partnerSchema.index({ ownerId: 1 });
partnerSchema.index({ nameWords: 1 });
/** Each replica's name index reads the changes of the others by it (src/partners/name-index.ts). */
partnerSchema.index({ updatedAt: 1 });
/** Lists of the records not archived, by name; and how many are archived. */
partnerSchema.index({ archivedAt: 1, nameKey: 1 });
partnerSchema.pre('validate', function setKey() {
  if (this.name) {
    this.nameKey = normalizeName(this.name);
    this.nameWords = nameWordKeys(this.name);
  }
});

/** This process's writes of names and archiving, whoever makes them: the name index follows them at once. */
export const partnerNameWrites = watchWrites<{ _id: unknown; name: string; archivedAt?: Date | null; updatedAt?: Date }>(partnerSchema, [
  'name',
  'archivedAt',
]);

export type Partner = InferSchemaType<typeof partnerSchema>;
export type PartnerDoc = HydratedDocument<Partner>;
export type PartnerContact = InferSchemaType<typeof contactSchema>;
export const PartnerModel = model('Partner', partnerSchema);
