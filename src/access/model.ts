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

/**
 * Each person's roles, addressed by their Slack user id (`_id`), so the acting person is resolved with one
 * unique-key read. Derived data: each field is written by the feature that owns its facts, through
 * src/access/people.ts (admins here, leads by commissions, contact links by partners, memberships by members), and rebuilt from
 * those facts by `rebuildPeople`.
 */
const personSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Added as an administrator in Slack (IEC_ADMINS is read from the configuration). */
    admin: { type: Boolean, default: false },
    /** Keys of the commissions this person leads. */
    leads: { type: [String], default: [] },
    /** Partners this person is a contact of. */
    partnerIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Keys of the commissions this person is a member of (src/members). */
    memberOf: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'people' },
);

export const PersonModel = model('Person', personSchema);
