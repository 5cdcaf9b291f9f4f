import { checkPeopleIndex, rebuildPeopleIndex } from './people';
import { checkActivity, checkChanges, checkGroups, checkTotals, latestCommitmentActivity } from '../commitments';
import { rebuildActivity, rebuildChanges, rebuildGroups, rebuildTotals } from '../commitments';
import { checkLastActivity, rebuildLastActivity } from '../partners';

/**
 * Every piece of derived data with its one owner: `check` counts what differs from the facts, `rebuild` repairs
 * exactly that and says how much it fixed. The write paths keep them current; the reconcile (nightly through the
 * scheduler, and `npm run job -- reconcile`) repairs what a failed or interrupted derived write left behind.
 */
export interface DerivedOwner {
  name: string;
  check(): Promise<number>;
  rebuild(): Promise<number>;
}

export const DERIVED_OWNERS: readonly DerivedOwner[] = [
  { name: 'commitment totals (commitments/totals.ts)', check: checkTotals, rebuild: rebuildTotals },
  { name: 'activity index (commitments/activity.ts)', check: checkActivity, rebuild: rebuildActivity },
  { name: 'group index (commitments/group-index.ts)', check: checkGroups, rebuild: rebuildGroups },
  { name: 'change index (commitments/change-index.ts)', check: checkChanges, rebuild: rebuildChanges },
  {
    name: "partners' last activity (partners/activity.ts)",
    check: async () => checkLastActivity(await latestCommitmentActivity()),
    rebuild: async () => rebuildLastActivity(await latestCommitmentActivity()),
  },
  {
    name: 'people index (access/people.ts)',
    check: async () => (await checkPeopleIndex()).length,
    rebuild: async () => (await rebuildPeopleIndex()).length,
  },
];

export interface ReconcileLine {
  name: string;
  /** Entries that differed from the facts. */
  found: number;
  /** Entries the rebuild repaired. */
  fixed: number;
  /** Set when this owner's check or rebuild failed (the others still ran). */
  error?: string;
}

/** Checks every owner and rebuilds those that differ; one line per owner. */
export async function reconcile(owners: readonly DerivedOwner[] = DERIVED_OWNERS): Promise<ReconcileLine[]> {
  const lines: ReconcileLine[] = [];
  for (const owner of owners) {
    try {
      const found = await owner.check();
      const fixed = found > 0 ? await owner.rebuild() : 0;
      lines.push({ name: owner.name, found, fixed });
    } catch (err) {
      lines.push({ name: owner.name, found: 0, fixed: 0, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return lines;
}

/** What the reconcile did, in words (printed by the job, recorded by the nightly run). */
export function describeReconcile(lines: readonly ReconcileLine[]): string {
  const fixed = lines.filter((l) => l.fixed > 0 || l.error);
  if (fixed.length === 0) return 'everything derived matched its records: nothing to fix';
  return fixed.map((l) => (l.error ? `${l.name}: could not be checked (${l.error})` : `${l.name}: fixed ${l.fixed}`)).join('; ');
}
