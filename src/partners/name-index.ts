import type { Logger } from '@slack/bolt';
import { isConnected } from '../db/connection';
import { NameIndex, realInterval, type ChangedEntry, type NameSource, type Every, NAME_INDEX_REFRESH_MS } from '../domain/name-index';
import { PartnerModel, partnerNameWrites } from './model';
import { normalizeName } from '../domain/names';

const FIELDS = { name: 1, archivedAt: 1, updatedAt: 1 } as const;

interface Row {
  _id: unknown;
  name: string;
  archivedAt?: Date | null;
  updatedAt?: Date;
}

function entryOf(row: Row): ChangedEntry {
  return { id: String(row._id), name: row.name, archived: !!row.archivedAt, updatedAt: row.updatedAt ?? new Date(0) };
}

/** Where every replica's partner name index reads the partners (a test builds a second replica's index on it). */
export const partnerNameSource: NameSource = {
  all: async () => (await PartnerModel.find({}, FIELDS).lean<Row[]>()).map(entryOf),
  changedSince: async (since) => (await PartnerModel.find({ updatedAt: { $gte: since } }, FIELDS).lean<Row[]>()).map(entryOf),
  count: () => PartnerModel.estimatedDocumentCount().exec(),
};

/** This process's fuzzy index of partner names: the type-ahead and "did you mean…" read it (no database round trip). */
export const partnerNames = new NameIndex(partnerNameSource, normalizeName);

partnerNameWrites.subscribe({
  written: (doc) => {
    const entry = entryOf(doc);
    partnerNames.put(entry, doc.updatedAt);
  },
  changed: () => partnerNames.markChanged(),
});

/**
 * Loads the index now and reads the other replicas' changes every 30 s (an injected `every` in tests). Every replica
 * does this, whether or not it runs the scheduler.
 */
export function keepPartnerNamesFresh(logger: Logger, every: Every = realInterval): void {
  partnerNames.ready().catch((err) => logger.warn('the partner name index could not load (it loads at the next look-up):', err));
  partnerNames.start(every, NAME_INDEX_REFRESH_MS, isConnected, (err) =>
    logger.warn('the partner name index could not read the latest changes:', err),
  );
}
