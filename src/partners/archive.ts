import { Types } from 'mongoose';
import { type Archivable, type ArchiveMethods, createArchiveMethods, stillReferred } from '../db/archive';
import { normalizeName } from '../domain/names';
import { conflict } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { PartnerModel } from './model';
import { suggestPartnerNames } from './search';
import { currentPartner, type StoredPartner, writePartner, writePartners } from './write';

/**
 * Archiving partners instead of deleting them: an archived partner is gone from lists, the type-ahead, name
 * look-ups, digests and Home until restored; its commitments stay as they were. Archiving, restoring and deleting
 * go through the partners' write path (write.ts): history, revision, `partner.changed`.
 */
const generic = createArchiveMethods(PartnerModel, {
  noun: 'partner',
  normalize: normalizeName,
  suggest: (name) => suggestPartnerNames(name),
});

function archivable(p: StoredPartner): Archivable {
  return {
    id: String(p._id),
    name: p.name,
    ...(p.archivedAt ? { archivedAt: p.archivedAt } : {}),
    ...(p.archivedBy ? { archivedBy: p.archivedBy } : {}),
  };
}

async function setArchived(id: string, archived: boolean, by: string, now: Date): Promise<Archivable> {
  const meta = { by, now, action: archived ? 'archived' : 'restored', noteActivity: false };
  const { partner } = await writePartner(id, meta, {}, (current) => {
    if (Boolean(current.archivedAt) === archived)
      throw conflict(`*${escapeMrkdwn(current.name)}* is ${archived ? 'already' : 'not'} archived.`);
    // a merged duplicate's contacts and commitments are the keeper's now: restoring it alone would leave it empty
    if (!archived && current.mergedInto)
      throw conflict(
        `*${escapeMrkdwn(current.name)}* was merged into another partner, which holds its contacts and commitments now. The merge's Undo (on its confirmation, for 15 minutes) brings it back with them.`,
      );
    return archived ? { archivedAt: now, archivedBy: by } : { archivedAt: null, archivedBy: null };
  });
  return archivable(partner);
}

export const partnerArchive: ArchiveMethods = {
  ...generic,
  archive: (id, by, now) => setArchived(id, true, by, now),
  restore: (id, by, now) => setArchived(id, false, by, now),
  async remove(id, references, by, now) {
    const current = await currentPartner(id);
    const refused = stillReferred('partner', current.name, references);
    if (refused) throw refused;
    await writePartners([{ op: 'remove', id: new Types.ObjectId(id) }], { by, now, action: 'deleted' });
    return archivable(current);
  },
};
