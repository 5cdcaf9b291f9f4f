import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { programChoice } from '../program-choices';
import { actorFrom } from '../../access';
import type { AppDeps } from '../../slack/deps';
import { answerWhereActed } from '../../slack/forms';
import { errorModal, errorReply } from '../../slack/replies';
import { parseOwnJson } from '../../slack/view-state';
import { duplicateMetadataSchema } from '../form';
import { createCommitment, updateCommitment, type CommitmentInput } from '../service';
import { commitmentFormView, recordedView } from '../views';
import { activeCommissions, afterRecorded, confirmationOf, logged, named, partnerMatch, schoolsByIds } from './shared';

/** The buttons of "This looks like one already recorded": update it, record a separate one, or back to the form. */

export type DuplicateChoice = 'update' | 'separate' | 'back';
type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export async function chooseOnDuplicate(args: Args, deps: AppDeps, choice: DuplicateChoice): Promise<void> {
  const { ack, body, client, context, action } = args;
  await ack();
  const zone = deps.config.timeZone;
  const view = body.view;
  const meta = parseOwnJson(duplicateMetadataSchema, view?.private_metadata);
  if (!view || !meta) return;
  const update = (v: ModalView) => client.views.update({ view_id: view.id, hash: view.hash, view: v });
  try {
    const actor = actorFrom(context);
    const now = deps.clock();
    const input = meta.v as CommitmentInput;
    if (choice === 'back') {
      const [commissions, partner, schools, program] = await Promise.all([
        activeCommissions(),
        partnerMatch(input.partnerId),
        schoolsByIds(input.schoolIds),
        programChoice(input.programId),
      ]);
      const fixed = meta.p ? partner : undefined;
      await update(
        commitmentFormView({
          metadata: { ...(meta.r ? { r: meta.r } : {}), ...(meta.p ? { p: meta.p } : {}), ...(meta.o ? { o: meta.o } : {}) },
          commissions,
          ...(fixed ? { fixedPartner: fixed } : {}),
          initial: { ...input, ...(partner && !fixed ? { partner } : {}), schools, ...(program ? { program } : {}) },
        }),
      );
      return;
    }
    const existingId = (action as { value?: string }).value;
    if (choice === 'update' && existingId) {
      const updated = await updateCommitment(existingId, input, actor, now);
      await update(recordedView(await named(updated), zone, 'updated', await schoolsByIds(updated.schoolIds ?? [])));
      await answerWhereActed(meta.o, { confirm: await confirmationOf(updated, zone, 'updated') }, now, deps);
      return await afterRecorded(client, deps, updated, actor, 'updated', meta.r);
    }
    const result = await createCommitment(input, actor, now, {
      submissionKey: `${meta.k}:separate`,
      ...(meta.r ? { requestId: meta.r } : {}),
    });
    await update(recordedView(await named(result.commitment), zone, 'recorded', await schoolsByIds(result.commitment.schoolIds ?? [])));
    if (!result.created) return;
    await answerWhereActed(meta.o, { confirm: await confirmationOf(result.commitment, zone, 'recorded') }, now, deps);
    await afterRecorded(client, deps, result.commitment, actor, 'recorded', meta.r);
  } catch (err) {
    await update(errorModal(errorReply(err, deps.logger), 'Could not save')).catch(logged(deps, 'could not show the error'));
  }
}

export const updateExistingOnDuplicate = (deps: AppDeps) => (args: Args) => chooseOnDuplicate(args, deps, 'update');
export const recordSeparateOnDuplicate = (deps: AppDeps) => (args: Args) => chooseOnDuplicate(args, deps, 'separate');
export const backToFormOnDuplicate = (deps: AppDeps) => (args: Args) => chooseOnDuplicate(args, deps, 'back');
