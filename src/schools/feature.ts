import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { keepSchoolNamesFresh } from './name-index';
import { z } from 'zod';
import { requireIec } from '../access';
import { actorFrom } from '../access';
import { AppError, invalidInput } from '../errors';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { HISTORY_PAGE_SIZE } from '../slack/history';
import { historyActions } from '../slack/history-actions';
import { replierFor } from '../slack/interaction';
import { escapeMrkdwn } from '../slack/text';
import { SCHOOL_ACTION, SCHOOL_ALIASES, SCHOOL_LIST_MORE_ACTION, SCHOOL_SUBCOMMAND } from './ids';
import { findOrCreateSchool, listSchools } from './service';
import { SCHOOL_PAGE_SIZE, schoolHistoryView, schoolListBlocks } from './views';
import { schoolHistory } from './write';

const USAGE = 'Use `/iec school add "<name>" [code]` or `/iec school list`.';

/** A trailing word is a district code when it mixes digits and letters, like `02M475`. */
const CODE_WORD = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9-]{2,12}$/;

/** `add <name words…> [code]` → name and code. */
export function parseSchoolAdd(words: readonly string[]): { name: string; code?: string } {
  if (words.length === 0) throw invalidInput('Name the school, e.g. `/iec school add "Aviation High School" 24Q610`.');
  const last = words[words.length - 1];
  if (words.length > 1 && CODE_WORD.test(last)) return { name: words.slice(0, -1).join(' '), code: last };
  return { name: words.join(' ') };
}

const offsetSchema = z.coerce.number().int().min(0).max(1_000_000);

async function runSchool(ctx: CommandContext): Promise<void> {
  const verb = (ctx.args[0] ?? 'list').toLowerCase();
  if (verb !== 'add' && verb !== 'list') throw invalidInput(USAGE);
  requireIec(ctx.actor);
  if (verb === 'list') {
    const page = await listSchools(0, SCHOOL_PAGE_SIZE);
    return ctx.reply({ text: `${page.total} schools`, blocks: schoolListBlocks(page, 0) });
  }
  const school = await findOrCreateSchool(parseSchoolAdd(ctx.args.slice(1)), ctx.userId, ctx.now);
  const label = `*${escapeMrkdwn(school.name)}*${school.code ? ` (\`${escapeMrkdwn(school.code)}\`)` : ''}`;
  return ctx.reply(school.created ? `:white_check_mark: Added ${label}.` : `${label} was already there.`);
}

function register(app: App, deps: AppDeps): void {
  keepSchoolNamesFresh(deps.logger);
  app.action<BlockAction<ButtonAction>>(SCHOOL_LIST_MORE_ACTION, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const offset = offsetSchema.safeParse(action.value);
      if (!offset.success) throw new AppError('invalid_input', 'That list is out of date: run `/iec school list` again.');
      requireIec(actorFrom(context));
      const page = await listSchools(offset.data, SCHOOL_PAGE_SIZE);
      await reply.tell({ text: `${page.total} schools`, blocks: schoolListBlocks(page, offset.data) });
    } catch (err) {
      await reply.error(err);
    }
  });
  const history = historyActions(
    deps,
    async (id, offset, context) => {
      // who may see the school list may see its schools' changes
      requireIec(actorFrom(context));
      const { name, code, ...page } = await schoolHistory(id, { offset, limit: HISTORY_PAGE_SIZE });
      return schoolHistoryView({ id, name, ...(code ? { code } : {}) }, page, deps.config.timeZone);
    },
    'That button is out of date: run `/iec school list` again.',
  );
  app.action(SCHOOL_ACTION.history, history.open);
  app.action(SCHOOL_ACTION.historyOlder, history.page);
  app.action(SCHOOL_ACTION.historyNewer, history.page);
}

/** `/iec school add|list`: the CTE schools partners serve. */
export const schoolsFeature: Feature = {
  name: 'schools',
  subcommands: [
    {
      name: SCHOOL_SUBCOMMAND,
      aliases: SCHOOL_ALIASES,
      help: [
        { usage: '/iec school add "<name>" [code]', summary: 'add a school (with its district code, e.g. 02M475)' },
        { usage: '/iec school list', summary: 'the schools' },
      ],
      run: runSchool,
    },
  ],
  register,
};
