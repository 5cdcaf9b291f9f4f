import { requireCommissionManager, requireIec, resolveActor } from '../access/actor';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import { listActiveCommissions, requireCommission } from '../commissions/service';
import { DELIVERABLE_SUBCOMMAND, DELIVERABLES_SUBCOMMAND } from './ids';
import { parseListArgs } from './input';
import { registerDeliverableListeners, renderListPage } from './listeners';
import { deliverableAddModal } from './views';

export { deliverableReminderSource } from './reminders';

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
        const actor = await resolveActor(ctx.userId, ctx.deps.config.admins);
        requireIec(actor);
        const commission = commissionArg ? await requireCommission(commissionArg) : undefined;
        if (commission) requireCommissionManager(actor, commission.key);
        const commissions = await listActiveCommissions();
        if (commissions.length === 0) throw invalidInput('There are no commissions yet: an administrator adds them first.');
        await ctx.client.views.open({
          trigger_id: ctx.triggerId,
          view: deliverableAddModal({ commissions, commissionKey: commission?.key }),
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
        const actor = await resolveActor(ctx.userId, ctx.deps.config.admins);
        await ctx.reply(await renderListPage(actor, { ...parsed.value, offset: 0 }, ctx.deps, ctx.now));
      },
    },
  ],
  register: registerDeliverableListeners,
};
