import type { FakeSlackCall } from './fake-slack';
import type { Harness } from './harness';
import type { SlackResponse, ViewSubmissionAck, ViewSubmissionParams } from './slack-requests';
import type { ViewSubmitAction } from '@slack/bolt';

/** The modal a views.update call showed, as sent. */
export interface ShownView {
  callback_id?: string;
  title?: { text: string };
  private_metadata?: string;
  blocks: Array<{ type: string; block_id?: string; text?: { text: string }; elements?: Array<{ text?: string }> }>;
}

export interface Submitted {
  /** The app's acknowledgement (inline errors, or the form with "Saving…" on top). */
  res: SlackResponse<ViewSubmitAction, ViewSubmissionAck>;
  /** What the modal showed once the form helper had its answer (absent when the ack answered alone). */
  shown?: ShownView;
  call?: FakeSlackCall;
}

/** Whether an ack is the form helper's "Saving…" answer (the form kept, the result to follow by views.update). */
export function isSaving(ack: ViewSubmissionAck | undefined): boolean {
  const view = ack?.view as ShownView | undefined;
  return ack?.response_action === 'update' && view?.blocks?.[0]?.block_id === 'form_notice';
}

/** The text of the form helper's notice on top of a modal. */
export function noticeOf(view: ShownView | undefined): string {
  return view?.blocks.find((b) => b.block_id === 'form_notice')?.text?.text ?? '';
}

/** The warning the form helper put under `blockId` (a refusal that needed the database). */
export function warningUnder(view: ShownView | undefined, blockId: string): string {
  const block = view?.blocks.find((b) => b.block_id === `form_warning:${blockId}`);
  return block?.elements?.map((e) => e.text ?? '').join(' ') ?? '';
}

/**
 * Submits a form and, when the form helper answered "Saving…", waits for the views.update that shows its result
 * (the saved record, a next step, or the form again with what was refused).
 */
export async function submitForm(h: Harness, params: ViewSubmissionParams, timeoutMs = 10_000): Promise<Submitted> {
  const before = h.fake.callsTo('views.update').length;
  const res = await h.slack.viewSubmission(params);
  if (!isSaving(res.json)) return { res };
  const id = res.sent.view.id;
  // "not yet confirmed" is not the result: the harness's fake keeps it out of callsTo and waitFor
  const isResult = (c: FakeSlackCall) => c.args.view_id === id && h.fake.callsTo('views.update').indexOf(c) >= before;
  const call = await h.fake.waitFor('views.update', isResult, timeoutMs);
  return { res, shown: call.args.view as ShownView, call };
}
