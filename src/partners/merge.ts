import { conflict } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import type { PartnerContact } from './model';
import { currentPartner, type StoredPartner, writePartner } from './write';

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
export async function absorbPartner(keeperId: string, duplicateId: string, meta: MergeMeta): Promise<{ added: number; matched: number }> {
  const duplicate = await currentPartner(duplicateId);
  let counts = { added: 0, matched: 0 };
  await writePartner(keeperId, { ...meta, action: 'merged from', source: duplicate.name }, {}, (keeper) => {
    if (keeper.archivedAt) throw conflict(`*${escapeMrkdwn(keeper.name)}* is archived: restore it first, or merge into another partner.`);
    const { contacts, added, matched } = mergedContacts(keeper.contacts, duplicate.contacts);
    counts = { added, matched };
    const commissions = [...new Set([...(keeper.commissions ?? []), ...(duplicate.commissions ?? [])])];
    const mergedFrom = keeper.mergedFrom ?? [];
    return { contacts, commissions, mergedFrom: mergedFrom.includes(duplicateId) ? mergedFrom : [...mergedFrom, duplicateId] };
  });
  return counts;
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
): Promise<{ archived: boolean }> {
  let archived = false;
  await writePartner(duplicateId, { ...meta, action: 'merged into', source: keeper.name, noteActivity: false }, {}, (current) => {
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
  });
  return { archived };
}
