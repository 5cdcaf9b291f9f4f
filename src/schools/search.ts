import { escapeRegExp, normalizeName } from '../partners/names';
import { SchoolModel } from './model';

export interface SchoolMatch {
  id: string;
  name: string;
  code?: string;
}

/**
 * Type-ahead for schools: names containing what was typed (regardless of case, spacing and punctuation)
 * or codes starting with it ("02m4" finds 02M475). Prefix matches on the name come first. User text is
 * always matched literally.
 */
export async function searchSchools(query: string, limit = 20): Promise<SchoolMatch[]> {
  const key = normalizeName(query);
  const code = query
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  const max = Math.max(1, Math.min(limit, 100));
  const conditions = [];
  if (key) conditions.push({ nameKey: { $regex: escapeRegExp(key) } });
  if (code) conditions.push({ code: { $regex: `^${escapeRegExp(code)}` } });
  const filter = conditions.length > 0 ? { $or: conditions } : {};
  const rows = await SchoolModel.find(filter, { name: 1, nameKey: 1, code: 1 })
    .sort({ nameKey: 1 })
    .limit(conditions.length > 0 ? 200 : max)
    .lean();
  const first = key ? rows.filter((r) => r.nameKey.startsWith(key) || (code !== '' && r.code?.startsWith(code))) : rows;
  const rest = key ? rows.filter((r) => !first.includes(r)) : [];
  return [...first, ...rest].slice(0, max).map((r) => ({ id: String(r._id), name: r.name, ...(r.code ? { code: r.code } : {}) }));
}
