import { requireCommissionsManaged, requireIec, type Actor } from '../access';
import { recordAudit } from '../audit';
import {
  commitmentMovesUndoProblem,
  movePartnerCommitments,
  movePartnerRequests,
  partnerCommitmentFacts,
  type PartnerCommitmentFacts,
  undoCommitmentMoves,
} from '../commitments';
import { commissionNames } from '../commissions';
import { undoTooLate, undoWindowOpen } from '../domain/undo';
import { conflict, forbidden, invalidInput } from '../errors';
import { memberReferences, moveMembersToPartner } from '../members';
import {
  absorbPartner,
  archiveMergedPartner,
  mergedContacts,
  mergeParty,
  type MergeParty,
  partnerArchive,
  partnerMergeUndoProblem,
  undoPartnerMerge,
} from '../partners';
import { plural } from '../slack/format';
import { escapeMrkdwn } from '../slack/text';
import type { MergeIds, MergeNames } from './input';
import { PartnerMergeModel } from './model';

/** The history action of a commitment a merge moved. */
const MOVED_ACTION = 'merged';

/**
 * `/iec partner merge <duplicate> into <keeper>`: what would move (the preview), then the merge itself. Each
 * feature moves its own records through its own write path: the partners' contacts and commissions
 * (`absorbPartner`), the commitments (`movePartnerCommitments`: history, revision, rollup), the commitment
 * requests, the commission members; then the duplicate is archived pointing at the keeper
 * (`archiveMergedPartner`). Its commitments were moved first, so none is left to mark archived
 * (`notePartnerArchived` is not needed); a commitment recorded for it meanwhile is moved by a last sweep.
 * Who may: administrators; a commission lead only when every commission touched — both partners' and those of
 * the commitments that move — is one they lead (`requireCommissionsManaged`). The merge is in the audit trail.
 * Every step is idempotent, so a merge confirmed twice (a double click, a redelivered request) moves once and is
 * answered "already merged".
 */

export interface MergePlan {
  duplicate: MergeParty;
  keeper: MergeParty;
  /** The duplicate's contacts the keeper does not have yet, and those it has (same email or Slack account). */
  contactsAdded: number;
  contactsMatched: number;
  /** Commissions of the duplicate the keeper gains (as people call them). */
  commissionsAdded: string[];
  commitments: PartnerCommitmentFacts;
  /** The commission members who are the duplicate's contacts, as words ("2 commission members"). */
  members: string[];
  /** Every commission the merge touches, as people call them, and their keys (its audit entries are each one's). */
  commissionNames: string[];
  commissionKeys: string[];
}

export interface MergeOutcome {
  duplicate: { id: string; name: string };
  keeper: { id: string; name: string };
  /** True when this request found the merge done already (confirmed twice): nothing moved again. */
  already: boolean;
  /** The merge's record (its Undo button names it); absent when `already`. */
  mergeId?: string;
  contactsAdded: number;
  commitments: number;
  requests: number;
  members: number;
}

const named = (name: string) => `*${escapeMrkdwn(name)}*`;

async function checkedPlan(actor: Actor, ids: MergeIds): Promise<MergePlan & { done: boolean }> {
  requireIec(actor);
  if (ids.duplicateId === ids.keeperId)
    throw invalidInput('A partner cannot be merged into itself: name the duplicate first, then the partner to keep.');
  const [duplicate, keeper] = await Promise.all([mergeParty(ids.duplicateId), mergeParty(ids.keeperId)]);
  if (keeper.mergedInto) {
    const into = await mergeParty(keeper.mergedInto).catch(() => undefined);
    throw conflict(
      `${named(keeper.name)} was itself merged into ${into ? named(into.name) : 'another partner'}: merge into that one instead.`,
    );
  }
  const done = duplicate.mergedInto === keeper.id;
  if (duplicate.mergedInto && !done) {
    const into = await mergeParty(duplicate.mergedInto).catch(() => undefined);
    throw conflict(`${named(duplicate.name)} was merged into ${into ? named(into.name) : 'another partner'} already.`);
  }
  if (keeper.archivedAt && !done)
    throw conflict(
      `${named(keeper.name)} is archived: restore it first (\`/iec restore partner ${escapeMrkdwn(keeper.name)}\`), or merge into another partner.`,
    );
  const [commitments, members, names] = await Promise.all([
    partnerCommitmentFacts(duplicate.id),
    memberReferences({ partnerId: duplicate.id }),
    commissionNames(),
  ]);
  const touched = [...new Set([...duplicate.commissions, ...keeper.commissions, ...commitments.commissionKeys])];
  requireCommissionsManaged(actor, touched, 'merge these partners', names);
  const { added, matched } = mergedContacts(keeper.contacts, duplicate.contacts);
  const nameOf = (key: string) => names.get(key) ?? key;
  return {
    duplicate,
    keeper,
    contactsAdded: added,
    contactsMatched: matched,
    commissionsAdded: duplicate.commissions.filter((k) => !keeper.commissions.includes(k)).map(nameOf),
    commitments,
    members,
    commissionNames: touched.map(nameOf).sort(),
    commissionKeys: [...touched].sort(),
    done,
  };
}

/** The two partners a command names (archived ones too, so a merged duplicate is answered "merged already"). */
async function idsByName(names: MergeNames): Promise<MergeIds> {
  const [duplicate, keeper] = await Promise.all([partnerArchive.byName(names.duplicate), partnerArchive.byName(names.keeper)]);
  return { duplicateId: duplicate.id, keeperId: keeper.id };
}

/** The preview: what would move, refused as the merge itself would be. */
export async function planMerge(actor: Actor, names: MergeNames): Promise<MergePlan> {
  requireIec(actor);
  const plan = await checkedPlan(actor, await idsByName(names));
  if (plan.done) throw conflict(`${named(plan.duplicate.name)} was merged into ${named(plan.keeper.name)} already.`);
  return plan;
}

/** How long a started merge may show no sign of life before another confirmation takes it over (a run that died). */
const TAKE_OVER_AFTER_MS = 60_000;

/** Claims the merge of this duplicate at this revision: the claim, or undefined when another run holds it. */
async function claimMerge(plan: MergePlan, actor: Actor, now: Date): Promise<{ id: string } | undefined> {
  const key = `${plan.duplicate.id}:${plan.duplicate.revision}`;
  try {
    const doc = await PartnerMergeModel.create({
      key,
      duplicateId: plan.duplicate.id,
      keeperId: plan.keeper.id,
      duplicateName: plan.duplicate.name,
      keeperName: plan.keeper.name,
      by: actor.userId,
      at: now,
      heartbeatAt: now,
      commissionKeys: plan.commissionKeys,
    });
    return { id: String(doc._id) };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  // claimed before: a run that died long enough ago is taken over (every step finds what is done already)
  const taken = await PartnerMergeModel.findOneAndUpdate(
    { key, status: 'started', heartbeatAt: { $lt: new Date(now.getTime() - TAKE_OVER_AFTER_MS) } },
    { $set: { heartbeatAt: now } },
    { new: true },
  ).lean();
  return taken ? { id: String(taken._id) } : undefined;
}

/** The merge (see the top of this file). */
export async function mergePartners(actor: Actor, ids: MergeIds, now: Date): Promise<MergeOutcome> {
  const plan = await checkedPlan(actor, ids);
  const duplicate = { id: plan.duplicate.id, name: plan.duplicate.name };
  const keeper = { id: plan.keeper.id, name: plan.keeper.name };
  const outcome = { duplicate, keeper, contactsAdded: 0, commitments: 0, requests: 0, members: 0 };
  if (plan.done) return { ...outcome, already: true };
  const claim = await claimMerge(plan, actor, now);
  // a second confirmation while the first runs: the first tells what moved
  if (!claim) return { ...outcome, already: true };

  const meta = { by: actor.userId, now };
  const moveMeta = { ...meta, action: MOVED_ACTION, source: `${duplicate.name} into ${keeper.name}`.slice(0, 200) };
  const record = (set: Record<string, unknown>, push?: Record<string, unknown>) =>
    PartnerMergeModel.updateOne({ _id: claim.id }, { $set: { heartbeatAt: now, ...set }, ...(push ? { $push: push } : {}) });
  const absorbed = await absorbPartner(keeper.id, duplicate.id, meta);
  await record({ keeperRevision: absorbed.revision, contactsAdded: absorbed.added });
  const commitments = await movePartnerCommitments(duplicate.id, keeper, moveMeta);
  await record({}, { commitments: { $each: commitments } });
  const requests = await movePartnerRequests(duplicate.id, keeper);
  const members = await moveMembersToPartner(duplicate, keeper, actor.userId, now);
  await record({}, { requests: { $each: requests }, members: { $each: members } });
  const archived = await archiveMergedPartner(duplicate.id, keeper, meta);
  // anything recorded for the duplicate while it moved (it is archived now: nothing new can name it)
  const late = await movePartnerCommitments(duplicate.id, keeper, moveMeta);
  const lateRequests = await movePartnerRequests(duplicate.id, keeper);
  await record(
    { status: 'done', duplicateRevision: archived.revision },
    { commitments: { $each: late }, requests: { $each: lateRequests } },
  );
  const done = await PartnerMergeModel.findById(claim.id).lean();
  const result = {
    ...outcome,
    already: false,
    mergeId: claim.id,
    contactsAdded: done?.contactsAdded ?? absorbed.added,
    commitments: done?.commitments.length ?? commitments.length + late.length,
    requests: done?.requests.length ?? requests.length + lateRequests.length,
    members: done?.members.length ?? members.length,
  };
  await recordAudit({
    at: now,
    by: actor.userId,
    action: 'merged partner',
    subject: `${duplicate.name} into ${keeper.name}`.slice(0, 300),
    commissionKeys: plan.commissionKeys,
    changes: [
      { field: 'partner', from: duplicate.name, to: keeper.name },
      { field: 'contacts added', from: 0, to: result.contactsAdded },
      { field: 'commitments moved', from: 0, to: result.commitments },
      { field: 'requests moved', from: 0, to: result.requests },
      { field: 'members moved', from: 0, to: result.members },
    ],
  });
  return result;
}

export interface UndoneMerge {
  duplicate: { id: string; name: string };
  keeper: { id: string; name: string };
  commitments: number;
  requests: number;
  members: number;
  /**
   * What was changed by someone else between the undo's check and its write, left as it is (as people call it);
   * empty when everything went back.
   */
  left: string[];
}

/**
 * Undo of a merge, for its author within the undo window (src/domain/undo.ts): the commitments, requests and members move back,
 * the keeper's contacts and commissions are as before, the duplicate is restored as it was (its contacts back,
 * not archived unless it was before, no pointer). Every record is checked first: when any was changed since the
 * merge, nothing is undone and the answer says which and by whom. A record changed after that check, before its
 * own write, is left as it is and named in `left` (the answer says the undo was partial). In the audit trail.
 */
export async function undoMerge(actor: Actor, mergeId: string, now: Date): Promise<UndoneMerge> {
  requireIec(actor);
  const merge = /^[0-9a-f]{24}$/i.test(mergeId) ? await PartnerMergeModel.findById(mergeId).lean() : null;
  if (!merge) throw invalidInput('There is no record of that merge any more, so it cannot be undone.');
  if (merge.by !== actor.userId) throw forbidden(`Only <@${merge.by}>, who merged these partners, can undo it.`);
  if (merge.status === 'undone') throw conflict('You have undone this merge already.');
  if (merge.status !== 'done') throw conflict('This merge is still running: try again in a minute.');
  if (!undoWindowOpen(merge.at, now)) throw invalidInput(undoTooLate('a merge', 'Move what you need by hand instead.'));
  const duplicate = { id: merge.duplicateId, name: merge.duplicateName };
  const keeper = { id: merge.keeperId, name: merge.keeperName };
  const problems = (
    await Promise.all([
      partnerMergeUndoProblem(keeper.id, merge.keeperRevision ?? -1),
      partnerMergeUndoProblem(duplicate.id, merge.duplicateRevision ?? -1),
      commitmentMovesUndoProblem(merge.commitments, MOVED_ACTION),
    ])
  ).filter((p): p is string => Boolean(p));
  if (problems.length > 0)
    throw conflict(
      `${problems.join('; ')}. So I did not undo the merge: it would overwrite those changes. Put things right by hand instead.`,
    );
  // claim the undo (a double click undoes once)
  const claimed = await PartnerMergeModel.updateOne({ _id: merge._id, status: 'done' }, { $set: { status: 'undone', undoneAt: now } });
  if (claimed.modifiedCount !== 1) throw conflict('You have undone this merge already.');

  const meta = { by: actor.userId, now, source: `${duplicate.name} out of ${keeper.name}`.slice(0, 200) };
  // each write is conditional on the revision the merge gave the record: one changed since the check is left as it is
  const left: string[] = [];
  // the duplicate first (no longer archived), so the commitments moved back count in its totals again
  if (!(await undoPartnerMerge(duplicate.id, merge.duplicateRevision ?? -1, meta))) left.push(`the partner ${named(duplicate.name)}`);
  const leftCommitments = await undoCommitmentMoves(merge.commitments, meta);
  if (leftCommitments.length > 0) left.push(`${plural(leftCommitments.length, 'commitment')} moved to ${named(keeper.name)}`);
  const requests = await movePartnerRequests(keeper.id, duplicate, merge.requests);
  const members = await moveMembersToPartner(keeper, duplicate, actor.userId, now, merge.members);
  if (!(await undoPartnerMerge(keeper.id, merge.keeperRevision ?? -1, meta))) left.push(`the partner ${named(keeper.name)}`);
  const undone = {
    duplicate,
    keeper,
    commitments: merge.commitments.length - leftCommitments.length,
    requests: requests.length,
    members: members.length,
    left,
  };
  await recordAudit({
    at: now,
    by: actor.userId,
    action: 'merge undone',
    subject: `${duplicate.name} out of ${keeper.name}`.slice(0, 300),
    commissionKeys: merge.commissionKeys,
    changes: [
      { field: 'partner', from: keeper.name, to: duplicate.name },
      { field: 'commitments moved back', from: 0, to: undone.commitments },
      ...(left.length > 0 ? [{ field: 'left as they were (changed meanwhile)', from: null, to: left.join('; ').replace(/\*/g, '') }] : []),
    ],
  });
  return undone;
}
