import type { Types } from 'mongoose';
import type { MatchQuality } from '../domain/name-index';
import { PartnerModel } from './model';
import type { StoredPartner } from './write';
import { partnerNames } from './name-index';
import { normalizeName } from '../domain/names';

export interface PartnerMatch {
  id: string;
  name: string;
  /** How it matched: its name begins with the text, a word of it does, or it is within a few typos. */
  quality?: MatchQuality;
}

/**
 * Type-ahead: partners whose name, or any word of it, begins with what was typed, regardless of case, spacing and
 * punctuation ("con ed", "CON-ED", "edison" all find Con Edison), then those within a few typos ("montifiore",
 * "edisn"); names beginning with the text come first. Archived partners are never found. Read from this process's
 * fuzzy index (src/partners/name-index.ts), so it costs no database round trip.
 */
export async function searchPartners(query: string, limit = 20, filter: { ids?: string[] } = {}): Promise<PartnerMatch[]> {
  const found = await partnerNames.find(query, { limit, ...(filter.ids ? { ids: filter.ids } : {}) });
  return found.map((m) => ({ id: m.id, name: m.name, quality: m.quality }));
}

/**
 * The one partner a name clearly means, when it is not exact: the only one that begins with it or has a word that
 * does, else the only one within a few typos ("Turner" → Turner Construction). None when there are several.
 */
export async function singlePartnerMatch(name: string, within?: readonly Types.ObjectId[]): Promise<PartnerMatch | undefined> {
  if (normalizeName(name).length < 3) return undefined;
  const found = await searchPartners(name, 3, within ? { ids: within.map(String) } : {});
  const close = found.filter((m) => m.quality !== 'typo');
  if (close.length === 1) return close[0];
  return close.length === 0 && found.length === 1 ? found[0] : undefined;
}

/** The partner with exactly this name (by normalized key), if any and not archived — only among `within` when given. */
export async function findPartnerByName(name: string, within?: readonly Types.ObjectId[]): Promise<StoredPartner | null> {
  const key = normalizeName(name);
  if (!key) return null;
  return PartnerModel.findOne(
    { nameKey: key, archivedAt: null, ...(within ? { _id: { $in: [...within] } } : {}) },
    { history: 0 },
  ).lean<StoredPartner>();
}

/**
 * Names close to one that was not found, for "did you mean…" answers: names beginning like it first, then names
 * within a few typos of it ("Montefior Medcal" → Montefiore Medical Center).
 */
export async function suggestPartnerNames(name: string, max = 3): Promise<string[]> {
  return (await searchPartners(name, max)).map((p) => p.name);
}

/**
 * Names to suggest for one that was not found: the nearest ones, or — for someone who may see only `within`
 * (a partner contact's own organisations) — the first of those.
 */
export async function suggestPartnersFor(name: string, within?: readonly Types.ObjectId[], max = 3): Promise<string[]> {
  return within ? (await searchPartners('', max, { ids: within.map(String) })).map((p) => p.name) : suggestPartnerNames(name, max);
}
