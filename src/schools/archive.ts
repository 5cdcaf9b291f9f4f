import { createArchiveMethods } from '../db/archive';
import { SchoolModel } from './model';
import { searchSchools } from './search';
import { normalizeName } from '../domain/names';

/**
 * Archiving schools instead of deleting them: an archived school is gone from the list, the type-ahead and name
 * look-ups until restored; the commitments that served it keep it.
 */
export const schoolArchive = createArchiveMethods(SchoolModel, {
  noun: 'school',
  normalize: normalizeName,
  suggest: async (name) => (await searchSchools(name, 3)).map((s) => s.name),
});
