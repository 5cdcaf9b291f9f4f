import type { Types } from 'mongoose';
import { AdminModel, PersonModel } from './model';

/**
 * The people index: one document per Slack user with their roles, read by `_id` when a request arrives.
 * Its facts are owned elsewhere — administrators by access, leads by commissions, contact links by
 * partners — and each owner records its part here after its own write. `rebuildPeople` recomputes it from
 * the facts (at start-up and by the reconcile job); `checkPeople` says where it differs.
 */

export interface PersonRoles {
  admin: boolean;
  leads: string[];
  partnerIds: Types.ObjectId[];
  memberOf: string[];
}

const NOBODY: PersonRoles = { admin: false, leads: [], partnerIds: [], memberOf: [] };

/** One read by unique key; the server gives up after `maxTimeMs`. */
export async function readRoles(userId: string, maxTimeMs: number): Promise<PersonRoles> {
  const doc = await PersonModel.findById(userId, { admin: 1, leads: 1, partnerIds: 1, memberOf: 1 }).maxTimeMS(maxTimeMs).lean();
  return doc
    ? { admin: Boolean(doc.admin), leads: doc.leads ?? [], partnerIds: doc.partnerIds ?? [], memberOf: doc.memberOf ?? [] }
    : NOBODY;
}

// Nobody gets an entry for having no role: a refused or repeated change leaves the index as it was.

/** Commissions records which ones `userId` leads (all of them, after a change). */
export async function recordLeads(userId: string, commissionKeys: readonly string[]): Promise<void> {
  await PersonModel.updateOne({ _id: userId }, { $set: { leads: [...commissionKeys] } }, { upsert: commissionKeys.length > 0 });
}

/** Partners records which partners `userId` is a contact of (all of them, after a change). */
export async function recordContactLinks(userId: string, partnerIds: readonly Types.ObjectId[]): Promise<void> {
  await PersonModel.updateOne({ _id: userId }, { $set: { partnerIds: [...partnerIds] } }, { upsert: partnerIds.length > 0 });
}

/** Members records which commissions `userId` is a member of (all of them, after a change). */
export async function recordMemberships(userId: string, commissionKeys: readonly string[]): Promise<void> {
  await PersonModel.updateOne({ _id: userId }, { $set: { memberOf: [...commissionKeys] } }, { upsert: commissionKeys.length > 0 });
}

/** Access records whether `userId` is an administrator added in Slack. */
export async function recordSlackAdmin(userId: string, admin: boolean): Promise<void> {
  await PersonModel.updateOne({ _id: userId }, { $set: { admin } }, { upsert: admin });
}

/** Administrators added in Slack: the facts access owns. */
export async function slackAdmins(): Promise<string[]> {
  return (await AdminModel.find({}, { userId: 1 }).lean()).map((a) => a.userId);
}

/** Everything the index is derived from, per Slack user id. */
export interface PeopleFacts {
  admins: readonly string[];
  leads: ReadonlyMap<string, readonly string[]>;
  contacts: ReadonlyMap<string, readonly Types.ObjectId[]>;
  members: ReadonlyMap<string, readonly string[]>;
}

function expected(facts: PeopleFacts): Map<string, PersonRoles> {
  const out = new Map<string, PersonRoles>();
  const of = (id: string): PersonRoles => {
    const found = out.get(id);
    if (found) return found;
    const fresh: PersonRoles = { admin: false, leads: [], partnerIds: [], memberOf: [] };
    out.set(id, fresh);
    return fresh;
  };
  for (const id of facts.admins) of(id).admin = true;
  for (const [id, keys] of facts.leads) of(id).leads = [...keys].sort();
  for (const [id, partners] of facts.contacts) of(id).partnerIds = [...partners].sort((a, b) => String(a).localeCompare(String(b)));
  for (const [id, keys] of facts.members) of(id).memberOf = [...keys].sort();
  return out;
}

const same = (a: PersonRoles, b: PersonRoles) =>
  a.admin === b.admin &&
  [...a.leads].sort().join() === [...b.leads].sort().join() &&
  a.partnerIds.map(String).sort().join() === b.partnerIds.map(String).sort().join() &&
  [...a.memberOf].sort().join() === [...b.memberOf].sort().join();

/** Where the index differs from the facts: Slack user ids, sorted. */
export async function checkPeople(facts: PeopleFacts): Promise<string[]> {
  const want = expected(facts);
  const have = new Map(
    (await PersonModel.find({}).lean()).map((d) => [
      d._id,
      { admin: Boolean(d.admin), leads: d.leads, partnerIds: d.partnerIds, memberOf: d.memberOf ?? [] },
    ]),
  );
  const wrong = new Set<string>();
  for (const [id, roles] of want) if (!same(roles, have.get(id) ?? NOBODY)) wrong.add(id);
  for (const [id, roles] of have) if (!want.has(id) && !same(roles, NOBODY)) wrong.add(id);
  return [...wrong].sort();
}

/** Recomputes the index from the facts; returns the ids it had to correct. */
export async function rebuildPeople(facts: PeopleFacts): Promise<string[]> {
  const wrong = await checkPeople(facts);
  if (wrong.length === 0) return [];
  const want = expected(facts);
  await PersonModel.bulkWrite(
    wrong.map((id) => ({
      updateOne: { filter: { _id: id }, update: { $set: { ...(want.get(id) ?? NOBODY) } }, upsert: true },
    })),
    { ordered: false },
  );
  return wrong;
}

/** Erasure (`/iec contact erase`): the person's entry goes once it holds no role (their contact links already recorded as none). */
export async function forgetIfRoleless(userId: string): Promise<void> {
  await PersonModel.deleteOne({
    _id: userId,
    admin: { $ne: true },
    leads: { $size: 0 },
    partnerIds: { $size: 0 },
    $or: [{ memberOf: { $size: 0 } }, { memberOf: { $exists: false } }],
  });
}
