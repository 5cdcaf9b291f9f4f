import type { RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../domain/actor';
import type { AppDeps } from './deps';
import type { Origin } from './forms';
import { decodeSlackText, nearest, tokenize } from './text';

/** The one namespaced command. Features contribute subcommands; this module dispatches them. */
export const IEC_COMMAND = '/iec';

export interface CommandContext {
  /** The words after the subcommand name, tokenized (quotes keep phrases together). */
  args: string[];
  /** The raw text after the subcommand name. */
  rest: string;
  userId: string;
  /** The acting person with their roles (resolved once, by the actor middleware). */
  actor: Actor;
  teamId: string;
  channelId: string;
  triggerId: string;
  /** Where the command was run (its response_url): a form it opens carries it, to answer there (src/slack/forms.ts). */
  origin?: Origin;
  client: WebClient;
  /** Ephemeral reply to the person who ran the command (through response_url). */
  reply: (message: string | RespondArguments) => Promise<void>;
  now: Date;
  deps: AppDeps;
}

export interface Subcommand {
  /** First word after /iec, e.g. `partner`. */
  name: string;
  aliases?: string[];
  /** Lines for /iec help: usage → what it does. */
  help: ReadonlyArray<{ usage: string; summary: string }>;
  run(ctx: CommandContext): Promise<void>;
}

export class SubcommandRegistry {
  private readonly byName = new Map<string, Subcommand>();
  private readonly ordered: Subcommand[] = [];

  add(sub: Subcommand): this {
    for (const name of [sub.name, ...(sub.aliases ?? [])]) {
      if (this.byName.has(name)) throw new Error(`/iec ${name} is registered twice`);
      this.byName.set(name, sub);
    }
    this.ordered.push(sub);
    return this;
  }

  find(name: string): Subcommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  list(): readonly Subcommand[] {
    return this.ordered;
  }

  /** The subcommand the person most likely meant. */
  suggest(name: string): Subcommand | undefined {
    const match = nearest(name, this.names());
    return match ? this.byName.get(match) : undefined;
  }
}

/** Splits `/iec partner show Con Edison` (as Slack sends it: `&`, `<`, `>` encoded) into the subcommand name and what follows it. */
export function splitSubcommand(text: string): { name: string; rest: string; args: string[] } {
  const trimmed = decodeSlackText(text).trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { name: '', rest: '', args: [] };
  return { name: match[1].toLowerCase(), rest: match[2], args: tokenize(match[2]) };
}
