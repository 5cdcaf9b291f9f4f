import { scrubbed } from '../db/history';
import { AuditEntryModel } from './model';

/** Who makes a change, and when: what the audit trail records with it. */
export interface ChangeBy {
  by: string;
  at: Date;
}

export interface AuditChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface NewAuditEntry {
  at: Date;
  by: string;
  action: string;
  subject: string;
  commissionKey?: string;
  /** Several commissions it touches (a merge across commissions): `/iec audit <each>` shows it. */
  commissionKeys?: readonly string[];
  /** Whom it was done to (who did it is added). */
  people?: string[];
  changes?: AuditChange[];
}

export interface AuditRecord extends Required<Omit<NewAuditEntry, 'commissionKey' | 'commissionKeys'>> {
  id: string;
  /** The commissions it touches (none: district-wide). */
  commissionKeys: string[];
}

/** Records one change in the audit trail. Every change of roles, settings, the calendar, imports, merges and erasures comes here. */
export async function recordAudit(entry: NewAuditEntry): Promise<void> {
  const { commissionKey, commissionKeys, ...rest } = entry;
  const commissions = [...new Set([...(commissionKey ? [commissionKey] : []), ...(commissionKeys ?? [])])].sort();
  await AuditEntryModel.create({
    ...rest,
    ...(commissions.length > 0 ? { commissionKey: commissions } : {}),
    people: [...new Set([entry.by, ...(entry.people ?? [])])],
    changes: entry.changes ?? [],
  });
}

/** The commissions of a stored entry: an array, or (written before entries could hold several) one string. */
function commissionsOf(stored: unknown): string[] {
  if (Array.isArray(stored)) return stored.map(String);
  return typeof stored === 'string' && stored ? [stored] : [];
}

/** An archive or restore of a record (`archived deliverable`, `restored meeting`…), in the commission it belongs to. */
export function recordArchiveAudit(
  kind: string,
  archived: boolean,
  record: { title: string; commissionKey: string },
  by: string,
  at: Date,
) {
  return recordAudit({
    at,
    by,
    action: `${archived ? 'archived' : 'restored'} ${kind}`,
    subject: record.title,
    commissionKey: record.commissionKey,
    changes: [{ field: 'archived', from: !archived, to: archived }],
  });
}

export type AuditFilter = { commissionKey: string } | { userId: string } | Record<string, never>;

export interface AuditPage {
  entries: AuditRecord[];
  /** Where the next page starts, when there is one. */
  nextOffset?: number;
}

export const AUDIT_PAGE_SIZE = 15;

/** The audit trail, newest first, one page at a time. */
export async function listAudit(filter: AuditFilter, offset: number, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const query = 'commissionKey' in filter ? { commissionKey: filter.commissionKey } : 'userId' in filter ? { people: filter.userId } : {};
  const rows = await AuditEntryModel.find(query)
    .sort({ at: -1, _id: -1 })
    .skip(offset)
    .limit(limit + 1)
    .lean();
  const entries = rows.slice(0, limit).map((r) => ({
    id: String(r._id),
    at: r.at,
    by: r.by,
    action: r.action,
    subject: r.subject,
    commissionKeys: commissionsOf(r.commissionKey),
    people: r.people,
    changes: r.changes.map((c) => ({ field: c.field, from: c.from, to: c.to })),
  }));
  return { entries, ...(rows.length > limit ? { nextOffset: offset + limit } : {}) };
}

/**
 * Erasure: every trace of a person's data in the trail replaced by `replacement` — a Slack id among the people and
 * as the author, and any of `values` (name, email, title) in subjects and changes.
 */
export async function eraseFromAudit(userId: string | undefined, values: readonly string[], replacement: string): Promise<number> {
  const needles = values.filter((v) => v.trim().length > 0);
  const or: Record<string, unknown>[] = [];
  if (userId) or.push({ people: userId }, { by: userId });
  for (const v of needles) or.push({ subject: v }, { 'changes.from': v }, { 'changes.to': v });
  if (or.length === 0) return 0;
  const rows = await AuditEntryModel.find({ $or: or }).limit(10_000).lean();
  const scrub = (value: unknown) => scrubbed(value, userId ? [userId, ...needles] : needles, replacement);
  for (const r of rows) {
    await AuditEntryModel.updateOne(
      { _id: r._id },
      {
        $set: {
          by: scrub(r.by),
          subject: scrub(r.subject),
          people: r.people.filter((p) => p !== userId),
          changes: r.changes.map((c) => ({ field: c.field, from: scrub(c.from), to: scrub(c.to) })),
        },
      },
    );
  }
  return rows.length;
}
