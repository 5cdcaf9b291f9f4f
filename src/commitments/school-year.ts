/**
 * School years run July to June and are named like `2026-27`. Computed in the district's time zone so a
 * date on the evening of June 30 belongs to the year that is ending.
 */

export function schoolYearOf(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(date);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  const start = month >= 7 ? year : year - 1;
  return formatSchoolYear(start);
}

export function formatSchoolYear(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** `2026-27`, `2026-2027` or `2026` (the year it starts) → `2026-27`; undefined when it is not a school year. */
export function parseSchoolYear(input: string): string | undefined {
  const m = /^(\d{4})(?:\s*[-/–]\s*(\d{2}|\d{4}))?$/.exec(input.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  if (start < 2000 || start > 2100) return undefined;
  if (m[2]) {
    const end = Number(m[2].length === 2 ? `${String(start + 1).slice(0, 2)}${m[2]}` : m[2]);
    if (end !== start + 1) return undefined;
  }
  return formatSchoolYear(start);
}
