import { Schema, model, type InferSchemaType } from 'mongoose';
import { IMPORT_KINDS } from './columns';

export const IMPORT_STATUSES = [
  'previewed',
  'applying',
  'applied',
  'cancelled',
  'stale',
  'rolling_back',
  'rolled_back',
  'expired',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One import: what file, by whom, what the preview said, and where applying it got to. The writes it plans
 * are its ImportOps, so applying (or rolling back) after a crash knows exactly what to finish or undo.
 */
const importSchema = new Schema(
  {
    kind: { type: String, enum: IMPORT_KINDS, required: true },
    filename: { type: String, required: true },
    format: { type: String, enum: ['csv', 'xlsx'], required: true },
    /** Slack user id of who imported it, or `shell:<login>` from the command line. */
    by: { type: String, required: true },
    via: { type: String, enum: ['slack', 'shell'], required: true },
    status: { type: String, enum: IMPORT_STATUSES, required: true },
    counts: {
      new: { type: Number, default: 0 },
      updated: { type: Number, default: 0 },
      unchanged: { type: Number, default: 0 },
      rejected: { type: Number, default: 0 },
    },
    /** The first rejected rows (the count is in `counts.rejected`). */
    rejected: { type: [{ _id: false, row: Number, reason: String }], default: [] },
    unrecognised: { type: [String], default: [] },
    notices: { type: [String], default: [] },
    /** Who is applying or rolling it back, until when (renewed while working). `host:pid`. */
    lease: { holder: { type: String }, until: { type: Date } },
    /** Whether the commitments' rollups were settled by the apply itself (else rebuilt after a crash). */
    settled: { type: Boolean, default: false },
    /** Where the preview was shown in Slack (to update it, or to tell the author). */
    slack: { viewId: { type: String }, channelId: { type: String } },
    problem: { type: String },
    /** Its author's Undo from Slack (src/imports/undo.ts): claimed once, then the rollback. */
    undo: { by: { type: String }, at: { type: Date } },
    /** The Slack form submission that previewed it (src/slack/forms.ts): delivered twice, it previews once. */
    submissionKey: { type: String },
    /**
     * How many pages (ImportPages) hold its planned writes. Absent on imports previewed before s14, whose writes are
     * one ImportOp each.
     */
    pages: { type: Number },
    createdAt: { type: Date, required: true },
    appliedAt: { type: Date },
    finishedAt: { type: Date },
  },
  { collection: 'imports' },
);
importSchema.index({ status: 1, 'lease.until': 1 });
importSchema.index({ submissionKey: 1 }, { unique: true, sparse: true });

/**
 * The writes an import plans, in order, a page of up to PAGE_OPS at a time: `_id` `<import id>:<page>` (pages
 * 0, 1, … of `Import.pages`), read back by `_id`. Each op is a StoredOp (writers.ts): action, targetId, row, label,
 * before, after, revision. A plan of 20,000 writes is 100 documents instead of 20,000, each found by `_id`.
 */
const importPageSchema = new Schema(
  {
    _id: { type: String, required: true },
    importId: { type: Schema.Types.ObjectId, required: true },
    page: { type: Number, required: true },
    ops: { type: [Schema.Types.Mixed], required: true },
  },
  { collection: 'importpages', versionKey: false, minimize: false },
);
importPageSchema.index({ importId: 1, page: 1 }, { unique: true });

/** Writes per page: a page of partner writes with many contacts stays far below MongoDB's 16 MB document limit. */
export const PAGE_OPS = 200;

export const pageId = (importId: unknown, page: number) => `${String(importId)}:${page}`;

/** One planned write per document, as imports previewed before s14 stored them (still read, applied and rolled back). */
const importOpSchema = new Schema(
  {
    importId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    action: { type: String, enum: ['create', 'update'], required: true },
    targetId: { type: String, required: true },
    row: { type: Number, required: true },
    label: { type: String, required: true },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed, required: true },
    revision: { type: Number },
  },
  { collection: 'importops', versionKey: false, minimize: false },
);
importOpSchema.index({ importId: 1, seq: 1 }, { unique: true });

export type ImportRecordDoc = InferSchemaType<typeof importSchema>;
export const ImportModel = model('Import', importSchema);
export const ImportOpModel = model('ImportOp', importOpSchema);
export const ImportPageModel = model('ImportPage', importPageSchema);
