import { canActForPartner, requireKnown } from '../../access';
import { AppError } from '../../errors';
import { findOrCreateSchool } from '../../schools';
import type { AppDeps } from '../../slack/deps';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { formMetadataSchema, parseCommitmentForm, type DuplicateMetadata, type FormMetadata, type ParsedForm } from '../form';
import { BLOCK, CALLBACK } from '../ids';
import { requestForAnswer } from '../requests';
import { createCommitment, findBySubmissionKey, findOpenDuplicates, updateCommitment, type StoredCommitment } from '../service';
import { duplicateView, recordedView } from '../views';
import { listMessage } from './list';
import { afterRecorded, confirmationOf, named, schoolsByIds } from './shared';

/**
 * The commitment form (record a new one, or edit one): parsed synchronously, then checked and saved through
 * the form helper (src/slack/forms.ts), which answers Slack before any of this touches the database.
 */

/** The saved commitment in the modal, where the person acted and by DM. */
async function saved(
  c: StoredCommitment,
  what: 'recorded' | 'updated',
  req: FormRequest<FormMetadata>,
  options: { tell: boolean; requestId?: string } = { tell: true },
): Promise<FormAnswer> {
  const zone = req.deps.config.timeZone;
  const [withName, schools, confirmation] = await Promise.all([named(c), schoolsByIds(c.schoolIds ?? []), confirmationOf(c, zone, what)]);
  return {
    kind: 'saved',
    view: recordedView(withName, zone, what, schools),
    ...(options.tell
      ? {
          confirm: confirmation,
          ...(req.meta.l ? { replace: await listMessage(req.meta.l, req.actor, req.deps) } : {}),
          after: () => afterRecorded(req.client, req.deps, c, req.actor, what, options.requestId),
        }
      : {}),
  };
}

/** Checks what needs the database and saves: updates, warns of a duplicate, or records. */
export async function saveCommitmentForm(parsed: ParsedForm, req: FormRequest<FormMetadata>): Promise<FormAnswer> {
  const { meta, actor, now, key } = req;
  if (!meta.id) {
    // Slack delivered this submission again, or the person submitted the same form twice: it is recorded once
    const earlier = await findBySubmissionKey(key);
    if (earlier) return saved(earlier, 'recorded', req, { tell: false });
  }
  requireKnown(actor);
  const input = { ...parsed.input, schoolIds: [...parsed.input.schoolIds] };
  if (meta.r) {
    const request = await requestForAnswer(meta.r, actor);
    input.partnerId = String(request.partnerId);
    // an ask for a program's role records the commitment against that program
    if (request.programId) input.programId = request.programId;
  }
  if (!canActForPartner(actor, input.partnerId)) {
    return { kind: 'refused', errors: { [BLOCK.partner]: 'You can only record commitments for your own organisation.' } };
  }
  if (parsed.newSchool) {
    try {
      const school = await findOrCreateSchool(parsed.newSchool, actor.userId, now);
      if (!input.schoolIds.includes(school.id)) input.schoolIds.push(school.id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const block = /code/i.test(err.userMessage) ? BLOCK.newSchoolCode : BLOCK.newSchoolName;
      return { kind: 'refused', errors: { [block]: err.userMessage.replace(/[*`]/g, '') } };
    }
  }
  if (meta.id) return saved(await updateCommitment(meta.id, input, actor, now), 'updated', req);
  const duplicates = await findOpenDuplicates(input);
  if (duplicates.length > 0) {
    const metadata: DuplicateMetadata = {
      v: input,
      k: key,
      ...(meta.r ? { r: meta.r } : {}),
      ...(meta.p ? { p: meta.p } : {}),
      ...(meta.o ? { o: meta.o } : {}),
    };
    const typed = { ...input, partnerName: duplicates[0].partnerName };
    return { kind: 'next', view: duplicateView({ existing: duplicates, typed, metadata, zone: req.deps.config.timeZone }) };
  }
  const result = await createCommitment(input, actor, now, { submissionKey: key, ...(meta.r ? { requestId: meta.r } : {}) });
  return saved(result.commitment, 'recorded', req, { tell: result.created, ...(meta.r ? { requestId: meta.r } : {}) });
}

export function commitmentFormSpec(deps: AppDeps): FormSpec<FormMetadata, ParsedForm> {
  return {
    callbackId: CALLBACK.form,
    metadata: formMetadataSchema,
    parse: (values, { meta, now }) => parseCommitmentForm(values, now, deps.config.timeZone, meta.p),
    save: saveCommitmentForm,
    fieldBlocks: { program: BLOCK.program },
    saving: ':hourglass_flowing_sand: Saving the commitment…',
  };
}

/** `app.view(CALLBACK.form, …)`. */
export const submitCommitmentForm = (deps: AppDeps) => formListener(commitmentFormSpec(deps), deps);
