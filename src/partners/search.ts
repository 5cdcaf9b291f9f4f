import { distance } from 'fastest-levenshtein';
import type { Types } from 'mongoose';
import { PartnerModel, type Partner } from './model';
import { escapeRegExp, normalizeName } from './names';

export interface PartnerMatch {
  id: string;
  name: string;
}

/**
 * Type-ahead: partners whose name contains what was typed, regardless of case, spacing and punctuation
 * ("con ed", "CON-ED", "edison" all find Con Edison). Prefix matches come first. User text is always
 * matched literally.
 */
export async function searchPartners(query: string, limit = 20, filter: { ids?: string[] } = {}): Promise<PartnerMatch[]> {
  const key = normalizeName(query);
  const base = filter.ids ? { _id: { $in: filter.ids } } : {};
  const condition = key ? { ...base, nameKey: { $regex: escapeRegExp(key) } } : base;
  const rows = await PartnerModel.find(condition, { name: 1, nameKey: 1 })
    .sort({ nameKey: 1 })
    .limit(key ? 200 : limit)
    .lean();
  const ranked = key ? [...rows.filter((r) => r.nameKey.startsWith(key)), ...rows.filter((r) => !r.nameKey.startsWith(key))] : rows;
  return ranked.slice(0, limit).map((r) => ({ id: String(r._id), name: r.name }));
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
 * Names close to one that was not found, for "did you mean…" answers: names containing it first, then names
 * whose beginning is within a few typos of it ("Montefior Medcal" → Montefiore Medical Center).
 */
export async function suggestPartnerNames(name: string, max = 3): Promise<string[]> {
  const contained = await searchPartners(name, max);
  if (contained.length > 0) return contained.map((p) => p.name);
  const key = normalizeName(name);
  if (!key) return [];
  const all = await PartnerModel.find({}, { name: 1, nameKey: 1 }).limit(5000).lean();
  const threshold = Math.max(1, Math.floor(key.length / 3));
  return all
    .map((p) => ({ name: p.name, score: Math.min(distance(key, p.nameKey.slice(0, key.length)), distance(key, p.nameKey)) }))
    .filter((p) => p.score <= threshold)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((p) => p.name);
}

/**
 * Names to suggest for one that was not found: the nearest ones, or — for someone who may see only `within`
 * (a partner contact's own organisations) — the first of those.
 */
export async function suggestPartnersFor(name: string, within?: readonly Types.ObjectId[], max = 3): Promise<string[]> {
  return within ? (await searchPartners('', max, { ids: within.map(String) })).map((p) => p.name) : suggestPartnerNames(name, max);
}
