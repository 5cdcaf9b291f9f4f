/**
 * The steps of one engine's run (bench/run.ts): each is timed, and one that fails (a lost or timed-out connection,
 * a server that died, an app process that exited) is reported as "not measured: <reason>" for its rows instead of
 * ending the run. After every step the engine's health is checked; once the engine is gone (its process exited,
 * or it answers no ping), its remaining steps are reported as not measured with that reason and not run, and the
 * bench goes on to the next engine.
 */

export interface StepRecord {
  name: string;
  ms: number;
  outcome: 'measured' | 'not measured';
  reason?: string;
}

export interface StepsOptions {
  /** Why the engine cannot go on (undefined while it is healthy). */
  health: () => Promise<string | undefined>;
  /** A row the step would have produced (or did produce, when the engine was gone by its end), reported as not measured. */
  notMeasured: (measure: string, reason: string) => void;
  log: (message: string) => void;
}

/** An error as one line: its name and the first line of its message, at most 240 characters. */
export function describeError(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const first = `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${(e.message || '').split('\n')[0]}`;
  return first.length > 240 ? `${first.slice(0, 237)}...` : first;
}

export class Steps {
  /** Set once the engine is gone: why. */
  lost: string | undefined;
  readonly records: StepRecord[] = [];

  constructor(private readonly options: StepsOptions) {}

  /**
   * Runs `work` as the step `name`, whose rows are `measures`. Returns its value, or undefined when it was not
   * measured (it failed, the engine was gone before it, or `skip` gives a reason not to run it).
   */
  async run<T>(name: string, measures: readonly string[], work: () => Promise<T>, skip?: string): Promise<T | undefined> {
    const before = this.lost ?? skip;
    if (before !== undefined) return this.notMeasured(name, 0, measures, before);
    const started = Date.now();
    try {
      const value = await work();
      const ms = Date.now() - started;
      await this.check(name);
      if (this.lost) {
        // the engine was gone by the step's end: its figures were taken against a dead server (e.g. the app's
        // "database unavailable" answers), so they are replaced by "not measured"
        return this.notMeasured(name, ms, measures, this.lost);
      }
      this.records.push({ name, ms, outcome: 'measured' });
      return value;
    } catch (err) {
      const failure = describeError(err);
      const ms = Date.now() - started;
      await this.check(name, failure);
      const reason = this.lost ?? failure;
      this.options.log(`step "${name}" not measured after ${(ms / 1000).toFixed(1)} s: ${reason}`);
      return this.notMeasured(name, ms, measures, reason);
    }
  }

  /** Records the step `name` as not measured, and its rows `measures`, for `reason`. */
  private notMeasured(name: string, ms: number, measures: readonly string[], reason: string): undefined {
    this.records.push({ name, ms, outcome: 'not measured', reason });
    for (const m of measures) this.options.notMeasured(m, reason);
    return undefined;
  }

  private async check(name: string, failure?: string): Promise<void> {
    if (this.lost) return;
    const gone = await this.options.health();
    if (gone === undefined) return;
    this.lost = `${gone} (seen after the step "${name}"${failure ? `, which failed: ${failure}` : ''})`;
    this.options.log(`engine lost: ${this.lost}; its remaining steps are not measured`);
  }

  /** Each step's duration, one line each. */
  summary(): string[] {
    return this.records.map(
      (r) => `${r.name}: ${(r.ms / 1000).toFixed(1)} s${r.outcome === 'measured' ? '' : ` (not measured: ${r.reason})`}`,
    );
  }
}
