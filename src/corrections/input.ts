import { z } from 'zod';
import { invalidInput } from '../errors';

export const RECORD_KINDS = ['partner', 'school'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type CorrectionVerb = 'archive' | 'restore' | 'delete';

/** Records without a unique name, archived and restored by title (several of one title: the answer lets you pick). */
export const TITLED_KINDS = ['deliverable', 'meeting'] as const;
export type TitledKind = (typeof TITLED_KINDS)[number];

const kindSchema = z.enum(RECORD_KINDS);
const titledSchema = z.enum(TITLED_KINDS);

function unquote(text: string): string {
  return text
    .trim()
    .replace(/^["“']+|["”']+$/g, '')
    .trim();
}

/** `/iec archive|restore|delete <partner|school> <name>` (archive and restore: also `deliverable|meeting <title>`) → what and which. */
export function parseCorrectionArgs(
  verb: CorrectionVerb,
  args: readonly string[],
  rest: string,
): { kind: RecordKind; name: string } | { kind: TitledKind; name: string; titled: true } {
  const usage =
    verb === 'delete'
      ? `Use \`/iec delete partner <name>\` or \`/iec delete school <name>\`, e.g. \`/iec delete partner Con Edison\`.`
      : `Use \`/iec ${verb} partner <name>\`, \`/iec ${verb} school <name>\`, \`/iec ${verb} deliverable <title>\` or \`/iec ${verb} meeting <title>\`, e.g. \`/iec ${verb} partner Con Edison\`.`;
  const word = (args[0] ?? '').toLowerCase().replace(/s$/, '');
  const titled = titledSchema.safeParse(word);
  if (titled.success && verb !== 'delete') {
    const title = unquote(rest.trim().slice(args[0]?.length ?? 0));
    if (!title) throw invalidInput(usage);
    return { kind: titled.data, name: title.slice(0, 200), titled: true };
  }
  const kind = kindSchema.safeParse(word);
  if (!kind.success) throw invalidInput(usage);
  const name = unquote(rest.trim().slice(args[0]?.length ?? 0));
  if (!name) throw invalidInput(usage);
  return { kind: kind.data, name: name.slice(0, 200) };
}

const buttonValue = z.string().regex(/^(partner|school):[0-9a-f]{24}$/);

/** A button's value `<kind>:<id>`. */
export function correctionValue(kind: RecordKind, id: string): string {
  return `${kind}:${id}`;
}

export function parseCorrectionValue(value: string | undefined): { kind: RecordKind; id: string } {
  const parsed = buttonValue.safeParse(value);
  if (!parsed.success) throw invalidInput('That button is out of date: run the command again.');
  const [kind, id] = parsed.data.split(':') as [RecordKind, string];
  return { kind, id };
}

const titledValueSchema = z.string().regex(/^(deliverable|meeting):[0-9a-f]{24}$/);

/** A titled record's button value `<kind>:<id>`. */
export function titledValue(kind: TitledKind, id: string): string {
  return `${kind}:${id}`;
}

export function parseTitledValue(value: string | undefined): { kind: TitledKind; id: string } {
  const parsed = titledValueSchema.safeParse(value);
  if (!parsed.success) throw invalidInput('That button is out of date: run the command again.');
  const [kind, id] = parsed.data.split(':') as [TitledKind, string];
  return { kind, id };
}
