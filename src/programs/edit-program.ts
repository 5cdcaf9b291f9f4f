import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorFrom } from '../access';
import { commissionRef, listActiveCommissions } from '../commissions';
import { forbidden } from '../errors';
import type { AppDeps } from '../slack/deps';
import { originOf, type Origin } from '../slack/forms';
import { replierFor } from '../slack/interaction';
import { escapeMrkdwn } from '../slack/text';
import { canManagePrograms } from './access';
import { getProgram } from './service';
import { programModal } from './views';
import { localDate } from '../domain/dates';

/** The "Change" button of `/iec program show`: the form with the program, for its commission's leads. */
export function editProgramHandler(deps: AppDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
    context,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    try {
      const actor = actorFrom(context);
      const program = await getProgram(action.value ?? '');
      if (!canManagePrograms(actor, program.commissionKey)) {
        throw forbidden(
          `:lock: Sorry, only the leads of *${escapeMrkdwn((await commissionRef(program.commissionKey)).name)}* and iec-bot administrators can change its programs.`,
        );
      }
      const commissions = (await listActiveCommissions()).filter((c) => canManagePrograms(actor, c.key));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: programModal({
          commissions,
          program,
          today: localDate(deps.clock(), deps.config.timeZone),
          ...withOrigin(originOf(body, deps.clock())),
        }),
      });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };
}

const withOrigin = (origin: Origin | undefined) => (origin ? { origin } : {});
