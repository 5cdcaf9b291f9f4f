import { Schema, model, type InferSchemaType } from 'mongoose';

/** A no-school date or range (breaks, testing days), inclusive, as `YYYY-MM-DD`. */
const noSchoolSchema = new Schema(
  {
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    label: { type: String, required: true, trim: true },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);
noSchoolSchema.index({ startDate: 1, endDate: 1 }, { unique: true });
// the coming no-school days (`/iec calendar list`, the scheduler's calendar): those ending on or after a date
noSchoolSchema.index({ endDate: 1 });

export type NoSchoolDay = InferSchemaType<typeof noSchoolSchema>;
export const NoSchoolDayModel = model('NoSchoolDay', noSchoolSchema);
