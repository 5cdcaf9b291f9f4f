import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A CTE program of study at one school, on its way through New York State's approval: in development, self-study,
 * external review scheduled (with its date), approved (with its approval and renewal dates), lapsed.
 */
export const PROGRAM_STAGES = ['development', 'self_study', 'review_scheduled', 'approved', 'lapsed'] as const;
export type ProgramStage = (typeof PROGRAM_STAGES)[number];

const contactSchema = new Schema(
  {
    slackUserId: { type: String },
    name: { type: String, default: '' },
    email: { type: String, default: '' },
  },
  { _id: false },
);

const programSchema = new Schema(
  {
    schoolId: { type: String, required: true },
    /** As it was when the program was added or last changed. */
    schoolName: { type: String, required: true },
    schoolCode: { type: String },
    name: { type: String, required: true, trim: true },
    /** The name compared without case, spaces or punctuation: one program of a name per school. */
    nameKey: { type: String, required: true },
    commissionKey: { type: String, required: true },
    stage: { type: String, enum: PROGRAM_STAGES, required: true },
    /** `YYYY-MM-DD` dates: the external review's (stage review_scheduled), approval and renewal (stage approved). */
    reviewDate: { type: String },
    approvedDate: { type: String },
    renewalDate: { type: String },
    /** When iec-bot set the stage to lapsed because the renewal date passed (lapse.ts); people's changes clear it. */
    lapsedAt: { type: Date },
    /** School staff who run it (in Slack, or by name and email). */
    contacts: { type: [contactSchema], default: [] },
    revision: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
    /** The Slack submission or import row that created it: a redelivery records once. */
    sourceKey: { type: String },
    history: {
      type: [
        { _id: false, at: { type: Date, required: true }, by: { type: String, required: true }, change: { type: String, required: true } },
      ],
      default: [],
    },
  },
  { timestamps: true },
);
programSchema.index({ schoolId: 1, nameKey: 1 }, { unique: true });
programSchema.index({ commissionKey: 1, stage: 1 });
programSchema.index({ stage: 1, reviewDate: 1 });
programSchema.index({ stage: 1, renewalDate: 1 });
programSchema.index({ stage: 1, lapsedAt: 1 });
programSchema.index({ sourceKey: 1 }, { unique: true, sparse: true });
programSchema.index({ schoolName: 1, nameKey: 1 }); // the district-wide list (admins' Home, /iec programs) is read in this order

export type Program = InferSchemaType<typeof programSchema>;
export const ProgramModel = model('Program', programSchema);

/** Readiness rules of one commission (defaults in readiness.ts when a commission has none). */
const rulesSchema = new Schema(
  {
    commissionKey: { type: String, required: true, unique: true },
    minFormalMeetings: { type: Number, required: true, min: 0, max: 20 },
    minWorkBasedLearning: { type: Number, required: true, min: 0, max: 100 },
    updatedBy: { type: String, required: true },
  },
  { timestamps: true },
);

export type ReadinessRulesDoc = InferSchemaType<typeof rulesSchema>;
export const ReadinessRulesModel = model('ProgramReadinessRules', rulesSchema);
