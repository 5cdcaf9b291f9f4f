import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DIGEST_KIND } from '../digest';
import { tick, type SchedulerDeps, type TickSummary } from '../scheduler';

/**
 * `npm run job -- <job> --at <ISO-8601 instant>`: runs a scheduler job as of an instant, through the same code
 * path as the cron (`tick`), for operators and tests. A job is the tick restricted to some kinds.
 */
export const JOBS = {
  /** Everything due at that instant. */
  tick: undefined,
  /** Only the weekly digests. */
  digest: [DIGEST_KIND],
} as const satisfies Record<string, readonly string[] | undefined>;

export type JobName = keyof typeof JOBS;

/** Not a scheduler run: checks every derived data owner against its records and repairs what differs (src/reconcile). */
export const RECONCILE_JOB = 'reconcile';
const JOB_NAMES: [string, ...string[]] = [...Object.keys(JOBS), RECONCILE_JOB] as unknown as [string, ...string[]];

export const USAGE = `Usage: npm run job -- <${Object.keys(JOBS).join('|')}> --at <ISO-8601 instant, e.g. 2026-11-30T09:00:00-05:00>
       npm run job -- ${RECONCILE_JOB}   (derived data checked against its records, repaired; prints what it fixed)`;

/** An instant: a date and time WITH its offset or Z (a wall-clock time alone would be ambiguous). */
const instant = z
  .string({ error: '--at is required' })
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    '--at must be an ISO-8601 instant with its offset, e.g. 2026-11-30T09:00:00-05:00 or 2026-11-30T14:00:00Z',
  )
  .transform((s, ctx) => {
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: `--at ${s} is not a real date and time` });
      return z.NEVER;
    }
    return d;
  });

const jobName = z.enum(JOB_NAMES, {
  error: (issue) => `unknown job "${String(issue.input)}": the jobs are ${JOB_NAMES.join(', ')}`,
});

export type JobArgs = { ok: true; job: JobName; at: Date } | { ok: true; job: typeof RECONCILE_JOB } | { ok: false; problem: string };

export function parseJobArgs(argv: readonly string[]): JobArgs {
  const read = () => parseArgs({ args: [...argv], options: { at: { type: 'string' } }, allowPositionals: true, strict: true });
  let parsed: ReturnType<typeof read>;
  try {
    parsed = read();
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1)
    return { ok: false, problem: positionals.length === 0 ? 'name a job' : `one job at a time (got ${positionals.join(' ')})` };
  const job = jobName.safeParse(positionals[0]);
  if (!job.success) return { ok: false, problem: job.error.issues[0].message };
  if (job.data === RECONCILE_JOB) {
    return values.at === undefined ? { ok: true, job: RECONCILE_JOB } : { ok: false, problem: `${RECONCILE_JOB} takes no --at` };
  }
  const at = instant.safeParse(values.at);
  if (!at.success) return { ok: false, problem: at.error.issues[0].message };
  return { ok: true, job: job.data as JobName, at: at.data };
}

export async function runJob(job: JobName, at: Date, deps: SchedulerDeps): Promise<TickSummary> {
  const kinds = JOBS[job];
  return tick(at, kinds ? { ...deps, kinds } : deps);
}
