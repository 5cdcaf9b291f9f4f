import { z } from 'zod';
import { invalidInput } from '../errors';

export const RECORD_KINDS = ['partner', 'school'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type CorrectionVerb = 'archive' | 'restore' | 'delete';

const kindSchema = z.enum(RECORD_KINDS);

function unquote(text: string): string {
  return text
    .trim()
    .replace(/^["“']+|["”']+$/g, '')
    .trim();
}

/** `/iec archive|restore|delete <partner|school> <name>` → what and which. */
export function parseCorrectionArgs(verb: CorrectionVerb, args: readonly string[], rest: string): { kind: RecordKind; name: string } {
  const usage = `Use \`/iec ${verb} partner <name>\` or \`/iec ${verb} school <name>\`, e.g. \`/iec ${verb} partner Con Edison\`.`;
  const kind = kindSchema.safeParse((args[0] ?? '').toLowerCase().replace(/s$/, ''));
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
