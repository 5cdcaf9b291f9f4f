import { conflict, StaleRevision } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { type PartnerContact, PartnerModel } from './model';
import { currentPartner, PARTNER_HISTORY_FIELDS, type StoredPartner, writePartner } from './write';

/**
 * The partners' side of `/iec partner merge <duplicate> into <keeper>` (the merge feature orchestrates it): the
 * keeper takes the duplicate's contacts (one person once, by email or Slack id) and commissions, and the duplicate
 * is archived with a pointer to the keeper (`mergedInto`). Both through the partners' write path, with history on
 * both ("merged from" / "merged into", the other partner's name as the source). Each step is idempotent: run
 * again, it finds its work done and changes nothing.
 */

type ContactLike = Pick<PartnerContact, 'name'> & {
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  slackUserId?: string | null;
};

const emailOf = (c: ContactLike) => (c.email ? c.email.trim().toLowerCase() : undefined);

/** The same person: the same email (case aside) or the same Slack account. */
export function sameContact(a: ContactLike, b: ContactLike): boolean {
  const email = emailOf(a);
  if (email && email === emailOf(b)) return true;
  return Boolean(a.slackUserId) && a.slackUserId === b.slackUserId;
}

/**
 * The keeper's contacts with the duplicate's added: one already there (same email or Slack id) is not added
 * again, and its empty fields are filled from the duplicate's. `added` counts the new ones, `matched` the others.
 */
export function mergedContacts(
  keeper: readonly ContactLike[],
  duplicate: readonly ContactLike[],
): { contacts: ContactLike[]; added: number; matched: number } {
  const contacts = keeper.map((c) => ({ ...c }));
  let added = 0;
  let matched = 0;
  for (const c of duplicate) {
    const same = contacts.find((k) => sameContact(k, c));
    if (!same) {
      contacts.push({ ...c });
      added += 1;
      continue;
    }
    matched += 1;
    for (const field of ['title', 'email', 'phone', 'slackUserId'] as const) if (!same[field] && c[field]) same[field] = c[field];
  }
  return { contacts, added, matched };
}

export interface MergeMeta {
  by: string;
  now: Date;
}

/** A partner as a merge reads it. */
export interface MergeParty {
  id: string;
  name: string;
  commissions: string[];
  contacts: ContactLike[];
  revision: number;
  archivedAt?: Date;
  mergedInto?: string;
}

function party(p: StoredPartner): MergeParty {
  return {
    id: String(p._id),
    name: p.name,
    commissions: p.commissions ?? [],
    contacts: p.contacts ?? [],
    revision: p.revision ?? 0,
    ...(p.archivedAt ? { archivedAt: p.archivedAt } : {}),
    ...(p.mergedInto ? { mergedInto: p.mergedInto } : {}),
  };
}

/** A partner for a merge, by id, archived or not. */
export async function mergeParty(id: string): Promise<MergeParty> {
  return party(await currentPartner(id));
}

/**
 * The keeper takes the duplicate's contacts (deduplicated) and commissions and notes it in `mergedFrom`; history
 * "merged from" with the duplicate's name. Taken already (run again): nothing changes.
 */
export async function absorbPartner(
  keeperId: string,
  duplicateId: string,
  meta: MergeMeta,
): Promise<{ added: number; matched: number; revision: number }> {
  const duplicate = await currentPartner(duplicateId);
  let counts = { added: 0, matched: 0 };
  const { partner } = await writePartner(keeperId, { ...meta, action: 'merged from', source: duplicate.name }, {}, (keeper) => {
    if (keeper.archivedAt) throw conflict(`*${escapeMrkdwn(keeper.name)}* is archived: restore it first, or merge into another partner.`);
    const { contacts, added, matched } = mergedContacts(keeper.contacts, duplicate.contacts);
    counts = { added, matched };
    const commissions = [...new Set([...(keeper.commissions ?? []), ...(duplicate.commissions ?? [])])];
    const mergedFrom = keeper.mergedFrom ?? [];
    return { contacts, commissions, mergedFrom: mergedFrom.includes(duplicateId) ? mergedFrom : [...mergedFrom, duplicateId] };
  });
  return { ...counts, revision: partner.revision ?? 0 };
}

/**
 * The duplicate, once everything moved: its contacts leave it (they are the keeper's now), it is archived and
 * points at the keeper; history "merged into" with the keeper's name. `archived` is false when it was already
 * merged into this keeper (run again); merged into another partner is refused.
 */
export async function archiveMergedPartner(
  duplicateId: string,
  keeper: { id: string; name: string },
  meta: MergeMeta,
): Promise<{ archived: boolean; revision: number }> {
  let archived = false;
  const { partner } = await writePartner(
    duplicateId,
    { ...meta, action: 'merged into', source: keeper.name, noteActivity: false },
    {},
    (current) => {
      if (current.mergedInto === keeper.id) {
        archived = false;
        return {};
      }
      if (current.mergedInto) throw conflict(`*${escapeMrkdwn(current.name)}* was merged into another partner already.`);
      archived = true;
      return {
        contacts: [],
        archivedAt: current.archivedAt ?? meta.now,
        archivedBy: current.archivedAt ? current.archivedBy : meta.by,
        mergedInto: keeper.id,
      };
    },
  );
  return { archived, revision: partner.revision ?? 0 };
}

/** The merge's history actions on the keeper and on the duplicate (their undo puts back the entry's `from` values). */
const MERGE_ACTIONS = ['merged from', 'merged into'];

/**
 * Why the merge's change of partner `id` (the one that gave it `revision`) cannot be undone, or undefined: it was
 * changed since (who, and how), or the entry is not a merge's.
 */
export async function partnerMergeUndoProblem(id: string, revision: number): Promise<string | undefined> {
  const doc = await PartnerModel.findById(id, { name: 1, revision: 1, history: { $slice: -1 } }).lean<StoredPartner>();
  if (!doc) return 'a partner of the merge no longer exists';
  const last = doc.history?.at(-1);
  if ((doc.revision ?? 0) !== revision)
    return `*${escapeMrkdwn(doc.name)}* was changed since${last ? `, by <@${last.by}> (${escapeMrkdwn(last.action)})` : ''}`;
  if (!last || !MERGE_ACTIONS.includes(last.action)) return `the last change of *${escapeMrkdwn(doc.name)}* is not the merge`;
  return undefined;
}

/**
 * Undoes the merge's change of partner `id`: the `from` values of its last history entry (the merge's, at
 * `revision`) are put back through the write path, conditional on that revision; history "merge undone". False,
 * writing nothing, when the partner moved on since (changed between the undo's check and this write).
 */
export async function undoPartnerMerge(id: string, revision: number, meta: MergeMeta & { source: string }): Promise<boolean> {
  const doc = await PartnerModel.findById(id, { revision: 1, history: { $slice: -1 } }).lean<StoredPartner>();
  const entry = doc?.history?.at(-1);
  if (!doc || (doc.revision ?? 0) !== revision || !entry || !MERGE_ACTIONS.includes(entry.action)) return false;
  const fields = Object.fromEntries(
    entry.changes.filter((c) => (PARTNER_HISTORY_FIELDS as readonly string[]).includes(c.field)).map((c) => [c.field, c.from ?? null]),
  );
  try {
    await writePartner(id, { ...meta, action: 'merge undone', noteActivity: false }, { expectedRevision: revision }, () => fields);
    return true;
  } catch (err) {
    if (err instanceof StaleRevision) return false;
    throw err;
  }
}
