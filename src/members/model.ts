import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';

/** Who sits on a commission, by kind. Industry members are partner contacts; school staff name their school. */
export const MEMBER_KINDS = ['industry', 'postsecondary', 'school', 'district'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const MEMBER_ROLES = ['chair', 'co-chair', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** What school staff do at their school (the district's advisory-board rule names these three). */
export const STAFF_ROLES = ['administrator', 'program coordinator', 'teacher'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * One person on one commission. `personKey` says who it is (`slack:U…`, `email:…` or `name:<name>|<organisation>`)
 * and is unique per commission, so nobody is a member twice; a person may belong to several commissions.
 */
const memberSchema = new Schema(
  {
    commissionKey: { type: String, required: true },
    personKey: { type: String, required: true },
    kind: { type: String, enum: MEMBER_KINDS, required: true },
    role: { type: String, enum: MEMBER_ROLES, default: 'member' },
    /** `YYYY-MM-DD`. */
    startDate: { type: String, required: true },
    slackUserId: { type: String },
    /** Empty for a Slack member whose name Slack shows. */
    name: { type: String, default: '' },
    organisation: { type: String, default: '' },
    email: { type: String, default: '' },
    /** The partner an industry member is a contact of. */
    partnerId: { type: String },
    /** School staff: their school (id and name as it was when added). */
    schoolId: { type: String },
    schoolName: { type: String },
    staffRole: { type: String, enum: [...STAFF_ROLES, ''], default: '' },
    revision: { type: Number, default: 0 },
    addedBy: { type: String, required: true },
    /** The form submission that added it (src/slack/forms.ts): a submission delivered twice adds once. */
    submissionKey: { type: String },
    /** Changes after adding: who, when, what. */
    history: {
      type: [
        {
          _id: false,
          at: { type: Date, required: true },
          by: { type: String, required: true },
          change: { type: String, required: true },
          /** The form submission that made the change: delivered again, it is recognised as done. */
          submissionKey: { type: String },
        },
      ],
      default: [],
    },
  },
  { timestamps: true },
);
memberSchema.index({ commissionKey: 1, personKey: 1 }, { unique: true });
memberSchema.index({ slackUserId: 1 });
memberSchema.index({ schoolId: 1 });
/** A partner's members: what refers to it (delete for good), and what a merge moves. */
memberSchema.index({ partnerId: 1 });
memberSchema.index({ submissionKey: 1 }, { unique: true, sparse: true });

export type Member = InferSchemaType<typeof memberSchema>;
export type MemberDoc = HydratedDocument<Member>;
export const MemberModel = model('CommissionMember', memberSchema);
