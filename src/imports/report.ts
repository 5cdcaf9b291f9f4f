import { type ImportSummary, countsLine } from './service';

/** The summary of an import as plain text lines (the command line prints them). */
export function summaryLines(s: ImportSummary, options: { maxRejected?: number } = {}): string[] {
  const max = options.maxRejected ?? 20;
  const lines = [`Import ${s.id}: ${s.kind} from ${s.filename} (${s.status.replace('_', ' ')})`];
  for (const n of s.notices) lines.push(`  note: ${n}`);
  if (s.unrecognised.length > 0) lines.push(`  columns not recognised (ignored): ${s.unrecognised.join(', ')}`);
  for (const r of s.rejected.slice(0, max)) lines.push(`  row ${r.row}: ${r.reason.replace(/`/g, '')}`);
  if (s.counts.rejected > Math.min(max, s.rejected.length))
    lines.push(`  … and ${s.counts.rejected - Math.min(max, s.rejected.length)} more rejected rows`);
  if (s.problem) lines.push(`  ${s.problem}`);
  lines.push(countsLine(s.counts));
  return lines;
}
