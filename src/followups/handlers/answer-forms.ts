import type { WebClient } from '@slack/web-api';
import type { FollowUpAnswer } from '../../commitments';
import { savedModal } from '../../deliverables';
import { localDate } from '../../domain/dates';
import { AppError } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { FollowUpBlocks, FollowUpCallbacks } from '../ids';
import { followUpMetadataSchema, parsePartlySubmission, parseRescheduleSubmission } from '../input';
import { answerCommitmentFollowUp, loadFollowUpSubject, type FollowUpSubject } from '../service';
import { answeredMessage, answerLine, type ModalMetadata } from '../views';

/**
 * The follow-up's two forms (how many it came to; when it happens now), answered from the partner's DM, on the
 * form helper (src/slack/forms.ts). Saved, the question in the DM is updated to show the answer (where they acted).
 */

/** The question, once answered: its buttons gone and the answer under it. */
export async function showAnswer(
  client: WebClient,
  where: { channel?: string; ts?: string },
  message: ReturnType<typeof answeredMessage>,
  logger: Pick<AppDeps['logger'], 'error'>,
): Promise<void> {
  if (!where.channel || !where.ts) return;
  await client.chat
    .update({ channel: where.channel, ts: where.ts, ...message })
    .catch((err) => logger.error('could not update the follow-up message:', err));
}

/** Whether the commitment already is as this answer makes it (the same form delivered again after it saved). */
function alreadyAnswered(s: FollowUpSubject, answer: FollowUpAnswer): boolean {
  if (answer.kind === 'partly') return s.fulfilledQuantity === answer.quantity && s.status !== 'pledged' && s.status !== 'confirmed';
  if (answer.kind === 'rescheduled') return s.startDate === answer.startDate && (s.endDate ?? undefined) === answer.endDate;
  return false;
}

async function saveAnswer(answer: FollowUpAnswer, req: FormRequest<ModalMetadata>): Promise<FormAnswer> {
  const { meta, actor, now, deps, client } = req;
  const zone = deps.config.timeZone;
  try {
    const { before, after } = await answerCommitmentFollowUp(meta, answer, actor, now, zone);
    const message = answeredMessage(before, answer, after, actor.userId);
    return {
      kind: 'saved',
      view: savedModal('Thank you', answerLine(answer, after, actor.userId)),
      after: () => showAnswer(client, meta, message, deps.logger),
    };
  } catch (err) {
    const current = err instanceof AppError ? await loadFollowUpSubject(meta.commitmentId, zone) : undefined;
    if (!current || !alreadyAnswered(current, answer)) throw err;
    return { kind: 'saved', view: savedModal('Thank you', answerLine(answer, current, actor.userId)) };
  }
}

export const partlyFormSpec = (): FormSpec<ModalMetadata, FollowUpAnswer> => ({
  callbackId: FollowUpCallbacks.partly,
  metadata: followUpMetadataSchema,
  parse: (values) => {
    const parsed = parsePartlySubmission(values);
    return parsed.ok ? { ok: true, value: { kind: 'partly', quantity: parsed.value } } : parsed;
  },
  save: saveAnswer,
  errorBlock: FollowUpBlocks.quantity,
});

export const rescheduledFormSpec = (): FormSpec<ModalMetadata, FollowUpAnswer> => ({
  callbackId: FollowUpCallbacks.rescheduled,
  metadata: followUpMetadataSchema,
  parse: (values, { now, deps }) => {
    const parsed = parseRescheduleSubmission(values, localDate(now, deps.config.timeZone));
    return parsed.ok ? { ok: true, value: { kind: 'rescheduled', ...parsed.value } } : parsed;
  },
  save: saveAnswer,
  errorBlock: FollowUpBlocks.startDate,
});

export const submitPartly = (deps: AppDeps) => formListener(partlyFormSpec(), deps);
export const submitRescheduled = (deps: AppDeps) => formListener(rescheduledFormSpec(), deps);
