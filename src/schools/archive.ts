import { Types } from 'mongoose';
import { type Archivable, type ArchiveMethods, createArchiveMethods, stillReferred, toArchivable } from '../db/archive';
import { normalizeName } from '../domain/names';
import { conflict } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { SchoolModel } from './model';
import { searchSchools } from './search';
import { currentSchool, writeSchool, writeSchools } from './write';

/**
 * Archiving schools instead of deleting them: an archived school is gone from the list, the type-ahead and name
 * look-ups until restored; the commitments that served it keep it. Archiving, restoring and deleting go through
 * the schools' write path (write.ts): history, revision, `school.changed`.
 */
const generic = createArchiveMethods(SchoolModel, {
  noun: 'school',
  normalize: normalizeName,
  suggest: async (name) => (await searchSchools(name, 3)).map((s) => s.name),
});

async function setArchived(id: string, archived: boolean, by: string, now: Date): Promise<Archivable> {
  const school = await writeSchool(id, { by, now, action: archived ? 'archived' : 'restored' }, (current) => {
    if (Boolean(current.archivedAt) === archived)
      throw conflict(`*${escapeMrkdwn(current.name)}* is ${archived ? 'already' : 'not'} archived.`);
    return archived ? { archivedAt: now, archivedBy: by } : { archivedAt: null, archivedBy: null };
  });
  return toArchivable(school);
}

export const schoolArchive: ArchiveMethods = {
  ...generic,
  archive: (id, by, now) => setArchived(id, true, by, now),
  restore: (id, by, now) => setArchived(id, false, by, now),
  async remove(id, references, by, now) {
    const current = await currentSchool(id);
    const refused = stillReferred('school', current.name, references);
    if (refused) throw refused;
    await writeSchools([{ op: 'remove', id: new Types.ObjectId(id) }], { by, now, action: 'deleted' });
    return toArchivable(current);
  },
};
