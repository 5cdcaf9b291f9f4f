import { type InferSchemaType, model, Schema } from 'mongoose';

/**
 * One confirmed hand-over: claimed by its preview's id (unique) before anything moves, so a second click on
 * the same preview — or the same click delivered twice — hands over once and is told so; then what moved.
 */
const handOverSchema = new Schema({
  previewId: { type: String, required: true, unique: true },
  at: { type: Date, required: true },
  by: { type: String, required: true },
  from: { type: String, required: true },
  to: { type: String, required: true },
  commissionKey: { type: String },
  leads: { type: Boolean, default: false },
  /** Set once everything moved: how many of each. */
  doneAt: { type: Date },
  moved: {
    partners: { type: Number },
    deliverables: { type: Number },
    meetings: { type: Number },
    leads: { type: [String], default: undefined },
  },
});

export type HandOver = InferSchemaType<typeof handOverSchema>;
export const HandOverModel = model('HandOver', handOverSchema);
