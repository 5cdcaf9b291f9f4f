import type { App } from '@slack/bolt';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import { submitCommitmentForm } from './handlers/commitment-form';
import { backToFormOnDuplicate, recordSeparateOnDuplicate, updateExistingOnDuplicate } from './handlers/duplicate-choice';
import { submitFulfilment } from './handlers/fulfilment-form';
import { changeStatusFromList, openEditFromList, openFulfilmentFromList, runList, showMoreOfList } from './handlers/list';
import { commitCommand, openCommitForm } from './handlers/open-form';
import { openRequestForm, runRequest } from './handlers/request';
import { partnerTypeAhead, programTypeAhead, schoolTypeAhead } from './handlers/type-ahead';
import { undoFromConfirmation } from './handlers/undo';
import { archiveFromList, restoreFromMessage } from './handlers/archive';
import { commitmentHistoryActions } from './handlers/history';
import { ACTION, CALLBACK, COMMIT_COMMAND, SUBCOMMAND } from './ids';

/** Commitments: `/commit`, `/iec commit`, `/iec commitments`, `/iec request`, the form and its buttons. */
export const commitmentsFeature: Feature = {
  name: 'commitments',
  subcommands: [
    {
      name: SUBCOMMAND.commit,
      help: [
        {
          usage: '/iec commit [partner]  (or /commit [partner])',
          summary: 'record what a partner commits: opens the form, prefilled with the partner',
        },
      ],
      run: (ctx) =>
        openCommitForm({
          client: ctx.client,
          triggerId: ctx.triggerId,
          actor: ctx.actor,
          text: ctx.rest,
          channelId: ctx.channelId,
          ...(ctx.origin ? { origin: ctx.origin } : {}),
          deps: ctx.deps,
        }),
    },
    {
      name: SUBCOMMAND.commitments,
      help: [
        {
          usage: '/iec commitments [partner | commission | mine] [status]',
          summary:
            'list commitments, with buttons to change status, record fulfilment or edit (status: pledged, confirmed, fulfilled, partial, cancelled, open)',
        },
      ],
      run: runList,
    },
    {
      name: SUBCOMMAND.request,
      help: [
        { usage: '/iec request @contact [commission]', summary: 'ask a partner contact (by DM) to record their organisation’s commitment' },
      ],
      run: runRequest,
    },
  ],
  register: registerCommitmentListeners,
};

/** Every Slack ID of commitments bound to its named handler (src/commitments/handlers/). */
export function registerCommitmentListeners(app: App, deps: AppDeps): void {
  app.command(COMMIT_COMMAND, commitCommand(deps));
  app.options(ACTION.partner, partnerTypeAhead(deps));
  app.options(ACTION.schools, schoolTypeAhead(deps));
  app.options(ACTION.program, programTypeAhead(deps));
  app.view(CALLBACK.form, submitCommitmentForm(deps));
  app.view(CALLBACK.fulfilment, submitFulfilment(deps));
  app.action(ACTION.updateExisting, updateExistingOnDuplicate(deps));
  app.action(ACTION.recordSeparate, recordSeparateOnDuplicate(deps));
  app.action(ACTION.backToForm, backToFormOnDuplicate(deps));
  app.action(ACTION.status, changeStatusFromList(deps));
  app.action(ACTION.statusAnyway, changeStatusFromList(deps, { evenBeforeStart: true }));
  app.action(ACTION.fulfil, openFulfilmentFromList(deps));
  app.action(ACTION.edit, openEditFromList(deps));
  app.action(ACTION.more, showMoreOfList(deps));
  app.action(ACTION.openRequest, openRequestForm(deps));
  app.action(ACTION.undo, undoFromConfirmation(deps));
  const history = commitmentHistoryActions(deps);
  app.action(ACTION.history, history.open);
  app.action(ACTION.historyOlder, history.page);
  app.action(ACTION.historyNewer, history.page);
  app.action(ACTION.archive, archiveFromList(deps));
  app.action(ACTION.restore, restoreFromMessage(deps));
}

export { openCommitForm } from './handlers/open-form';
