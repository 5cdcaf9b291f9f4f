import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Button, KnownBlock } from '@slack/types';
import { actorFrom, type Actor } from '../access';
import { archiveDeliverable, deliverablesTitled, restoreDeliverable } from '../deliverables';
import { notFound } from '../errors';
import { archiveMeeting, meetingsTitled, restoreMeeting } from '../meetings';
import { slackDate, slackDateTime } from '../slack/dates';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { escapeMrkdwn, truncate } from '../slack/text';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from './ids';
import { parseTitledValue, type TitledKind, titledValue } from './input';

/**
 * Archive and restore of deliverables and meetings (`/iec archive|restore deliverable|meeting <title>`): found by
 * title; when several have it, the answer lists them (commission, due date or start) each with its own button.
 * Each owner's archive function checks who may (the commission's leads and administrators), writes history and
 * audits it.
 */

type Verb = 'archive' | 'restore';

interface Titled {
  id: string;
  name: string;
  commissionKey: string;
  when: string;
}

const DO = {
  deliverable: { archive: archiveDeliverable, restore: restoreDeliverable },
  meeting: { archive: archiveMeeting, restore: restoreMeeting },
} as const;

const GONE: Record<TitledKind, string> = {
  deliverable: 'gone from `/iec deliverables`, Home, the digest, meeting agendas and reminders until restored',
  meeting: 'gone from `/iec meetings`, `/iec meeting show`, the digest, reminders and attendance counts until restored',
};

async function titled(kind: TitledKind, title: string, archived: boolean, zone: string): Promise<Titled[]> {
  if (kind === 'deliverable')
    return (await deliverablesTitled(title, archived)).map((d) => ({ ...d, when: `due ${slackDate(d.dueDate, zone)}` }));
  return (await meetingsTitled(title, archived)).map((m) => ({ ...m, when: slackDateTime(m.startsAt, zone) }));
}

/** Archives or restores one (its owner checks who may, writes its history and audits it). */
function act(kind: TitledKind, verb: Verb, id: string, actor: Actor, now: Date) {
  return DO[kind][verb](actor, id, now);
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

function titledButton(kind: TitledKind, verb: Verb, id: string): Button {
  return {
    type: 'button',
    text: plain(verb === 'archive' ? 'Archive' : 'Restore'),
    action_id: verb === 'archive' ? CORRECTION_ACTION.archiveTitled : CORRECTION_ACTION.restoreTitled,
    value: titledValue(kind, id),
  };
}

export interface TitledMessage {
  text: string;
  blocks: KnownBlock[];
}

/** After archiving or restoring: what it means, with the opposite button. */
export function titledDoneMessage(kind: TitledKind, verb: Verb, r: { id: string; name: string }): TitledMessage {
  const name = `*${escapeMrkdwn(truncate(r.name, 150))}*`;
  const text =
    verb === 'archive'
      ? `:file_cabinet: Archived the ${kind} ${name}: ${GONE[kind]}.`
      : `:leftwards_arrow_with_hook: Restored the ${kind} ${name}: it is back as it was.`;
  return {
    text: text.replace(/[*_`]/g, ''),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', block_id: CORRECTION_BLOCK, elements: [titledButton(kind, verb === 'archive' ? 'restore' : 'archive', r.id)] },
    ],
  };
}

/** Several of that title: each with where and when, and its own button. */
export function titledChoiceMessage(kind: TitledKind, verb: Verb, matches: readonly Titled[], title: string): TitledMessage {
  const head = `${matches.length} ${kind}s are titled *${escapeMrkdwn(truncate(title, 100))}*: which one do you mean?`;
  return {
    text: `${matches.length} ${kind}s have that title: pick one.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      ...matches.map(
        (m): KnownBlock => ({
          type: 'section',
          text: { type: 'mrkdwn', text: `*${escapeMrkdwn(truncate(m.name, 150))}* · \`${m.commissionKey}\` · ${m.when}` },
          accessory: titledButton(kind, verb, m.id),
        }),
      ),
    ],
  };
}

/** `/iec archive|restore deliverable|meeting <title>`. */
export async function runTitled(ctx: CommandContext, verb: Verb, kind: TitledKind, title: string): Promise<void> {
  const matches = await titled(kind, title, verb === 'restore', ctx.deps.config.timeZone);
  if (matches.length === 0) {
    const list = kind === 'deliverable' ? '`/iec deliverables all`' : '`/iec meetings`';
    throw notFound(
      verb === 'archive'
        ? `I don't know a ${kind} titled *${escapeMrkdwn(truncate(title, 100))}* that is not archived. See ${list} for their titles.`
        : `No archived ${kind} is titled *${escapeMrkdwn(truncate(title, 100))}*.`,
    );
  }
  if (matches.length > 1) return ctx.reply(titledChoiceMessage(kind, verb, matches, title));
  await ctx.reply(titledDoneMessage(kind, verb, await act(kind, verb, matches[0].id, ctx.actor, ctx.now)));
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The Archive / Restore buttons of these answers: the message is replaced by the outcome. */
export function titledButtonListener(verb: Verb, deps: AppDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const { kind, id } = parseTitledValue(args.action.value);
      const done = await act(kind, verb, id, actorFrom(args.context), deps.clock());
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...titledDoneMessage(kind, verb, done) });
    } catch (err) {
      await reply.error(err);
    }
  };
}
