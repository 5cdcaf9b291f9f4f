import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';

export const REQUEST_STATUSES = ['open', 'answered'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * `/iec request @contact [commission]`: an IEC asked a partner contact to record their organisation's
 * commitment. Open until the contact submits; the App Home lists the open ones.
 */
const requestSchema = new Schema(
  {
    partnerId: { type: Schema.Types.ObjectId, ref: 'Partner', required: true },
    partnerName: { type: String, required: true },
    /** Slack user id of the partner contact who was asked. */
    contactUserId: { type: String, required: true },
    /** Slack user id of the IEC who asked. */
    requestedBy: { type: String, required: true },
    commissionKey: { type: String },
    /** Asked for one program of study (src/programs): the program and the role (a program-support commitment type). */
    programId: { type: String },
    programLabel: { type: String },
    role: { type: String },
    status: { type: String, enum: REQUEST_STATUSES, default: 'open' },
    /** The DM that carries the ask, so the IEC's answer can go in its thread. */
    channelId: { type: String },
    messageTs: { type: String },
    requestedAt: { type: Date, required: true },
    answeredAt: { type: Date },
    commitmentId: { type: Schema.Types.ObjectId, ref: 'Commitment' },
  },
  { timestamps: true },
);
requestSchema.index({ requestedBy: 1, status: 1, requestedAt: -1 });
requestSchema.index({ contactUserId: 1, status: 1 });
requestSchema.index({ status: 1, requestedAt: -1 });
/** A partner's requests: what refers to it (delete for good), and what a merge moves. */
requestSchema.index({ partnerId: 1 });

export type CommitmentRequest = InferSchemaType<typeof requestSchema>;
export type CommitmentRequestDoc = HydratedDocument<CommitmentRequest>;
export const CommitmentRequestModel = model('CommitmentRequest', requestSchema);
