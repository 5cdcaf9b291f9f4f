import { canManageCommission, requireCommissionManager, requireIec } from '../access';
import { chooseCommission } from '../commissions';
import { channelChoiceHint, channelChoiceNote } from '../commissions';
import { withNote } from '../slack/lists';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import { registerAttendanceListeners, runAttendance, runMeetingShow } from './attendance-listeners';
import { ATTENDANCE_SUBCOMMAND, MEETING_SUBCOMMAND, MEETINGS_SUBCOMMAND } from './ids';
import { agendaBlockIdFor, registerMeetingListeners, scheduleModalData } from './listeners';
import { renderMeetingList } from './list';
import { meetingScheduleModal } from './views';

const SCHEDULE_USAGE =
  '`/iec meeting schedule [commission]` opens a form to schedule a meeting; `/iec meeting show [commission] <date | title>` shows one.';

/** Meetings: `/iec meeting schedule`, `/iec meetings`, reschedule and cancel. */
export const meetingsFeature: Feature = {
  name: 'meetings',
  subcommands: [
    {
      name: MEETING_SUBCOMMAND,
      help: [
        {
          usage: '/iec meeting schedule [commission]',
          summary: 'schedule a commission meeting (agenda prefilled from open deliverables and decisions)',
        },
        { usage: '/iec meeting show [commission] <date | title>', summary: 'a meeting: attendance by kind, notes, decisions' },
      ],
      async run(ctx) {
        const [action, commissionArg, ...extra] = ctx.args;
        if (action?.toLowerCase() === 'show') return runMeetingShow(ctx, ctx.args.slice(1));
        if (action?.toLowerCase() !== 'schedule' || extra.length > 0) throw invalidInput(SCHEDULE_USAGE);
        const actor = ctx.actor;
        requireIec(actor);
        const chosen = await chooseCommission(commissionArg, ctx.channelId);
        if (chosen && !chosen.fromChannel) requireCommissionManager(actor, chosen);
        // the channel's commission is preselected only for those who may schedule its meetings
        const commission = chosen && canManageCommission(actor, chosen.key) ? chosen : undefined;
        const data = await scheduleModalData(commission?.key, ctx.deps, agendaBlockIdFor(commission?.key));
        if (data.commissions.length === 0) throw invalidInput('There are no commissions yet: an administrator adds them first.');
        const hint = channelChoiceHint(commission);
        await ctx.client.views.open({
          trigger_id: ctx.triggerId,
          view: meetingScheduleModal({ ...data, ...(hint ? { commissionHint: hint } : {}), ...(ctx.origin ? { origin: ctx.origin } : {}) }),
        });
      },
    },
    {
      name: ATTENDANCE_SUBCOMMAND,
      help: [
        {
          usage: '/iec attendance <commission> [school year]',
          summary: 'who came to which formal meetings; per school, how many its staff attended',
        },
      ],
      run: runAttendance,
    },
    {
      name: MEETINGS_SUBCOMMAND,
      help: [{ usage: '/iec meetings [commission]', summary: 'upcoming meetings, with reschedule and cancel buttons' }],
      async run(ctx) {
        if (ctx.args.length > 1) throw invalidInput('Use `/iec meetings [commission]`, e.g. `/iec meetings healthcare`.');
        const actor = ctx.actor;
        const chosen = ctx.args[0] ? undefined : await chooseCommission(undefined, ctx.channelId);
        const message = await renderMeetingList(actor, ctx.args[0] ?? chosen?.key, ctx.deps, ctx.now, ctx.client);
        const note = channelChoiceNote(chosen, '/iec meetings');
        await ctx.reply(note ? withNote(message, note) : message);
      },
    },
  ],
  register(app, deps) {
    registerMeetingListeners(app, deps);
    registerAttendanceListeners(app, deps);
  },
};

export { agendaBlockIdFor, scheduleModalData } from './listeners';
