import { parseArgs } from 'node:util';
import { IMPORT_KINDS, type ImportKind } from './columns';

export const USAGE = `Usage:
  npm run import -- <partners|schools|commitments|programs> <file.csv|file.xlsx> [--dry-run] [--as <Slack user id>]
  npm run import -- --resume <import id>
  npm run import -- --rollback <import id>
  npm run import -- --template <partners|schools|commitments|programs> [--out <file.xlsx>]`;

export type ImportCommand =
  | { kind: 'import'; what: ImportKind; file: string; dryRun: boolean; as?: string }
  | { kind: 'resume' | 'rollback'; id: string; as?: string }
  | { kind: 'template'; what: ImportKind; out: string };

export type ParsedArgs = { ok: true; command: ImportCommand } | { ok: false; problem: string };

const isKind = (v: string | undefined): v is ImportKind => (IMPORT_KINDS as readonly string[]).includes(v ?? '');

/** `npm run import -- …` → what to do, or the problem in plain words (exit 2). */
export function parseImportArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        resume: { type: 'string' },
        rollback: { type: 'string' },
        template: { type: 'string' },
        out: { type: 'string' },
        as: { type: 'string' },
      },
    });
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  const { values, positionals } = parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  const as = typeof values.as === 'string' ? values.as : undefined;
  if (as !== undefined && !/^[UW][A-Z0-9]{2,20}$/.test(as))
    return { ok: false, problem: `--as takes a Slack user id like U0123ABCD, not "${as}".` };
  const modes = ['resume', 'rollback', 'template'].filter((m) => values[m] !== undefined);
  if (modes.length > 1) return { ok: false, problem: `--${modes[0]} and --${modes[1]} cannot be used together.` };
  if (modes.length === 1) {
    if (positionals.length > 0) return { ok: false, problem: `--${modes[0]} takes no other arguments (got "${positionals.join(' ')}").` };
    const value = String(values[modes[0]]);
    if (modes[0] === 'template') {
      if (!isKind(value)) return { ok: false, problem: `--template takes partners, schools, commitments or programs, not "${value}".` };
      const out = typeof values.out === 'string' ? values.out : `iec-${value}-template.xlsx`;
      return { ok: true, command: { kind: 'template', what: value, out } };
    }
    if (!/^[0-9a-f]{24}$/i.test(value))
      return { ok: false, problem: `--${modes[0]} takes an import id (24 hex characters), not "${value}".` };
    return { ok: true, command: { kind: modes[0] as 'resume' | 'rollback', id: value.toLowerCase(), ...(as ? { as } : {}) } };
  }
  if (values.out !== undefined) return { ok: false, problem: '--out goes with --template.' };
  const [what, file, ...extra] = positionals;
  if (!what) return { ok: false, problem: 'Say what the file holds and where it is.' };
  if (!isKind(what)) return { ok: false, problem: `"${what}" is not something I import: partners, schools, commitments or programs.` };
  if (!file) return { ok: false, problem: `Name the file of ${what} to import.` };
  if (extra.length > 0) return { ok: false, problem: `One file at a time (got also "${extra.join(' ')}").` };
  return { ok: true, command: { kind: 'import', what, file, dryRun: values['dry-run'] === true, ...(as ? { as } : {}) } };
}
