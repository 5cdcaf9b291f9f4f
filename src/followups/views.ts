import type { KnownBlock, View } from '@slack/types';
import type { FollowUpAnswer } from '../commitments';
import { COMMITMENT_TYPE_INFO } from '../domain/commitments';
import { slackDate } from '../slack/dates';
import { escapeMrkdwn, truncate } from '../slack/text';
import { FOLLOWUP_ANSWER_BLOCK, FollowUpActions, FollowUpBlocks, FollowUpCallbacks } from './ids';
import type { FollowUpRef, FollowUpSubject } from './service';
import { formatQuantity } from '../slack/format';

/** The follow-up DM, its answered form, and the two modals ("partly": how many; "rescheduled": new dates). */

const SECTION_MAX = 3000;

/** A button's value: which commitment and which date the question is about. */
export function buttonValue(ref: FollowUpRef): string {
  return `${ref.commitmentId}:${ref.targetDate}`;
}

function dates(s: Pick<FollowUpSubject, 'startDate' | 'endDate' | 'zone'>): string {
  return s.endDate && s.endDate !== s.startDate
    ? `${slackDate(s.startDate, s.zone)} – ${slackDate(s.endDate, s.zone)}`
    : slackDate(s.startDate, s.zone);
}

function what(s: FollowUpSubject): string {
  const label = COMMITMENT_TYPE_INFO[s.type]?.label ?? s.type;
  return `${s.quantity} ${unitOf(s)} (${label}), ${dates(s)}`;
}

function unitOf(s: Pick<FollowUpSubject, 'unit'>): string {
  return escapeMrkdwn(truncate(s.unit, 60));
}

function partner(s: FollowUpSubject): string {
  return `*${escapeMrkdwn(truncate(s.partnerName, 100))}*`;
}

function question(s: FollowUpSubject): string {
  const intro =
    s.askedAs === 'contact'
      ? `:wave: Did this commitment of ${partner(s)} happen?`
      : `:wave: Did this commitment of ${partner(s)} happen? ${partner(s)} has no contact in Slack, so I am asking you, who recorded it.`;
  return truncate(`${intro}\n>${what(s)} — ${escapeMrkdwn(truncate(s.commissionName, 100))}`, SECTION_MAX);
}

/** The question, with the four answers. */
export function followUpMessage(s: FollowUpSubject): { text: string; blocks: KnownBlock[] } {
  const value = buttonValue(s);
  return {
    text: `Did ${s.partnerName}'s commitment (${formatQuantity(s.type, s.quantity, s.unit)}) happen?`.slice(0, 300),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: question(s) } },
      {
        type: 'actions',
        block_id: FOLLOWUP_ANSWER_BLOCK,
        elements: [
          {
            type: 'button',
            action_id: FollowUpActions.fulfilled,
            style: 'primary',
            text: { type: 'plain_text', text: 'Yes, all of it' },
            value,
          },
          { type: 'button', action_id: FollowUpActions.partly, text: { type: 'plain_text', text: 'Partly…' }, value },
          { type: 'button', action_id: FollowUpActions.rescheduled, text: { type: 'plain_text', text: 'Rescheduled…' }, value },
          {
            type: 'button',
            action_id: FollowUpActions.cancelled,
            style: 'danger',
            text: { type: 'plain_text', text: 'Cancelled' },
            value,
            confirm: {
              title: { type: 'plain_text', text: 'Mark it cancelled?' },
              text: { type: 'mrkdwn', text: 'The commitment will be recorded as cancelled. An IEC can change it later.' },
              confirm: { type: 'plain_text', text: 'Yes, cancelled' },
              deny: { type: 'plain_text', text: 'Back' },
            },
          },
        ],
      },
    ],
  };
}

/** One line saying what was answered, by whom. */
export function answerLine(answer: FollowUpAnswer, after: FollowUpSubject, by: string): string {
  switch (answer.kind) {
    case 'fulfilled':
      return `:white_check_mark: <@${by}> confirmed it happened: recorded as fulfilled (${after.fulfilledQuantity} ${unitOf(after)}).`;
    case 'partly':
      return after.status === 'fulfilled'
        ? `:white_check_mark: <@${by}> reported ${answer.quantity} ${unitOf(after)}: that is all of it, recorded as fulfilled.`
        : `:large_yellow_circle: <@${by}> reported it partly happened: ${answer.quantity} of ${after.quantity} ${unitOf(after)}.`;
    case 'rescheduled':
      return `:calendar: <@${by}> said it was rescheduled to ${dates(after)}. I will ask again after that.`;
    case 'cancelled':
      return `:x: <@${by}> said it was cancelled: recorded as cancelled.`;
  }
}

/** The question once answered: no buttons any more, and the answer under it. */
export function answeredMessage(
  before: FollowUpSubject,
  answer: FollowUpAnswer,
  after: FollowUpSubject,
  by: string,
): { text: string; blocks: KnownBlock[] } {
  const line = truncate(answerLine(answer, after, by), SECTION_MAX);
  return {
    text: truncate(`${before.partnerName}: ${line.replace(/^:[a-z_]+: /, '')}`, 300),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: question(before) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: line }] },
    ],
  };
}

/** Where the answered message is, carried through a modal. */
export interface ModalMetadata extends FollowUpRef {
  channel?: string;
  ts?: string;
}

/** A Save/Cancel modal answering the follow-up: what was pledged (`intro`), then `inputs`. */
function answerModal(callbackId: string, title: string, meta: ModalMetadata, intro: string, inputs: KnownBlock[]): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(intro, SECTION_MAX) } }, ...inputs],
  };
}

export function partlyModal(s: FollowUpSubject, meta: ModalMetadata): View {
  return answerModal(FollowUpCallbacks.partly, 'Partly happened', meta, `${partner(s)} pledged ${what(s)}.`, [
    {
      type: 'input',
      block_id: FollowUpBlocks.quantity,
      label: { type: 'plain_text', text: `How many ${truncate(s.unit, 60)} did it come to?` },
      element: {
        type: 'number_input',
        action_id: FollowUpBlocks.quantity,
        is_decimal_allowed: false,
        min_value: '1',
        placeholder: { type: 'plain_text', text: `e.g. ${Math.max(1, Math.floor(s.quantity / 2))}` },
      },
    },
  ]);
}

export function rescheduleModal(s: FollowUpSubject, meta: ModalMetadata, today: string): View {
  return answerModal(FollowUpCallbacks.rescheduled, 'Rescheduled', meta, `${partner(s)} pledged ${what(s)}. When will it happen now?`, [
    {
      type: 'input',
      block_id: FollowUpBlocks.startDate,
      label: { type: 'plain_text', text: 'New date (or first day)' },
      element: { type: 'datepicker', action_id: FollowUpBlocks.startDate, initial_date: today },
    },
    {
      type: 'input',
      block_id: FollowUpBlocks.endDate,
      optional: true,
      label: { type: 'plain_text', text: 'Last day, if it runs over several days' },
      element: { type: 'datepicker', action_id: FollowUpBlocks.endDate },
    },
  ]);
}
