import type { Logger } from '@slack/bolt';
import { isConnected } from '../db/connection';
import { NameIndex, realInterval, type ChangedEntry, type Every, NAME_INDEX_REFRESH_MS } from '../domain/name-index';
import { SchoolModel, schoolNameWrites } from './model';
import { normalizeName } from '../domain/names';

const FIELDS = { name: 1, code: 1, archivedAt: 1, updatedAt: 1 } as const;

interface Row {
  _id: unknown;
  name: string;
  code?: string | null;
  archivedAt?: Date | null;
  updatedAt?: Date;
}

function entryOf(row: Row): ChangedEntry {
  return {
    id: String(row._id),
    name: row.name,
    ...(row.code ? { codes: [row.code] } : {}),
    archived: !!row.archivedAt,
    updatedAt: row.updatedAt ?? new Date(0),
  };
}

/** This process's fuzzy index of school names and codes: the type-ahead and the name look-ups read it. */
export const schoolNames = new NameIndex(
  {
    all: async () => (await SchoolModel.find({}, FIELDS).lean<Row[]>()).map(entryOf),
    changedSince: async (since) => (await SchoolModel.find({ updatedAt: { $gte: since } }, FIELDS).lean<Row[]>()).map(entryOf),
    count: () => SchoolModel.estimatedDocumentCount().exec(),
  },
  normalizeName,
);

schoolNameWrites.subscribe({
  written: (doc) => schoolNames.put(entryOf(doc), doc.updatedAt),
  changed: () => schoolNames.markChanged(),
});

/**
 * Loads the index now and reads the other replicas' changes every 30 s (an injected `every` in tests). Every replica
 * does this, whether or not it runs the scheduler.
 */
export function keepSchoolNamesFresh(logger: Logger, every: Every = realInterval): void {
  schoolNames.ready().catch((err) => logger.warn('the school name index could not load (it loads at the next look-up):', err));
  schoolNames.start(every, NAME_INDEX_REFRESH_MS, isConnected, (err) =>
    logger.warn('the school name index could not read the latest changes:', err),
  );
}
