/**
 * Organisation names are unique regardless of case, spacing, punctuation and accents:
 * "Con Edison" = "con edison" = "Con-Edison" = "CON EDISON." → `conedison`.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * What the type-ahead finds a name by: the normalized name from each of its words on ("Con Edison" →
 * `conedison`, `edison`). Kept on the partner (`nameWords`, a multikey index), so "edis" or "con ed" is a
 * bounded prefix look-up in the index instead of a scan of every name.
 */
export function nameWordKeys(name: string): string[] {
  const words = name
    .split(/[\s\-/&,.()]+/)
    .map(normalizeName)
    .filter(Boolean);
  return [...new Set(words.map((_, i) => words.slice(i).join('')))];
}

/** Escapes text for use inside a RegExp, so user input is always literal. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What an erased partner contact (`/iec contact erase`) is called wherever they were named: history, the audit, "recorded by". */
export const ERASED_CONTACT = 'erased contact';

/**
 * Whom an erasure (`/iec contact erase`) reaches, as each feature erases its own records of them: their Slack ids,
 * their emails (lower case), and every value of theirs (names, emails, titles, phones, Slack ids) to scrub from text.
 */
export interface ErasedPerson {
  slackUserIds: readonly string[];
  emails: readonly string[];
  values: readonly string[];
}
