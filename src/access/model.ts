import { Schema, model } from 'mongoose';

/** Administrators added in Slack (`/iec admin add`). Those in IEC_ADMINS are administrators always. */
const adminSchema = new Schema(
  {
    userId: { type: String, required: true, unique: true },
    addedBy: { type: String, required: true },
  },
  { timestamps: true },
);

export const AdminModel = model('Admin', adminSchema);
