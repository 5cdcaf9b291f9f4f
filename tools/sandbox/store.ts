import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { WorkspaceSnapshot } from '../slack-standin';
import { clockState, type ClockState } from './clock';
import type { ModalSnapshot } from './modals';

/**
 * What the sandbox keeps beside its database between runs (`state.json` in its data folder; `--fresh` wipes
 * both): the Slack stand-in's messages, DMs, ephemerals, views and files, the open modals, what each person
 * has read, and the simulated clock. Written shortly after every change and when the sandbox stops.
 */

export interface SandboxState {
  version: 1;
  slack: WorkspaceSnapshot;
  modals: ModalSnapshot;
  /** user → channel → ts of the newest message they have seen there. */
  read: Record<string, Record<string, string>>;
  clock: ClockState;
}

const record = <T extends z.ZodType>(v: T) => z.record(z.string(), v);
/** The file's outer shape is checked; the stand-in's own records are taken as it wrote them. */
const stateFile = z.object({
  version: z.literal(1),
  slack: z.object({
    messages: z.array(z.any()),
    ephemerals: z.array(z.any()),
    views: z.array(z.any()),
    homeViews: record(z.string()),
    files: z.array(z.any()),
    counter: z.number(),
    lastTsMicros: z.number(),
  }),
  modals: z.object({ stacks: record(z.array(z.string())), errors: record(record(z.string())), problems: record(z.string()) }),
  read: record(record(z.string())),
  clock: clockState,
});

export const STATE_FILE = 'state.json';

/** The saved state, undefined when there is none; a damaged file is reported, not half-read. */
export function loadState(dir: string): { ok: true; state?: SandboxState } | { ok: false; problem: string } {
  const file = path.join(dir, STATE_FILE);
  if (!existsSync(file)) return { ok: true };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, problem: `${file} is not JSON (${(err as Error).message}): start with --fresh to wipe it` };
  }
  const parsed = stateFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${file}: ${issue.path.join('.')}: ${issue.message}; start with --fresh to wipe it` };
  }
  return { ok: true, state: parsed.data as SandboxState };
}

/** Writes atomically (a temporary file renamed over the old one), so a crash never leaves half a file. */
export function saveState(dir: string, state: SandboxState): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
