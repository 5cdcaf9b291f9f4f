import { requireCommissionsManaged, requireIec, type Actor } from '../access';
import { recordAudit } from '../audit';
import { movePartnerCommitments, movePartnerRequests, partnerCommitmentFacts, type PartnerCommitmentFacts } from '../commitments';
import { commissionNames } from '../commissions';
import { conflict, invalidInput } from '../errors';
import { memberReferences, moveMembersToPartner } from '../members';
import { absorbPartner, archiveMergedPartner, mergedContacts, mergeParty, type MergeParty, partnerArchive } from '../partners';
import { escapeMrkdwn } from '../slack/text';
import type { MergeIds, MergeNames } from './input';

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
  /** Every commission the merge touches, as people call them. */
  commissionNames: string[];
}

export interface MergeOutcome {
  duplicate: { id: string; name: string };
  keeper: { id: string; name: string };
  /** True when this request found the merge done already (confirmed twice): nothing moved again. */
  already: boolean;
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
  requireCommissionsManaged(actor, touched, 'merge these partners');
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

/** The merge (see the top of this file). */
export async function mergePartners(actor: Actor, ids: MergeIds, now: Date): Promise<MergeOutcome> {
  const plan = await checkedPlan(actor, ids);
  const duplicate = { id: plan.duplicate.id, name: plan.duplicate.name };
  const keeper = { id: plan.keeper.id, name: plan.keeper.name };
  const outcome = { duplicate, keeper, contactsAdded: 0, commitments: 0, requests: 0, members: 0 };
  if (plan.done) return { ...outcome, already: true };

  const meta = { by: actor.userId, now };
  const moveMeta = { ...meta, action: 'merged', source: `${duplicate.name} into ${keeper.name}`.slice(0, 200) };
  const { added } = await absorbPartner(keeper.id, duplicate.id, meta);
  const commitments = await movePartnerCommitments(duplicate.id, keeper, moveMeta);
  const requests = await movePartnerRequests(duplicate.id, keeper);
  const members = await moveMembersToPartner(duplicate, keeper, actor.userId, now);
  const { archived } = await archiveMergedPartner(duplicate.id, keeper, meta);
  // anything recorded for the duplicate while it moved (it is archived now: nothing new can name it)
  commitments.push(...(await movePartnerCommitments(duplicate.id, keeper, moveMeta)));
  requests.push(...(await movePartnerRequests(duplicate.id, keeper)));
  // a second confirmation running alongside the first: the first archived it and tells what moved
  if (!archived) return { ...outcome, already: true };

  const done = {
    ...outcome,
    already: false,
    contactsAdded: added,
    commitments: commitments.length,
    requests: requests.length,
    members: members.length,
  };
  await recordAudit({
    at: now,
    by: actor.userId,
    action: 'merged partner',
    subject: `${duplicate.name} into ${keeper.name}`.slice(0, 300),
    ...(touchedOne(plan) ? { commissionKey: touchedOne(plan) } : {}),
    changes: [
      { field: 'partner', from: duplicate.name, to: keeper.name },
      { field: 'contacts added', from: 0, to: done.contactsAdded },
      { field: 'commitments moved', from: 0, to: done.commitments },
      { field: 'requests moved', from: 0, to: done.requests },
      { field: 'members moved', from: 0, to: done.members },
    ],
  });
  return done;
}

/** The one commission a merge touches, when it touches one (its audit entry is then the commission's). */
function touchedOne(plan: MergePlan): string | undefined {
  const keys = new Set([...plan.duplicate.commissions, ...plan.keeper.commissions, ...plan.commitments.commissionKeys]);
  return keys.size === 1 ? [...keys][0] : undefined;
}
