import { requireIec } from '../access';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { STATUS_SUBCOMMAND } from './ids';
import { schedulerStatus } from './status';
import type { NotificationSource } from './types';
import { statusBlocks, statusText } from './views';

async function runStatus(ctx: CommandContext, sources: readonly NotificationSource[]): Promise<void> {
  requireIec(ctx.actor);
  const timeZone = ctx.deps.config.timeZone;
  const status = await schedulerStatus(ctx.now, sources, { now: ctx.now, timeZone }, { maxFailures: 15, maxUpcoming: 15, upcomingDays: 7 });
  await ctx.reply({ text: statusText(status), blocks: statusBlocks(status, timeZone) });
}

/**
 * `/iec status`: what the scheduler sent, skipped and failed, and what is due next (IECs), for these sources (the
 * app's `notificationSources`, src/scheduled.ts).
 */
export const createSchedulerFeature = (sources: readonly NotificationSource[]): Feature => ({
  name: 'scheduler',
  subcommands: [
    {
      name: STATUS_SUBCOMMAND,
      help: [
        {
          usage: '/iec status',
          summary:
            'scheduled messages of the last 7 days: sent, skipped, failed (with reasons), what the latest run did, and what is due next',
        },
      ],
      run: (ctx) => runStatus(ctx, sources),
    },
  ],
});
