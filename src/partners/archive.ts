import { createArchiveMethods } from '../db/archive';
import { PartnerModel } from './model';
import { suggestPartnerNames } from './search';
import { normalizeName } from '../domain/names';

/**
 * Archiving partners instead of deleting them: an archived partner is gone from lists, the type-ahead, name
 * look-ups, digests and Home until restored; its commitments stay as they were.
 */
export const partnerArchive = createArchiveMethods(PartnerModel, {
  noun: 'partner',
  normalize: normalizeName,
  suggest: (name) => suggestPartnerNames(name),
});
