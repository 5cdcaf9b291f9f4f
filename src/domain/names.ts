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

/** Whom `/iec contact erase` is asked for: an email, or a Slack user. */
export type PersonMatch = { email: string } | { slackUserId: string };

/** How a person is recorded where no Slack id or email is kept (a meeting's guest, a member by name): their name and organisation. */
export interface NamedAs {
  name: string;
  organisation: string;
}

/**
 * Whom an erasure (`/iec contact erase`) reaches, as each feature erases its own records of them: their Slack ids,
 * their emails (lower case), every value of theirs (names, emails, titles, phones, Slack ids) to scrub from text,
 * and the names with organisations they are recorded under: a guest or a member known by name only is theirs when
 * both match (another person of the same name, at another organisation, is not).
 */
export interface ErasedPerson {
  slackUserIds: readonly string[];
  emails: readonly string[];
  values: readonly string[];
  namedAs: readonly NamedAs[];
}

/** Whether a name and organisation recorded without an id are one of `person`'s (compared without case and spacing). */
export function isNamedAs(
  person: Pick<ErasedPerson, 'namedAs'>,
  name: string | null | undefined,
  organisation: string | null | undefined,
): boolean {
  if (!name) return false;
  const key = (v: string | null | undefined) => normalizeName(v ?? '');
  return person.namedAs.some((n) => key(n.name) === key(name) && key(n.organisation) === key(organisation));
}

/** Where an erasure found the person: its preview lists these, so an administrator sees whom it reaches. */
export type PersonPlace =
  | { kind: 'contact'; name: string; title?: string; email?: string; partner: string }
  | { kind: 'member'; commissionKey: string; name: string; organisation: string }
  | { kind: 'program'; program: string; school: string; name: string }
  | { kind: 'lead'; commissionKey: string }
  | { kind: 'attendee'; meetings: number }
  | { kind: 'guest'; name: string; organisation: string; meetings: number };

/** What one feature knows of a person an erasure is asked for: where they are, and more of who they are. */
export interface PersonTrace {
  places: PersonPlace[];
  slackUserIds: string[];
  emails: string[];
  namedAs: NamedAs[];
  /** Other values of theirs to scrub from text (titles, phones). */
  values: string[];
}

export const noTrace = (): PersonTrace => ({ places: [], slackUserIds: [], emails: [], namedAs: [], values: [] });

/** A stored value that reads as a phone number (digits with spaces, dots, dashes, brackets, a leading +). */
const PHONE = /^\+?[\d\s().-]{7,}$/;

/** How an erasure scrubs one person from free text: `scrub` a text, and `filter` the stored texts that may hold them. */
export interface PersonText {
  scrub(text: string): string;
  /**
   * Case-insensitive, without word boundaries: a superset of what `scrub` replaces, in a regex every engine reads,
   * for the query that finds the records to scrub.
   */
  filter: { $regex: string; $options: 'i' };
}

/**
 * What of a person an erasure scrubs from free text (notes, agendas, minutes, decisions, titles): their Slack ids
 * (a mention `<@U…>` or `<@U…|label>` whole, or bare), emails and names in any case, and phone numbers as stored,
 * each as a whole word ("Ana" is not scrubbed from "Banana"), replaced by ERASED_CONTACT. Titles are not: "Recruiter"
 * in someone else's note is not theirs. Undefined when there is nothing to look for. Longer needles first, so a
 * full name wins over a part of it.
 */
export function personText(person: Pick<ErasedPerson, 'slackUserIds' | 'emails' | 'namedAs' | 'values'>): PersonText | undefined {
  const ids = person.slackUserIds.filter((id) => /^[UW][A-Z0-9]{2,}$/.test(id));
  const words = [
    ...ids,
    ...person.emails,
    ...person.namedAs.map((n) => n.name),
    ...person.values.filter((v) => PHONE.test(v) && v.replace(/\D/g, '').length >= 7),
  ]
    .map((w) => w.trim())
    .filter((w) => w.length >= 2 && w.toLowerCase() !== ERASED_CONTACT);
  if (words.length === 0) return undefined;
  const alternation = (xs: string[]) => [...new Set(xs)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const mention = ids.length ? `<@(?:${alternation(ids)})(?:\\|[^>]*)?>|` : '';
  const pattern = new RegExp(`${mention}(?<![\\p{L}\\p{N}_])(?:${alternation(words)})(?![\\p{L}\\p{N}_])`, 'giu');
  return {
    scrub: (text) => text.replace(pattern, ERASED_CONTACT),
    filter: { $regex: alternation(words), $options: 'i' },
  };
}
