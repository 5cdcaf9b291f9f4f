import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose, { type Schema } from 'mongoose';

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

/** True when a database write succeeded in the current scope (false outside any scope). */
export function wroteSoFar(): boolean {
  return (scope.getStore()?.writes ?? 0) > 0;
}

const noteWrite = () => {
  const current = scope.getStore();
  if (current) current.writes += 1;
};

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

/** The plugin: after every successful write of a model (a document saved or created, an update, a delete, a bulk write). */
export function trackWrites(schema: Schema): void {
  schema.post('save', noteWrite);
  schema.post('insertMany', noteWrite);
  schema.post('bulkWrite', noteWrite);
  schema.post([...QUERY_WRITES], { document: false, query: true }, noteWrite);
  schema.post(['updateOne', 'deleteOne'], { document: true, query: false }, noteWrite);
}

mongoose.plugin(trackWrites);

/** The models compiled without the plugin (loaded before this module): their writes would go unnoticed. */
export function untrackedModels(): string[] {
  const pluginsOf = (name: string) =>
    (mongoose.models[name]?.schema as unknown as { plugins?: Array<{ fn: unknown }> } | undefined)?.plugins ?? [];
  return mongoose.modelNames().filter((name) => !pluginsOf(name).some((p) => p.fn === trackWrites));
}
