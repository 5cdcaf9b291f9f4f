import type { MatchQuality } from '../domain/name-index';
import { schoolNames } from './name-index';

export interface SchoolMatch {
  id: string;
  name: string;
  code?: string;
  /** How it matched: its name begins with the text, a word of it (or its code) does, or it is within a few typos. */
  quality?: MatchQuality;
}

/**
 * Type-ahead for schools: names with a word beginning with what was typed (regardless of case, spacing and
 * punctuation), codes beginning with it ("02m4" finds 02M475), then names within a few typos ("aviaton"); names
 * beginning with the text come first. Archived schools are never found. Read from this process's fuzzy index
 * (src/schools/name-index.ts), so it costs no database round trip.
 */
export async function searchSchools(query: string, limit = 20): Promise<SchoolMatch[]> {
  const max = Math.max(1, Math.min(limit, 100));
  const found = await schoolNames.find(query, { limit: max });
  return found.map((m) => ({ id: m.id, name: m.name, ...(m.codes?.[0] ? { code: m.codes[0] } : {}), quality: m.quality }));
}
