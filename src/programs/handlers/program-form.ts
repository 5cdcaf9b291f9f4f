import { commissionZone, requireCommission } from '../../commissions';
import { localDate } from '../../domain/dates';
import { AppError } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { ProgramBlocks, ProgramCallbacks } from '../ids';
import { parseProgramSubmission, PROGRAM_FIELD_BLOCKS, programMetadataSchema } from '../input';
import { addProgram, getProgram, updateProgram, type ProgramInput, type ProgramRecord } from '../service';
import { programSavedModal, programSavedText, type ProgramFormMetadata } from '../views';

/** The program form (add a program of study, or change one), on the form helper (src/slack/forms.ts). */

/**
 * A changed program keeps its school (the form shows it, not as a field): parse needs only to know there is one,
 * and `save` sets the program's own school.
 */
const KEPT_SCHOOL = 'the program’s school';

async function saved(program: ProgramRecord, defaultZone: string, verb: 'added' | 'changed', tell: boolean): Promise<FormAnswer> {
  const commission = await requireCommission(program.commissionKey);
  const zone = commissionZone(commission, defaultZone);
  return {
    kind: 'saved',
    view: programSavedModal(program, commission.name, zone, verb),
    ...(tell ? { confirm: { text: programSavedText(program, commission.name, zone, verb) } } : {}),
  };
}

/** Whether the program is as this form left it, one revision on (the same form delivered again after it saved). */
function isThisChange(p: ProgramRecord, input: ProgramInput, revision: number): boolean {
  return (
    (p.revision ?? 0) === revision + 1 &&
    p.name === input.name &&
    p.commissionKey === input.commissionKey &&
    p.stage === input.stage &&
    (p.reviewDate ?? undefined) === input.reviewDate &&
    (p.approvedDate ?? undefined) === input.approvedDate &&
    (p.renewalDate ?? undefined) === input.renewalDate
  );
}

/** Adds the program once per submission (its key is stored under a unique index), or changes it at the revision seen. */
export async function saveProgramForm(input: ProgramInput, req: FormRequest<ProgramFormMetadata>): Promise<FormAnswer> {
  const { actor, meta, now, deps, key } = req;
  const commission = await requireCommission(input.commissionKey);
  const today = localDate(now, commissionZone(commission, deps.config.timeZone));
  if (!meta.programId) {
    const { program, created } = await addProgram(actor, input, today, now, key);
    return saved(program, deps.config.timeZone, 'added', created);
  }
  const existing = await getProgram(meta.programId);
  const revision = meta.revision ?? 0;
  try {
    const program = await updateProgram(actor, String(existing._id), { ...input, school: existing.schoolId }, revision, today, now);
    return saved(program, deps.config.timeZone, 'changed', true);
  } catch (err) {
    if (!(err instanceof AppError) || !isThisChange(existing, input, revision)) throw err;
    return saved(existing, deps.config.timeZone, 'changed', false);
  }
}

export const programFormSpec = (): FormSpec<ProgramFormMetadata, ProgramInput> => ({
  callbackId: ProgramCallbacks.save,
  metadata: programMetadataSchema,
  parse: (values, { meta }) => parseProgramSubmission(values, meta.programId ? KEPT_SCHOOL : undefined),
  save: saveProgramForm,
  fieldBlocks: PROGRAM_FIELD_BLOCKS,
  errorBlock: ProgramBlocks.name,
});

/** `app.view(ProgramCallbacks.save, …)`. */
export const submitProgramForm = (deps: AppDeps) => formListener(programFormSpec(), deps);
