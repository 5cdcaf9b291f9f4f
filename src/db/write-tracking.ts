import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose, { type CallbackError, type Schema } from 'mongoose';

/**
 * Whether a request has written to the database yet: what lets an error reply tell the truth. A handler that fails
 * after an earlier write of its own must not say "nothing was changed" (src/errors.ts, `userMessageFor`).
 *
 * Every schema gets the `trackWrites` plugin (mongoose applies global plugins to the models compiled after it is
 * registered, so this module is loaded before any model: first in src/main.ts, and by jest's setupFiles);
 * `createApp` refuses to start when a model lacks it (`untrackedModels`). The request deadline's listener wrapper
 * (src/slack/request-deadline.ts) runs each listener in its own scope (`withWriteTracking`).
 */

interface WriteScope {
  writes: number;
}

const scope = new AsyncLocalStorage<WriteScope>();

/** Runs `fn` in a scope of its own: the writes it makes (and what it awaits) are counted for `wroteSoFar`. */
export function withWriteTracking<T>(fn: () => T): T {
  return scope.run({ writes: 0 }, fn);
}

/** True when a database write of the current scope changed something (false outside any scope). */
export function wroteSoFar(): boolean {
  return (scope.getStore()?.writes ?? 0) > 0;
}

const noteWrite = (count = 1) => {
  const current = scope.getStore();
  if (current && count > 0) current.writes += count;
};

const COUNTS = ['insertedCount', 'modifiedCount', 'deletedCount', 'upsertedCount'] as const;

/**
 * How many records a write's result says it changed: an update that matched nothing (a revision-checked update
 * that lost its race, a cancel of what is no longer there) or changed nothing wrote nothing; a findOneAnd… that
 * found nothing returns null. A result of any other shape (a document) counts as one.
 */
export function changedBy(result: unknown): number {
  if (result === null || result === undefined) return 0;
  if (Array.isArray(result)) return result.length;
  if (typeof result !== 'object') return 1;
  const r = result as Record<string, unknown>;
  if (COUNTS.some((k) => typeof r[k] === 'number')) return COUNTS.reduce((n, k) => n + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
  // findOneAnd… with includeResultMetadata
  if ('lastErrorObject' in r && 'value' in r) return r.value === null ? 0 : 1;
  return 1;
}

/** What a bulk write that failed part-way had written before it failed (its error carries the result so far). */
function changedBeforeFailing(err: unknown): number {
  const e = err as { result?: unknown; insertedDocs?: unknown[] } | null;
  if (!e || typeof e !== 'object') return 0;
  if (Array.isArray(e.insertedDocs) && e.insertedDocs.length > 0) return e.insertedDocs.length;
  const result = e.result as { insertedCount?: unknown } | undefined;
  return result && typeof result === 'object' ? changedBy(result) : 0;
}

const QUERY_WRITES = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
] as const;

/**
 * The plugin: after every write of a model that changed something (a document saved or created, an update or
 * delete that matched, a bulk write), and after a bulk write or insertMany that failed part-way having written some.
 */
export function trackWrites(schema: Schema): void {
  schema.post('save', () => noteWrite());
  schema.post('insertMany', (docs: unknown) => noteWrite(changedBy(docs)));
  schema.post('bulkWrite', (result: unknown) => noteWrite(changedBy(result)));
  for (const op of ['insertMany', 'bulkWrite'] as const) {
    schema.post(op, (err: CallbackError, _result: unknown, next: (err?: CallbackError) => void) => {
      noteWrite(changedBeforeFailing(err));
      next(err);
    });
  }
  schema.post([...QUERY_WRITES], { document: false, query: true }, (result: unknown) => noteWrite(changedBy(result)));
  schema.post(['updateOne', 'deleteOne'], { document: true, query: false }, (result: unknown) => noteWrite(changedBy(result)));
}

mongoose.plugin(trackWrites);

/** The models compiled without the plugin (loaded before this module): their writes would go unnoticed. */
export function untrackedModels(): string[] {
  const pluginsOf = (name: string) =>
    (mongoose.models[name]?.schema as unknown as { plugins?: Array<{ fn: unknown }> } | undefined)?.plugins ?? [];
  return mongoose.modelNames().filter((name) => !pluginsOf(name).some((p) => p.fn === trackWrites));
}
