import type { Schema } from 'mongoose';

/** Who wants to know about this process's writes of a model (its in-memory name index, for one). */
export interface WriteListener<T> {
  /** A record written with the whole record at hand (created, saved, found-and-updated, inserted). */
  written(doc: T): void;
  /** Records written without them at hand (updates and deletes of many, bulk writes): read them again. */
  changed(): void;
}

export interface WriteWatch<T> {
  subscribe(listener: WriteListener<T>): () => void;
}

const QUERY_WRITES = ['updateOne', 'updateMany', 'replaceOne'] as const;
const QUERY_DELETES = ['deleteOne', 'deleteMany', 'findOneAndDelete'] as const;

/**
 * Watches every write of `schema`'s model in this process that touches one of `fields`, whoever makes it: the
 * feature that owns the model keeps what it derives in memory (a name index) without every writer remembering to.
 * Attach before the model is compiled.
 */
export function watchWrites<T>(schema: Schema, fields: readonly string[]): WriteWatch<T> {
  const listeners = new Set<WriteListener<T>>();
  const written = (doc: unknown) => {
    for (const l of listeners) l.written(doc as T);
  };
  const changed = () => {
    for (const l of listeners) l.changed();
  };
  const touches = (update: unknown) => touchesAny(update, fields);

  schema.post('save', (doc: unknown) => written(doc));
  schema.post('insertMany', (docs: unknown) => {
    for (const doc of Array.isArray(docs) ? docs : [docs]) written(doc);
  });
  schema.post('findOneAndUpdate', function (this: { getUpdate(): unknown; projection(): unknown }, doc: unknown) {
    if (!touches(this.getUpdate())) return;
    // a projected answer may lack fields the listener needs: it reads the record again instead
    const projected = this.projection();
    if (doc && typeof doc === 'object' && !(projected && Object.keys(projected).length > 0)) written(doc);
    else changed();
  });
  for (const op of QUERY_WRITES) {
    schema.post(op, function (this: { getUpdate(): unknown }) {
      if (touches(this.getUpdate())) changed();
    });
  }
  for (const op of QUERY_DELETES) schema.post(op, { document: false, query: true }, () => changed());
  schema.post('bulkWrite', () => changed());

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Whether an update (operators or a replacement) sets or removes one of `fields` (or a path below one). */
export function touchesAny(update: unknown, fields: readonly string[]): boolean {
  if (!update || typeof update !== 'object') return false;
  if (Array.isArray(update)) return true; // an aggregation pipeline update: anything may change
  const hit = (path: string) => fields.some((f) => path === f || path.startsWith(`${f}.`));
  for (const [key, value] of Object.entries(update)) {
    if (key.startsWith('$')) {
      if (value && typeof value === 'object' && Object.keys(value).some(hit)) return true;
    } else if (hit(key)) return true;
  }
  return false;
}
