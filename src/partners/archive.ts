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

/** The names of these partners (archived ones too), for an answer. */
async function namesOf(ids: readonly string[]): Promise<string> {
  const valid = ids.filter((id) => Types.ObjectId.isValid(id)).slice(0, 5);
  const rows = await PartnerModel.find({ _id: { $in: valid } }, { name: 1 }).lean<Array<{ name: string }>>();
  return rows.length > 0 ? rows.map((r) => `*${escapeMrkdwn(r.name)}*`).join(', ') : 'a partner that no longer exists';
}

/**
 * A partner that is part of a merge is not deleted for good: the duplicate (archived, `mergedInto`) is the keeper's
 * `mergedFrom` and what the merge's Undo brings back; the keeper holds what the duplicate had.
 */
async function mergeRefusal(p: StoredPartner): Promise<Error | undefined> {
  const name = `*${escapeMrkdwn(p.name)}*`;
  if (p.mergedInto)
    return conflict(
      `${name} cannot be deleted: it was merged into ${await namesOf([p.mergedInto])}, which points back to it and holds its contacts and commitments. It stays archived as the record of that merge, in no list, total or type-ahead. To have it apart again, use the merge's Undo (on its confirmation, for 15 minutes); otherwise leave it archived.`,
    );
  if (p.mergedFrom && p.mergedFrom.length > 0)
    return conflict(
      `${name} cannot be deleted: ${await namesOf(p.mergedFrom)} ${p.mergedFrom.length === 1 ? 'was merged into it and points' : 'were merged into it and point'} to it. Archive it instead (\`/iec archive partner ${escapeMrkdwn(p.name)}\`).`,
    );
  return undefined;
}

export const partnerArchive: ArchiveMethods = {
  ...generic,
  archive: (id, by, now) => setArchived(id, true, by, now),
  restore: (id, by, now) => setArchived(id, false, by, now),
  deleteRefusal: async (id) => mergeRefusal(await currentPartner(id)),
  async remove(id, references, by, now) {
    const current = await currentPartner(id);
    const refused = (await mergeRefusal(current)) ?? stillReferred('partner', current.name, references);
    if (refused) throw refused;
    await writePartners([{ op: 'remove', id: new Types.ObjectId(id) }], { by, now, action: 'deleted' });
    return archivable(current);
  },
};
