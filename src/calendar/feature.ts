import { z } from 'zod';
import { DISTRICT_ONLY, requireAllowed, requireIec } from '../access';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { CALENDAR_SUBCOMMAND } from './ids';
import { addNoSchool, listNoSchool, removeNoSchool } from './service';
import { addedText, calendarListBlocks, calendarListText, removedText } from './views';
import { localDate, isValidDate } from '../domain/dates';

const USAGE =
  'Use `/iec calendar list`, `/iec calendar add <YYYY-MM-DD> [YYYY-MM-DD] <label>` (e.g. `/iec calendar add 2026-11-26 2026-11-27 Thanksgiving break`) or `/iec calendar remove <YYYY-MM-DD>`.';
const LIST_LIMIT = 60;

const date = z.string().refine(isValidDate, { message: 'date' });

/** `add <start> [end] <label…>`: the end date is optional, the label is the rest. */
const addArgs = z.array(z.string()).transform((args, ctx) => {
  const [start, maybeEnd, ...rest] = args;
  if (!start || !date.safeParse(start).success) {
    ctx.addIssue({
      code: 'custom',
      message: `Start with the first no-school day as YYYY-MM-DD${start ? ` (\`${start}\` is not a date)` : ''}, e.g. \`/iec calendar add 2026-11-26 Thanksgiving\`.`,
    });
    return z.NEVER;
  }
  const hasEnd = maybeEnd !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(maybeEnd);
  if (hasEnd && !date.safeParse(maybeEnd).success) {
    ctx.addIssue({ code: 'custom', message: `\`${maybeEnd}\` is not a date. Write it as YYYY-MM-DD.` });
    return z.NEVER;
  }
  const label = (hasEnd ? rest : [maybeEnd, ...rest])
    .filter((w): w is string => w !== undefined)
    .join(' ')
    .trim();
  if (!label) {
    ctx.addIssue({
      code: 'custom',
      message: `Add a label after the date${hasEnd ? 's' : ''}, e.g. \`/iec calendar add ${start}${hasEnd ? ` ${maybeEnd}` : ''} Winter break\`.`,
    });
    return z.NEVER;
  }
  return { startDate: start, endDate: hasEnd ? maybeEnd : start, label };
});

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? USAGE;
}

async function runCalendar(ctx: CommandContext): Promise<void> {
  const actor = ctx.actor;
  requireIec(actor);
  const zone = ctx.deps.config.timeZone;
  const [verb = 'list', ...args] = ctx.args;
  // the calendar moves every commission's digests and reminders: a district-wide setting
  if (verb.toLowerCase() !== 'list') {
    requireAllowed(actor, 'district.settings', {}, DISTRICT_ONLY);
  }
  switch (verb.toLowerCase()) {
    case 'list': {
      const { ranges, total } = await listNoSchool(localDate(ctx.now, zone), LIST_LIMIT);
      return ctx.reply({ text: calendarListText(total), blocks: calendarListBlocks(ranges, total, zone) });
    }
    case 'add': {
      const parsed = addArgs.safeParse(args);
      if (!parsed.success) throw invalidInput(firstMessage(parsed.error));
      const added = await addNoSchool({ ...parsed.data, createdBy: ctx.userId, at: ctx.now });
      return ctx.reply(addedText(added, zone));
    }
    case 'remove': {
      const parsed = z.tuple([date]).safeParse(args);
      if (!parsed.success)
        throw invalidInput(
          'Name a no-school date as YYYY-MM-DD, e.g. `/iec calendar remove 2026-11-26` (any day of a range removes the whole range).',
        );
      return ctx.reply(removedText(await removeNoSchool(parsed.data[0], { by: ctx.userId, at: ctx.now }), zone));
    }
    default:
      throw invalidInput(`I don't know \`calendar ${verb.slice(0, 40)}\`. ${USAGE}`);
  }
}

/** `/iec calendar add|remove|list`: no-school dates and ranges (IECs). */
export const calendarFeature: Feature = {
  name: 'calendar',
  subcommands: [
    {
      name: CALENDAR_SUBCOMMAND,
      help: [
        { usage: '/iec calendar list', summary: 'the coming no-school days (breaks, testing days)' },
        {
          usage: '/iec calendar add <YYYY-MM-DD> [YYYY-MM-DD] <label>',
          summary: 'a no-school day or range; digests and reminders move to the next school day',
        },
        { usage: '/iec calendar remove <YYYY-MM-DD>', summary: 'remove the no-school day or range containing that date' },
      ],
      run: runCalendar,
    },
  ],
};
