import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { actorFrom } from '../access';
import { commissionZone, requireCommission } from '../commissions';
import type { AppDeps } from '../slack/deps';
import { inlineErrors } from '../slack/interaction';
import type { StateValues } from '../slack/view-state';
import { ProgramBlocks } from './ids';
import { parseProgramMetadata, parseProgramSubmission, PROGRAM_FIELD_BLOCKS } from './input';
import { addProgram, getProgram, updateProgram } from './service';
import { programSavedModal } from './views';
import { localDate } from '../domain/dates';

/** The program form's submission: inline errors for bad input (nothing written), else the saved program. */
export function saveProgramHandler(deps: AppDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const metadata = parseProgramMetadata(view.private_metadata);
    if (!metadata) {
      return ack({ response_action: 'errors', errors: { [ProgramBlocks.name]: 'This form is out of date: close it and open it again.' } });
    }
    try {
      const existing = metadata.programId ? await getProgram(metadata.programId) : undefined;
      const parsed = parseProgramSubmission(view.state.values as StateValues, existing?.schoolName);
      if (!parsed.ok) return await ack({ response_action: 'errors', errors: parsed.errors });
      const actor = actorFrom(context);
      const now = deps.clock();
      const commission = await requireCommission(parsed.value.commissionKey);
      const today = localDate(now, commissionZone(commission, deps.config.timeZone));
      const program = existing
        ? await updateProgram(
            actor,
            String(existing._id),
            { ...parsed.value, school: existing.schoolId },
            metadata.revision ?? 0,
            today,
            now,
          )
        : (await addProgram(actor, parsed.value, today, now, `${view.id}:${view.hash}`)).program;
      await ack({ response_action: 'update', view: programSavedModal(program, existing ? 'changed' : 'added') });
    } catch (err) {
      await ack({ response_action: 'errors', errors: inlineErrors(err, ProgramBlocks.name, deps.logger, PROGRAM_FIELD_BLOCKS) });
    }
  };
}
