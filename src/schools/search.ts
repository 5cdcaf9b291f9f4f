import type { MatchQuality } from '../domain/name-index';
import { schoolNames } from './name-index';
import { invalidInput } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { normalizeName } from '../domain/names';

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

/**
 * The school named (by name or district code), exactly; an unknown one gets the nearest names and how to add it, as
 * an input error on the field `school`.
 */
export async function requireSchoolNamed(text: string): Promise<SchoolMatch> {
  const typed = text.trim();
  let matches = await searchSchools(typed, 5);
  const firstWord = typed.split(/\s+/).find((w) => w.length >= 3);
  if (matches.length === 0 && firstWord) matches = await searchSchools(firstWord, 5);
  const key = normalizeName(typed);
  const code = typed.toUpperCase();
  const exact = matches.find((s) => normalizeName(s.name) === key || s.code === code);
  if (exact) return exact;
  const shown = escapeMrkdwn(typed.slice(0, 60));
  const guesses = matches.slice(0, 3).map((s) => `${s.name}${s.code ? ` (${s.code})` : ''}`);
  const message = guesses.length
    ? `I don't know the school "${shown}". Did you mean ${guesses.join(', ')}?`
    : `I don't know the school "${shown}". Add it first with /iec school add "<name>" [code].`;
  throw invalidInput(message, { school: message });
}
