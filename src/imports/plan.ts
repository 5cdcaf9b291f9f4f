import type { Actor } from '../access';
import type { RowFault } from './cells';
import type { ImportKind } from './columns';

/** One write an import will make: a record created under a new id, or updated from `before` to `after`. */
export interface PlannedOp<S = unknown> {
  action: 'create' | 'update';
  /** The record's id (chosen now for a new one, so a resumed import finds it). */
  id: string;
  /** The first spreadsheet row it comes from. */
  row: number;
  /** How the preview names it (a partner's name…). */
  label: string;
  before?: S;
  after: S;
  /** Commitments: the revision `before` was read at. */
  revision?: number;
}

export interface KindPlan {
  ops: PlannedOp[];
  unchanged: number;
  rejected: RowFault[];
  notices: string[];
}

export interface PlanContext {
  kind: ImportKind;
  actor: Actor;
  now: Date;
  commissions: ReadonlyArray<{ key: string; name: string; timeZone?: string }>;
  /** The Slack user with this email, when the workspace has one (users.lookupByEmail); absent: no look-ups. */
  lookupEmail?: (email: string) => Promise<string | undefined>;
}

/** Looks up many emails at once, a few at a time, once each. */
export async function lookupAll(emails: Iterable<string>, lookup: PlanContext['lookupEmail']): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!lookup) return found;
  const queue = [...new Set(emails)];
  const worker = async () => {
    for (let email = queue.shift(); email !== undefined; email = queue.shift()) {
      const id = await lookup(email).catch(() => undefined);
      if (id) found.set(email, id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return found;
}

/** Commissions named by key or name (regardless of case and punctuation). */
export function commissionResolver(commissions: PlanContext['commissions']): (text: string) => string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const byName = new Map<string, string>();
  for (const c of commissions) {
    byName.set(norm(c.key), c.key);
    byName.set(norm(c.name), c.key);
  }
  return (text) => byName.get(norm(text));
}

/** The commissions' names by key, for what an import tells people (keys stay accepted as input). */
export function commissionNamesOf(commissions: PlanContext['commissions']): ReadonlyMap<string, string> {
  return new Map(commissions.map((c) => [c.key, c.name]));
}

/** A plain, order-preserving comparison of two stored states. */
export function sameState(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, (_k, v) => (v === undefined ? null : v)) === JSON.stringify(b, (_k, v) => (v === undefined ? null : v));
}
