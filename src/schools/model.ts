import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { historyEntrySchema } from '../db/history';
import { watchWrites } from '../db/write-hooks';
import { normalizeName } from '../domain/names';

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
    /** When it was archived (gone from lists, reports and type-ahead until restored), and by whom. */
    archivedAt: { type: Date },
    archivedBy: { type: String },
    /** One entry per write (src/db/history.ts), written by the write path (write.ts) only. */
    history: { type: [historyEntrySchema], default: [] },
    /** Bumped on every change; updates are conditional on it, so concurrent changes never lose one. */
    revision: { type: Number, default: 0 },
  },
  { timestamps: true },
);
schoolSchema.index({ code: 1 }, { unique: true, sparse: true });
/** Each replica's name index reads the changes of the others by it (src/schools/name-index.ts). */
schoolSchema.index({ updatedAt: 1 });
/** Lists of the records not archived, by name; and how many are archived. */
schoolSchema.index({ archivedAt: 1, nameKey: 1 });
schoolSchema.pre('validate', function setKey() {
  if (this.name) this.nameKey = normalizeName(this.name);
});

/** This process's writes of names, codes and archiving, whoever makes them: the name index follows them at once. */
export const schoolNameWrites = watchWrites<{
  _id: unknown;
  name: string;
  code?: string | null;
  archivedAt?: Date | null;
  updatedAt?: Date;
}>(schoolSchema, ['name', 'code', 'archivedAt']);

export type School = InferSchemaType<typeof schoolSchema>;
export type SchoolDoc = HydratedDocument<School>;
export const SchoolModel = model('School', schoolSchema);
