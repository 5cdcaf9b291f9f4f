import type { KnownBlock, ModalView, Option, PlainTextOption } from '@slack/types';
import { partnerCardButton, type PartnerMatch } from '../partners';
import type { SchoolMatch } from '../schools';
import { SCHOOL_NAME_MAX } from '../schools';
import { slackDate } from '../slack/dates';
import { historyModal, type HistoryPage, type HistoryVocabulary } from '../slack/history';
import { showMoreBlock } from '../slack/lists';
import { undoButton, undoHint } from '../slack/undo';
import { escapeMrkdwn, escapeWithin, truncate } from '../slack/text';
import type { Origin } from '../slack/forms';
import {
  encodeMetadata,
  listRowBlockId,
  NOTES_MAX,
  QUANTITY_MAX,
  SCHOOLS_MAX,
  type DuplicateMetadata,
  type FormMetadata,
  type ListQuery,
} from './form';
import { ACTION, BLOCK, CALLBACK } from './ids';
import { formatAmount, formatNumber, formatQuantity, unitLabel } from '../slack/format';
import {
  acceptsFulfilment,
  COMMITMENT_STATUS_LABELS,
  COMMITMENT_STATUSES,
  COMMITMENT_TYPE_INFO,
  COMMITMENT_TYPES,
  type CommitmentStatus,
  type CommitmentType,
} from '../domain/commitments';

/** Block Kit of the commitments feature: pure functions of their data, each within Slack's limits at any size. */

const OPTION_TEXT_MAX = 75;
const SECTION_MAX = 3000;
const CONTEXT_TEXT_MAX = 2000;
/** Commitments per page of a list: two blocks each, so a page stays far below 50 blocks. */
export const LIST_PAGE_SIZE = 15;
/** Existing commitments shown in the duplicate warning. */
const DUPLICATES_SHOWN = 3;

/** What a line about a commitment needs: a stored one, or what was typed. */
export interface CommitmentSummary {
  partnerName: string;
  commissionKey: string;
  /** What people call the commission (shown instead of its key when known). */
  commissionName?: string;
  type: string;
  quantity: number;
  unit?: string;
  startDate: string;
  endDate?: string | null;
  status?: string | null;
  fulfilledQuantity?: number | null;
  notes?: string | null;
  archivedAt?: Date | null;
  /** A stored commitment's partner: its confirmations open the partner's card. */
  partnerId?: unknown;
}

export interface NamedCommission {
  key: string;
  name: string;
}

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text };
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(truncate(text, OPTION_TEXT_MAX)), value };
}

function section(text: string, blockId?: string): KnownBlock {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } };
}

function typeLabel(type: string): string {
  return COMMITMENT_TYPE_INFO[type as CommitmentType]?.label ?? type;
}

function typeOption(type: CommitmentType): PlainTextOption {
  return option(`${COMMITMENT_TYPE_INFO[type].label} (${unitLabel(type)})`, type);
}

/** `12 interns`, `1 session`, `$2,500`. */
function quantityOf(c: { type: string; quantity: number; unit?: string | null }): string {
  return formatQuantity(c.type, c.quantity, c.unit ?? undefined);
}

function statusLabel(status: string | null | undefined): string {
  return COMMITMENT_STATUS_LABELS[(status ?? 'pledged') as CommitmentStatus] ?? String(status);
}

/** `<date>` or `<date> → <date>`, each shown in the reader's time zone. */
export function dateRange(startDate: string, endDate: string | null | undefined, zone: string): string {
  return endDate && endDate !== startDate ? `${slackDate(startDate, zone)} → ${slackDate(endDate, zone)}` : slackDate(startDate, zone);
}

/** One line: partner — type: quantity unit · commission · dates · status. */
export function commitmentLine(c: CommitmentSummary, zone: string): string {
  const fulfilled =
    c.status === 'partially_fulfilled' || (c.status === 'fulfilled' && c.fulfilledQuantity !== c.quantity)
      ? ` (${formatAmount(c.type, c.fulfilledQuantity ?? 0)} delivered)`
      : '';
  return (
    `*${escapeMrkdwn(truncate(c.partnerName, 150))}* — ${typeLabel(c.type)}: ${quantityOf(c)}` +
    ` · ${escapeMrkdwn(truncate(c.commissionName ?? c.commissionKey, 60))} · ${dateRange(c.startDate, c.endDate, zone)} · _${statusLabel(c.status)}_${fulfilled}`
  );
}

/** Room for the schools in a confirmation: with the other lines it stays inside a section's 3000 characters. */
const SCHOOLS_LINE_MAX = 1200;

/** The schools' full names (a stored name is at most SCHOOL_NAME_MAX), as many as fit in `max`, then "and N more". */
function schoolNamesWithin(schools: readonly SchoolMatch[], max: number): string {
  const names = schools.map((s) => escapeMrkdwn(truncate(s.name, SCHOOL_NAME_MAX)));
  let line = '';
  for (const [i, name] of names.entries()) {
    const next = line ? `${line}, ${name}` : name;
    const rest = names.length - i - 1;
    if (next.length + (rest > 0 ? 20 : 0) > max) return `${line} and ${names.length - i} more`;
    line = next;
  }
  return line;
}

/** Every stored value, one per line, for confirmations. */
export function commitmentDetails(
  c: CommitmentSummary & { recordedBy?: string; recordedVia?: string },
  zone: string,
  schools: readonly SchoolMatch[] = [],
): string {
  const lines = [
    `*Partner:* ${escapeMrkdwn(truncate(c.partnerName, 150))}`,
    `*Commission:* ${escapeMrkdwn(truncate(c.commissionName ?? c.commissionKey, 100))}`,
    `*Type:* ${typeLabel(c.type)}`,
    `*Quantity:* ${quantityOf(c)}`,
    `*When:* ${dateRange(c.startDate, c.endDate, zone)}`,
    `*Status:* ${statusLabel(c.status)}${c.fulfilledQuantity ? ` (${formatAmount(c.type, c.fulfilledQuantity)} delivered)` : ''}`,
  ];
  if (schools.length > 0) lines.push(`*Schools:* ${schoolNamesWithin(schools, SCHOOLS_LINE_MAX)}`);
  if (c.notes) lines.push(`*Notes:* ${escapeMrkdwn(truncate(c.notes, 1200))}`);
  // an erased contact (/iec contact erase) is named by the placeholder, not mentioned
  const by = c.recordedBy && (/^[UW][A-Z0-9]+$/.test(c.recordedBy) ? `<@${c.recordedBy}>` : escapeMrkdwn(c.recordedBy));
  if (by) lines.push(`*Recorded by:* ${by}${c.recordedVia === 'partner' ? ' (partner)' : ''}`);
  return lines.join('\n');
}

// ---- the commitment form ----------------------------------------------------------------------------

export interface FormInitial {
  partner?: PartnerMatch;
  commissionKey?: string;
  type?: string;
  quantity?: number;
  startDate?: string;
  endDate?: string | null;
  schools?: SchoolMatch[];
  notes?: string | null;
  /** The program of study it supports (program-support types). */
  program?: { id: string; label: string };
}

export interface FormViewData {
  metadata: FormMetadata;
  commissions: readonly NamedCommission[];
  /** Shown as text when the form does not ask for the partner. */
  fixedPartner?: PartnerMatch;
  /** Shown as text when the form does not ask for the program (a request for a program's role). */
  fixedProgram?: { label: string };
  initial?: FormInitial;
  /** A context line at the top (nearest partner names, or what a request asks). */
  notice?: string;
  /** Under the commission select: why it is preselected (the channel's commission). */
  commissionHint?: string;
}

function schoolOption(s: SchoolMatch): PlainTextOption {
  return option(s.code ? `${s.name} (${s.code})` : s.name, s.id);
}

/** The commitment form: record a new one, or edit one (`metadata.id`). */
export function commitmentFormView(data: FormViewData): ModalView {
  const { initial = {} } = data;
  const editing = Boolean(data.metadata.id);
  const blocks: KnownBlock[] = [];
  if (data.notice)
    blocks.push({
      type: 'context',
      block_id: BLOCK.suggestions,
      elements: [{ type: 'mrkdwn', text: truncate(data.notice, CONTEXT_TEXT_MAX) }],
    });
  if (data.fixedPartner) {
    blocks.push(section(`*Partner:* ${escapeMrkdwn(truncate(data.fixedPartner.name, 150))}`, BLOCK.partnerFixed));
  } else {
    blocks.push({
      type: 'input',
      block_id: BLOCK.partner,
      label: plain('Partner'),
      element: {
        type: 'external_select',
        action_id: ACTION.partner,
        placeholder: plain('Start typing the organisation’s name'),
        min_query_length: 0,
        ...(initial.partner ? { initial_option: option(initial.partner.name, initial.partner.id) } : {}),
      },
    });
  }
  const commissions = data.commissions.slice(0, 100).map((c) => option(c.name, c.key));
  const initialCommission = commissions.find((o) => o.value === initial.commissionKey);
  blocks.push({
    type: 'input',
    block_id: BLOCK.commission,
    label: plain('Commission'),
    ...(data.commissionHint ? { hint: plain(truncate(data.commissionHint, 150)) } : {}),
    element: {
      type: 'static_select',
      action_id: ACTION.commission,
      placeholder: plain('Pick the industry commission'),
      options: commissions.length > 0 ? commissions : [option('No commissions yet', 'none')],
      ...(initialCommission ? { initial_option: initialCommission } : {}),
    },
  });
  const initialType = COMMITMENT_TYPES.find((t) => t === initial.type);
  blocks.push({
    type: 'input',
    block_id: BLOCK.type,
    label: plain('Type of commitment'),
    element: {
      type: 'static_select',
      action_id: ACTION.type,
      placeholder: plain('Mentoring, internships, guest speaking…'),
      options: COMMITMENT_TYPES.map(typeOption),
      ...(initialType ? { initial_option: typeOption(initialType) } : {}),
    },
  });
  if (data.fixedProgram) {
    blocks.push(section(`*Program of study:* ${escapeMrkdwn(truncate(data.fixedProgram.label, 200))}`, BLOCK.programFixed));
  } else {
    blocks.push({
      type: 'input',
      block_id: BLOCK.program,
      optional: true,
      label: plain('Program of study'),
      hint: plain(
        'For program support (curriculum or assessment review, employability validation, review panelist): the program it supports.',
      ),
      element: {
        type: 'external_select',
        action_id: ACTION.program,
        placeholder: plain('Start typing the program or its school'),
        min_query_length: 0,
        ...(initial.program ? { initial_option: option(initial.program.label, initial.program.id) } : {}),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.quantity,
    label: plain('Quantity'),
    hint: plain('A whole number, in the unit shown with the type (students mentored, interns, sessions, dollars…).'),
    element: {
      type: 'number_input',
      action_id: ACTION.quantity,
      is_decimal_allowed: false,
      min_value: '1',
      max_value: String(QUANTITY_MAX),
      ...(initial.quantity ? { initial_value: String(initial.quantity) } : {}),
    },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCK.startDate,
    label: plain('Date (or start date)'),
    element: { type: 'datepicker', action_id: ACTION.startDate, ...(initial.startDate ? { initial_date: initial.startDate } : {}) },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCK.endDate,
    optional: true,
    label: plain('End date'),
    hint: plain('For a commitment over a period, e.g. a summer internship.'),
    element: { type: 'datepicker', action_id: ACTION.endDate, ...(initial.endDate ? { initial_date: initial.endDate } : {}) },
  });
  const schools = (initial.schools ?? []).slice(0, SCHOOLS_MAX);
  blocks.push({
    type: 'input',
    block_id: BLOCK.schools,
    optional: true,
    label: plain('Schools served'),
    element: {
      type: 'multi_external_select',
      action_id: ACTION.schools,
      placeholder: plain('Start typing a school’s name or code'),
      min_query_length: 0,
      max_selected_items: SCHOOLS_MAX,
      ...(schools.length > 0 ? { initial_options: schools.map(schoolOption) } : {}),
    },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCK.newSchoolName,
    optional: true,
    label: plain('A school not in the list'),
    hint: plain('Type its name and it is added to the schools.'),
    element: { type: 'plain_text_input', action_id: ACTION.newSchoolName, max_length: SCHOOL_NAME_MAX },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCK.newSchoolCode,
    optional: true,
    label: plain('Its district code'),
    element: { type: 'plain_text_input', action_id: ACTION.newSchoolCode, max_length: 12, placeholder: plain('e.g. 02M475') },
  });
  blocks.push({
    type: 'input',
    block_id: BLOCK.notes,
    optional: true,
    label: plain('Notes'),
    element: {
      type: 'plain_text_input',
      action_id: ACTION.notes,
      multiline: true,
      max_length: NOTES_MAX,
      ...(initial.notes ? { initial_value: truncate(initial.notes, NOTES_MAX) } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.form,
    title: plain(editing ? 'Edit commitment' : 'Record a commitment'),
    submit: plain(editing ? 'Save' : 'Record'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(data.metadata),
    blocks,
  };
}

/** The context line when `/commit <name>` names no known partner. */
export function unknownPartnerNotice(name: string, suggestions: readonly string[]): string {
  const typed = escapeMrkdwn(truncate(name, 80));
  if (suggestions.length === 0)
    return `:mag: I don't know a partner called *${typed}*. Pick one below, or add it first with \`/iec partner add\`.`;
  return `:mag: I don't know a partner called *${typed}*. Did you mean ${suggestions.map((s) => `*${escapeMrkdwn(truncate(s, 80))}*`).join(', ')}? Pick it below.`;
}

/** The context line of a form opened from a request. */
export function requestNotice(requestedBy: string, commissionName?: string, programLabel?: string): string {
  if (programLabel) return `<@${requestedBy}> asked you to support *${escapeMrkdwn(truncate(programLabel, 200))}*. Thank you!`;
  return `<@${requestedBy}> asked you to record your organisation's commitment${commissionName ? ` to the *${escapeMrkdwn(commissionName)}* commission` : ''}. Thank you!`;
}

// ---- type-ahead options -------------------------------------------------------------------------------

export function partnerOptions(matches: readonly PartnerMatch[]): { options: Option[] } {
  return { options: matches.slice(0, 100).map((m) => option(m.name, m.id)) };
}

export function schoolOptions(matches: readonly SchoolMatch[]): { options: Option[] } {
  return { options: matches.slice(0, 100).map(schoolOption) };
}

export function programOptions(matches: ReadonlyArray<{ id: string; label: string }>): { options: Option[] } {
  return { options: matches.slice(0, 100).map((m) => option(m.label, m.id)) };
}

// ---- duplicates --------------------------------------------------------------------------------------

/** "This looks like one already recorded": update it, record a separate one, or go back to the form. */
export function duplicateView(data: {
  existing: ReadonlyArray<CommitmentSummary & { _id: unknown }>;
  typed: CommitmentSummary;
  metadata: DuplicateMetadata;
  zone: string;
}): ModalView {
  const shown = data.existing.slice(0, DUPLICATES_SHOWN);
  const more = data.existing.length - shown.length;
  const blocks: KnownBlock[] = [
    section(
      data.existing.length === 1
        ? ':raised_hand: This looks like a commitment that is already recorded and still open:'
        : `:raised_hand: This looks like ${data.existing.length} commitments already recorded and still open:`,
    ),
    ...shown.map((c) => section(commitmentLine(c, data.zone))),
  ];
  if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${more} more like it.` }] });
  blocks.push({ type: 'divider' });
  blocks.push(section(`*What you entered:*\n${commitmentLine({ ...data.typed, status: 'pledged' }, data.zone)}`));
  blocks.push({
    type: 'actions',
    block_id: BLOCK.duplicateActions,
    elements: [
      {
        type: 'button',
        action_id: ACTION.updateExisting,
        style: 'primary',
        text: plain('Update the existing one'),
        value: String(shown[0]._id),
      },
      { type: 'button', action_id: ACTION.recordSeparate, text: plain('Record as separate'), value: 'separate' },
      { type: 'button', action_id: ACTION.backToForm, text: plain('Back to the form'), value: 'back' },
    ],
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.duplicate,
    title: plain('Already recorded?'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(data.metadata),
    blocks,
  };
}

// ---- small modals ------------------------------------------------------------------------------------

/** Why a fulfilled or cancelled commitment takes no fulfilment (its button was drawn before it changed). */
export function noFulfilmentText(c: CommitmentSummary): string {
  const what = `*${escapeMrkdwn(truncate(c.partnerName, 150))}* — ${typeLabel(c.type)}: ${quantityOf(c)}`;
  return c.status === 'cancelled'
    ? `${what} is cancelled, so no fulfilment can be recorded. To record it after all, set its status back first.`
    : `${what} is already fulfilled: there is nothing more to record. To correct the quantity delivered, use *Edit*.`;
}

export function fulfilmentView(c: CommitmentSummary & { _id: unknown }, zone: string, origin?: Origin, page?: ListQuery): ModalView {
  const initial = c.fulfilledQuantity && c.fulfilledQuantity > 0 ? c.fulfilledQuantity : c.quantity;
  return {
    type: 'modal',
    callback_id: CALLBACK.fulfilment,
    title: plain('Record fulfilment'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata({ id: String(c._id), ...(origin ? { o: origin } : {}), ...(page ? { l: page } : {}) }),
    blocks: [
      section(commitmentLine(c, zone)),
      {
        type: 'input',
        block_id: BLOCK.fulfilled,
        label: plain(`How many were delivered? (${truncate(c.unit ?? 'units', 60)})`),
        hint: plain('Below the pledge it is partially fulfilled; at or above it, fulfilled.'),
        element: {
          type: 'number_input',
          action_id: ACTION.fulfilled,
          is_decimal_allowed: false,
          min_value: '1',
          max_value: String(QUANTITY_MAX),
          initial_value: String(initial),
        },
      },
    ],
  };
}

/** The modal after the duplicate choice: what is now stored. */
export function recordedView(
  c: CommitmentSummary,
  zone: string,
  what: 'recorded' | 'updated',
  schools: readonly SchoolMatch[] = [],
): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.done,
    title: plain(what === 'updated' ? 'Commitment updated' : 'Commitment recorded'),
    close: plain('Close'),
    blocks: recordedMessage(c, zone, what, schools).blocks,
  };
}

// ---- lists -------------------------------------------------------------------------------------------

export interface ListData {
  items: ReadonlyArray<CommitmentSummary & { _id: unknown }>;
  total: number;
  /** `total` is a lower bound (the count stopped early). */
  totalAtLeast?: boolean;
  offset: number;
  query: ListQuery;
  /** Describes the filter, e.g. "Con Edison, pledged". */
  title: string;
  zone: string;
}

function statusSelect(id: string, current: string | null | undefined) {
  const choices = COMMITMENT_STATUSES.filter((s) => s !== current);
  return {
    type: 'static_select' as const,
    action_id: ACTION.status,
    placeholder: plain('Change status'),
    options: choices.map((s) => option(COMMITMENT_STATUS_LABELS[s], `${id}:${s}`)),
  };
}

/** One page of commitments, each with status / fulfilment / edit controls, and "Show more" when there are more. */
export function commitmentListMessage(data: ListData): { text: string; blocks: KnownBlock[] } {
  const title = escapeMrkdwn(truncate(data.title, 200));
  if (data.total === 0) {
    const text = `No commitments found for ${title}. Record one with \`/commit\`.`;
    return { text, blocks: [section(text)] };
  }
  const items = data.items.slice(0, LIST_PAGE_SIZE);
  const first = data.offset + 1;
  const last = data.offset + items.length;
  const more = data.totalAtLeast ? '+' : '';
  const text = `Commitments for ${title}: ${first}–${last} of ${formatNumber(data.total)}${more}`;
  const blocks: KnownBlock[] = [section(`*${text}*`)];
  const page = { ...data.query, offset: data.offset };
  for (const [n, c] of items.entries()) {
    const id = String(c._id);
    blocks.push({
      type: 'section',
      block_id: listRowBlockId('s', n, page),
      text: { type: 'mrkdwn', text: truncate(commitmentLine(c, data.zone), SECTION_MAX) },
      accessory: statusSelect(id, c.status),
    });
    blocks.push({
      type: 'actions',
      block_id: listRowBlockId('a', n, page),
      elements: [
        ...(acceptsFulfilment(c.status)
          ? [{ type: 'button' as const, action_id: ACTION.fulfil, text: plain('Record fulfilment'), value: id }]
          : []),
        { type: 'button', action_id: ACTION.edit, text: plain('Edit'), value: id },
        historyButton(id),
        {
          type: 'button',
          action_id: ACTION.archive,
          text: plain('Archive'),
          value: id,
          confirm: {
            title: plain('Archive it?'),
            text: {
              type: 'mrkdwn',
              text: 'It leaves the lists, totals, digests, reports and Home until it is restored. Its history stays.',
            },
            confirm: plain('Archive'),
            deny: plain('Cancel'),
          },
        },
      ],
    });
  }
  const left = data.total - last;
  if (left > 0) {
    blocks.push(
      showMoreBlock(
        BLOCK.listMore,
        ACTION.more,
        JSON.stringify({ ...data.query, offset: last }),
        `Show more (${formatNumber(left)}${more} left)`,
      ),
    );
  }
  return { text, blocks };
}

// ---- messages ----------------------------------------------------------------------------------------

/** The confirmation to whoever recorded or changed a commitment: the values as stored. */
export function recordedMessage(
  c: CommitmentSummary & { recordedBy?: string; recordedVia?: string },
  zone: string,
  what: 'recorded' | 'updated' | 'status' | 'fulfilment',
  schools: readonly SchoolMatch[] = [],
  /** The commitment's id, for the History (and Undo) buttons; none in a modal. */
  id?: string,
  undo?: UndoTarget,
): { text: string; blocks: KnownBlock[] } {
  const intro = {
    recorded: ':white_check_mark: Commitment recorded',
    updated: ':white_check_mark: Commitment updated',
    status: ':white_check_mark: Status changed',
    fulfilment: ':white_check_mark: Fulfilment recorded',
  }[what];
  const text = `${intro}: ${truncate(c.partnerName, 150)}, ${typeLabel(c.type)}, ${quantityOf(c)}`;
  const blocks = [section(`*${intro}*`), section(commitmentDetails(c, zone, schools))];
  if (id) blocks.push(...confirmationActions(id, undo, c));
  return { text, blocks };
}

/** The History button of a commitment (list rows, confirmations, Home). */
export function historyButton(id: string) {
  return { type: 'button' as const, action_id: ACTION.history, text: plain('History'), value: id };
}

/** The change a confirmation can undo: the revision the change made. */
export interface UndoTarget {
  revision: number;
}

/** Undo of the change that brought commitment `id` to `revision` (its handler: handlers/undo.ts). */
export function commitmentUndoButton(id: string, revision: number) {
  return undoButton(ACTION.undo, `${id}:${revision}`);
}

/**
 * Under a confirmation: Undo (value `<id>:<revision>`) and for how long it works, when it can be undone; History;
 * and "Open <partner>", the partner's card with its commitments, when the partner is known.
 */
export function confirmationActions(id: string, undo?: UndoTarget, c?: Pick<CommitmentSummary, 'partnerId' | 'partnerName'>): KnownBlock[] {
  const actions: KnownBlock = {
    type: 'actions',
    block_id: BLOCK.confirmationActions,
    elements: [
      ...(undo ? [commitmentUndoButton(id, undo.revision)] : []),
      historyButton(id),
      ...(c?.partnerId ? [partnerCardButton({ id: String(c.partnerId), name: c.partnerName })] : []),
    ],
  };
  return undo ? [actions, undoHint()] : [actions];
}

/** In place of a confirmation whose change was undone: the values as they are again. */
export function undoneMessage(
  c: CommitmentSummary & { _id: unknown; recordedBy?: string; recordedVia?: string },
  zone: string,
  schools: readonly SchoolMatch[] = [],
): { text: string; blocks: KnownBlock[] } {
  if (c.archivedAt) return archivedCommitmentMessage(c, zone, ':leftwards_arrow_with_hook: Undone: the commitment is archived');
  const intro = ':leftwards_arrow_with_hook: Undone: the commitment is back as it was';
  const text = `${intro}: ${truncate(c.partnerName, 150)}, ${typeLabel(c.type)}, ${quantityOf(c)}`;
  return {
    text,
    blocks: [section(`*${intro}*`), section(commitmentDetails(c, zone, schools)), ...confirmationActions(String(c._id), undefined, c)],
  };
}

/** A commitment archived (from a list, or a recording undone): where it went, and Restore. */
export function archivedCommitmentMessage(
  c: CommitmentSummary & { _id: unknown },
  zone: string,
  intro = ':file_cabinet: Commitment archived',
): { text: string; blocks: KnownBlock[] } {
  const id = String(c._id);
  const text = `${intro}: ${truncate(c.partnerName, 150)}, ${typeLabel(c.type)}, ${quantityOf(c)}`;
  return {
    text,
    blocks: [
      section(`*${intro}*\n${commitmentLine(c, zone)}\nIt is gone from the lists, totals, digests, reports and Home until it is restored.`),
      {
        type: 'actions',
        block_id: BLOCK.confirmationActions,
        elements: [{ type: 'button', action_id: ACTION.restore, text: plain('Restore'), value: id }, historyButton(id)],
      },
    ],
  };
}

/** A commitment restored: back as it was. */
export function restoredCommitmentMessage(
  c: CommitmentSummary & { _id: unknown },
  zone: string,
  schools: readonly SchoolMatch[] = [],
): { text: string; blocks: KnownBlock[] } {
  const intro = ':leftwards_arrow_with_hook: Commitment restored';
  const text = `${intro}: ${truncate(c.partnerName, 150)}, ${typeLabel(c.type)}, ${quantityOf(c)}`;
  return {
    text,
    blocks: [section(`*${intro}*`), section(commitmentDetails(c, zone, schools)), ...confirmationActions(String(c._id), undefined, c)],
  };
}

// ---- history -----------------------------------------------------------------------------------------

/** How a commitment's fields read in its history (`names`: school and partner ids → names). */
export function commitmentHistoryVocabulary(names: ReadonlyMap<string, string>): HistoryVocabulary {
  return {
    labels: {
      partnerId: null,
      partnerName: 'partner',
      commissionKey: 'commission',
      type: 'type',
      quantity: 'quantity',
      unit: null,
      schoolIds: 'schools',
      schoolYear: 'school year',
      startDate: 'start date',
      endDate: 'end date',
      status: 'status',
      fulfilledQuantity: 'delivered',
      fulfilledAt: 'fulfilled at',
      notes: 'notes',
      programId: 'program of study',
      archivedAt: 'archived',
      partnerArchivedAt: 'partner archived',
    },
    value: (field, v) => {
      if (v === null || v === undefined) return undefined;
      if (field === 'type') return typeLabel(String(v));
      if (field === 'status') return statusLabel(String(v));
      if (field === 'schoolIds' && Array.isArray(v))
        return v.length === 0
          ? '—'
          : v.map((id) => escapeMrkdwn(truncate(names.get(String(id)) ?? 'a school since removed', 60))).join(', ');
      return undefined;
    },
  };
}

/** A commitment's history in a modal, newest first, with Newer / Older changes. */
export function commitmentHistoryView(
  c: CommitmentSummary & { _id: unknown },
  page: HistoryPage,
  zone: string,
  names: ReadonlyMap<string, string>,
): ModalView {
  const id = String(c._id);
  return historyModal({
    callbackId: CALLBACK.history,
    subject: commitmentLine(c, zone),
    page,
    zone,
    vocabulary: commitmentHistoryVocabulary(names),
    more: { blockId: BLOCK.historyPaging, older: ACTION.historyOlder, newer: ACTION.historyNewer, value: (offset) => `${id}:${offset}` },
  });
}

/** Marking a commitment that has not started fulfilled: are you sure? With a button that does it anyway. */
export function notStartedQuestion(
  choice: { id: string; status: CommitmentStatus },
  startDate: string,
  zone: string,
): { text: string; blocks: KnownBlock[] } {
  const label = statusLabel(choice.status).toLowerCase();
  const text = `This commitment starts on ${startDate}, after today: it was not marked ${label}.`;
  return {
    text,
    blocks: [
      section(
        `:warning: This commitment starts on ${slackDate(startDate, zone)}, after today, so I did not mark it ${label}. Was it really delivered already?`,
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION.statusAnyway,
            text: plain(`Mark it ${label} anyway`),
            value: `${choice.id}:${choice.status}`,
          },
        ],
      },
    ],
  };
}

/** The DM a partner contact receives for `/iec request`. */
export function requestMessage(data: {
  requestId: string;
  requestedBy: string;
  partnerName: string;
  commissionName?: string;
  /** An ask for a role in one program of study's approval. */
  program?: { label: string; role: string };
}): {
  text: string;
  blocks: KnownBlock[];
} {
  const partner = escapeMrkdwn(truncate(data.partnerName, 150));
  const commission = data.commissionName ? ` for the *${escapeMrkdwn(truncate(data.commissionName, 100))}* commission` : '';
  const program = data.program ? escapeMrkdwn(truncate(data.program.label, 200)) : '';
  const role = data.program ? escapeMrkdwn(data.program.role.toLowerCase()) : '';
  const text = data.program
    ? `<@${data.requestedBy}> asks whether ${escapeWithin(data.partnerName, 150)} can serve as ${role} for ${program}.`
    : `<@${data.requestedBy}> asks you to record what ${escapeWithin(data.partnerName, 150)} commits to our CTE schools.`;
  return {
    text,
    blocks: [
      section(
        data.program
          ? `:wave: Hello! <@${data.requestedBy}>, an Industry Engagement Coordinator, asks whether *${partner}* can support the career and technical education program *${program}* as *${role}*: industry partners are the evidence the State's program approval asks for.\nIf you can, press the button and confirm in the form; they are told at once.`
          : `:wave: Hello! <@${data.requestedBy}>, an Industry Engagement Coordinator, asks you to record what *${partner}* commits to our career and technical education schools${commission}: mentoring, internships, guest speaking, scholarships and so on.\nIt takes a minute: press the button, fill in the form, and they are told at once.`,
      ),
      {
        type: 'actions',
        block_id: BLOCK.requestActions,
        elements: [
          { type: 'button', action_id: ACTION.openRequest, style: 'primary', text: plain('Record a commitment'), value: data.requestId },
        ],
      },
    ],
  };
}

/** What the requesting IEC is told when the contact answers. */
export function requestAnsweredMessage(c: CommitmentSummary, contactUserId: string, zone: string): { text: string; blocks: KnownBlock[] } {
  const text = `<@${contactUserId}> answered your request: ${truncate(c.partnerName, 150)} committed ${quantityOf(c)}`;
  return { text, blocks: [section(`:tada: <@${contactUserId}> answered your request and recorded:`), section(commitmentDetails(c, zone))] };
}
