import { requireCommissionManager, requireIec, resolveActor } from '../access/actor';
import { requireCommission } from '../commissions/service';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import { MEETING_SUBCOMMAND, MEETINGS_SUBCOMMAND } from './ids';
import { agendaBlockIdFor, registerMeetingListeners, renderMeetingList, scheduleModalData } from './listeners';
import { meetingScheduleModal } from './views';

export { meetingReminderSource } from './reminders';

const SCHEDULE_USAGE = '`/iec meeting schedule [commission]` opens a form to schedule a meeting.';

/** Meetings: `/iec meeting schedule`, `/iec meetings`, reschedule and cancel. */
export const meetingsFeature: Feature = {
  name: 'meetings',
  subcommands: [
    {
      name: MEETING_SUBCOMMAND,
      help: [
        { usage: '/iec meeting schedule [commission]', summary: 'schedule a commission meeting (agenda prefilled from open deliverables)' },
      ],
      async run(ctx) {
        const [action, commissionArg, ...extra] = ctx.args;
        if (action?.toLowerCase() !== 'schedule' || extra.length > 0) throw invalidInput(SCHEDULE_USAGE);
        const actor = await resolveActor(ctx.userId, ctx.deps.config.admins);
        requireIec(actor);
        const commission = commissionArg ? await requireCommission(commissionArg) : undefined;
        if (commission) requireCommissionManager(actor, commission.key);
        const data = await scheduleModalData(commission?.key, ctx.deps, agendaBlockIdFor(commission?.key));
        if (data.commissions.length === 0) throw invalidInput('There are no commissions yet: an administrator adds them first.');
        await ctx.client.views.open({ trigger_id: ctx.triggerId, view: meetingScheduleModal(data) });
      },
    },
    {
      name: MEETINGS_SUBCOMMAND,
      help: [{ usage: '/iec meetings [commission]', summary: 'upcoming meetings, with reschedule and cancel buttons' }],
      async run(ctx) {
        if (ctx.args.length > 1) throw invalidInput('Use `/iec meetings [commission]`, e.g. `/iec meetings healthcare`.');
        const actor = await resolveActor(ctx.userId, ctx.deps.config.admins);
        await ctx.reply(await renderMeetingList(actor, ctx.args[0], ctx.deps, ctx.now));
      },
    },
  ],
  register: registerMeetingListeners,
};
