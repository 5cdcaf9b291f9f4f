import { canManageCommission, requireCommissionManager, requireIec } from '../access';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import { chooseCommission, listActiveCommissions } from '../commissions';
import { channelChoiceHint, channelChoiceNote } from '../commissions';
import { DELIVERABLE_SUBCOMMAND, DELIVERABLES_SUBCOMMAND } from './ids';
import { parseListArgs } from './input';
import { registerDeliverableListeners } from './listeners';
import { renderListPage } from './list';
import { deliverableAddModal } from './views';
import { withNote } from '../slack/lists';

const ADD_USAGE = '`/iec deliverable add [commission]` opens a form to add a deliverable.';

/** Deliverables: `/iec deliverable add`, `/iec deliverables`, their buttons and modals. */
export const deliverablesFeature: Feature = {
  name: 'deliverables',
  subcommands: [
    {
      name: DELIVERABLE_SUBCOMMAND,
      help: [{ usage: '/iec deliverable add [commission]', summary: 'add a deliverable (owner, due date) with a form' }],
      async run(ctx) {
        const [action, commissionArg, ...extra] = ctx.args;
        if (action?.toLowerCase() !== 'add' || extra.length > 0) throw invalidInput(ADD_USAGE);
        const actor = ctx.actor;
        requireIec(actor);
        const chosen = await chooseCommission(commissionArg, ctx.channelId);
        if (chosen && !chosen.fromChannel) requireCommissionManager(actor, chosen);
        // the channel's commission is preselected only for those who may add to it
        const commission = chosen && canManageCommission(actor, chosen.key) ? chosen : undefined;
        const commissions = await listActiveCommissions();
        if (commissions.length === 0) throw invalidInput('There are no commissions yet: an administrator adds them first.');
        const hint = channelChoiceHint(commission);
        await ctx.client.views.open({
          trigger_id: ctx.triggerId,
          view: deliverableAddModal({
            commissions,
            commissionKey: commission?.key,
            ...(hint ? { commissionHint: hint } : {}),
            ...(ctx.origin ? { origin: ctx.origin } : {}),
          }),
        });
      },
    },
    {
      name: DELIVERABLES_SUBCOMMAND,
      help: [
        {
          usage: '/iec deliverables [commission] [open|overdue|all]',
          summary: 'list deliverables, with buttons to close, reassign, move or snooze them',
        },
      ],
      async run(ctx) {
        const parsed = parseListArgs(ctx.args);
        if (!parsed.ok) throw invalidInput(parsed.errors.args);
        const actor = ctx.actor;
        const chosen = parsed.value.commissionKey ? undefined : await chooseCommission(undefined, ctx.channelId);
        const page = { ...parsed.value, ...(chosen ? { commissionKey: chosen.key } : {}), offset: 0 };
        const message = await renderListPage(actor, page, ctx.deps, ctx.now, ctx.client);
        const note = channelChoiceNote(chosen, '/iec deliverables');
        await ctx.reply(note ? withNote(message, note) : message);
      },
    },
  ],
  register: registerDeliverableListeners,
};
