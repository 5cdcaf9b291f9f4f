import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { normalizeName } from '../partners/names';

/** A CTE school that partners serve. */
const schoolSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    /** Normalized name: unique regardless of case, spacing and punctuation. */
    nameKey: { type: String, required: true, unique: true },
    /** District school code, e.g. `02M475`. */
    code: { type: String, trim: true, uppercase: true },
    programs: { type: [String], default: [] },
    createdBy: { type: String },
  },
  { timestamps: true },
);
schoolSchema.index({ code: 1 }, { unique: true, sparse: true });
schoolSchema.pre('validate', function setKey() {
  if (this.name) this.nameKey = normalizeName(this.name);
});

export type School = InferSchemaType<typeof schoolSchema>;
export type SchoolDoc = HydratedDocument<School>;
export const SchoolModel = model('School', schoolSchema);
