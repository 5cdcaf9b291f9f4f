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

/** Escapes text for use inside a RegExp, so user input is always literal. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
