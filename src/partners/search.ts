import { distance } from 'fastest-levenshtein';
import type { Types } from 'mongoose';
import { PartnerModel, type Partner } from './model';
import { escapeRegExp, nameWordKeys, normalizeName } from './names';

export interface PartnerMatch {
  id: string;
  name: string;
}

/** How many names a look-up reads at most: every read below is a bounded range of an index. */
const CANDIDATES = 200;
const FUZZY_CANDIDATES = 1_000;

/**
 * Type-ahead: partners whose name, or any word of it on, begins with what was typed, regardless of case, spacing
 * and punctuation ("con ed", "CON-ED", "edison" all find Con Edison); names beginning with it come first. When
 * nothing begins so, the nearest names within a few typos ("Montefior Medcal"). User text is always matched
 * literally. Each query is a prefix range of an index (nameKey, nameWords), so it stays fast at any size.
 */
export async function searchPartners(query: string, limit = 20, filter: { ids?: string[] } = {}): Promise<PartnerMatch[]> {
  const key = normalizeName(query);
  if (filter.ids) return searchAmong(filter.ids, key, limit);
  if (!key) {
    const rows = await PartnerModel.find({}, { name: 1 }).sort({ nameKey: 1 }).limit(limit).lean();
    return rows.map((r) => ({ id: String(r._id), name: r.name }));
  }
  // one query: nameWords holds the whole name key too, so it finds the names that begin with the text and those
  // with a later word that does; names beginning with it come first, then alphabetical
  const prefix = { $regex: `^${escapeRegExp(key)}` };
  const rows = await PartnerModel.find({ nameWords: prefix }, { name: 1, nameKey: 1 }).limit(CANDIDATES).lean();
  const found = rows
    .sort((a, b) => Number(!a.nameKey.startsWith(key)) - Number(!b.nameKey.startsWith(key)) || a.nameKey.localeCompare(b.nameKey))
    .map((r) => ({ id: String(r._id), name: r.name }));
  if (found.length > 0) return found.slice(0, limit);
  return (await nearestNames(query, limit)).map((p) => ({ id: String(p._id), name: p.name }));
}

/** For someone who may see only `ids` (a partner contact's own organisations): those whose name matches. */
async function searchAmong(ids: string[], key: string, limit: number): Promise<PartnerMatch[]> {
  const rows = await PartnerModel.find({ _id: { $in: ids.slice(0, CANDIDATES) } }, { name: 1, nameKey: 1, nameWords: 1 }).lean();
  return rows
    .filter((r) => !key || r.nameKey.startsWith(key) || (r.nameWords ?? []).some((w) => w.startsWith(key)))
    .sort((a, b) => Number(!a.nameKey.startsWith(key)) - Number(!b.nameKey.startsWith(key)) || a.nameKey.localeCompare(b.nameKey))
    .slice(0, limit)
    .map((r) => ({ id: String(r._id), name: r.name }));
}

/**
 * Names within a few typos of `name`: the candidates are the partners with a word beginning like one of the
 * typed words (its first three letters, a bounded range of the nameWords index), ranked by edit distance.
 */
async function nearestNames(name: string, max: number): Promise<Array<{ _id: Types.ObjectId; name: string }>> {
  const key = normalizeName(name);
  if (key.length < 3) return [];
  const starts = [...new Set(nameWordKeys(name).map((w) => w.slice(0, 3)))].filter((w) => w.length === 3);
  if (starts.length === 0) return [];
  const candidates = await PartnerModel.find(
    { nameWords: { $in: starts.map((s) => new RegExp(`^${escapeRegExp(s)}`)) } },
    { name: 1, nameKey: 1, nameWords: 1 },
  )
    .limit(FUZZY_CANDIDATES)
    .lean();
  const threshold = Math.max(1, Math.floor(key.length / 3));
  return candidates
    .map((p) => ({
      p,
      score: Math.min(
        distance(key, p.nameKey.slice(0, key.length)),
        distance(key, p.nameKey),
        ...(p.nameWords ?? []).map((w) => distance(key, w.slice(0, key.length))),
      ),
    }))
    .filter((x) => x.score <= threshold)
    .sort((a, b) => a.score - b.score || a.p.name.localeCompare(b.p.name))
    .slice(0, max)
    .map((x) => x.p);
}

/** The partner with exactly this name (by normalized key), if any — only among `within` when given. */
export async function findPartnerByName(
  name: string,
  within?: readonly Types.ObjectId[],
): Promise<(Partner & { _id: Types.ObjectId }) | null> {
  const key = normalizeName(name);
  if (!key) return null;
  return PartnerModel.findOne({ nameKey: key, ...(within ? { _id: { $in: [...within] } } : {}) }).lean();
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
