import { daysBetween } from '../domain/dates';
import type { Button, KnownBlock, ModalView, View } from '@slack/types';
import { COMMITMENT_TYPE_INFO, COMMITMENT_TYPES } from '../domain/commitments';
import { slackDate } from '../slack/dates';
import { archiveOutcome, archiveRowButton, type ArchiveSubject } from '../slack/archive';
import { historyButton, historyModal, type HistoryPage, type HistoryVocabulary, userMention } from '../slack/history';
import { showMoreBlock } from '../slack/lists';
import { escapeWithin, personMention, truncate } from '../slack/text';
import type { OutgoingMessage } from '../scheduler';
import type { CommissionInfo } from '../commissions';
import {
  DELIVERABLE_ARCHIVED_BLOCK,
  DELIVERABLE_HISTORY_BLOCK,
  DELIVERABLE_LIST_MORE_BLOCK,
  DeliverableActions,
  DeliverableBlocks,
  DeliverableCallbacks,
} from './ids';
import type { DeliverableFilter, DeliverableRecord } from './service';
import { plural } from '../slack/format';
import type { Origin } from '../slack/forms';

/** Block Kit for deliverables: pure functions of their data, inside Slack's limits at any size. */

export const LIST_PAGE_SIZE = 10;
export const TITLE_MAX = 150;
export const DESCRIPTION_MAX = 3000;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });

const STATUS_LABEL: Record<string, string> = { open: 'open', in_progress: 'in progress', done: 'done', dropped: 'dropped' };

/** The title, escaped, for mrkdwn. */
function titleOf(d: Pick<DeliverableRecord, 'title'>): string {
  return escapeWithin(d.title, 4 * TITLE_MAX);
}

function option(value: string, text: string) {
  return { text: plain(truncate(text, 75)), value };
}

function isOpen(d: DeliverableRecord): boolean {
  return d.status === 'open' || d.status === 'in_progress';
}

/** The deliverable's commission as people call it (its name when known, else its key). */
function commissionOf(d: { commissionKey: string; commissionName?: string }): string {
  return d.commissionName ? `*${escapeWithin(d.commissionName, 100)}*` : `\`${d.commissionKey}\``;
}

/** One line about a deliverable: title, commission, owner, due date, status. */
export function deliverableLine(d: DeliverableRecord, today: string, zone: string): string {
  const due = slackDate(d.dueDate, zone);
  const late = isOpen(d) && d.dueDate < today ? ` · :warning: *${plural(daysBetween(d.dueDate, today), 'day')} overdue*` : '';
  const snoozed = isOpen(d) && d.snoozedUntil && d.snoozedUntil > today ? ` · :zzz: snoozed until ${slackDate(d.snoozedUntil, zone)}` : '';
  return `*${titleOf(d)}* · ${commissionOf(d)}\n${personMention(d.ownerId)} · due ${due} · ${STATUS_LABEL[d.status ?? 'open']}${late}${snoozed}`;
}

const BUTTONS = {
  markDone: { action_id: DeliverableActions.markDone, text: plain('Mark done'), style: 'primary' as const },
  changeOwner: { action_id: DeliverableActions.changeOwner, text: plain('Change owner') },
  changeDue: { action_id: DeliverableActions.changeDue, text: plain('Change due date') },
  snooze: { action_id: DeliverableActions.snooze, text: plain('Snooze a week') },
  details: { action_id: DeliverableActions.details, text: plain('Open details') },
};

/** An actions block of deliverable buttons, each carrying the deliverable id, then `extra` (Archive, History). */
function deliverableButtons(
  d: DeliverableRecord,
  blockPrefix: string,
  which: ReadonlyArray<keyof typeof BUTTONS>,
  extra: Button[] = [],
): KnownBlock {
  const id = String(d._id);
  return {
    type: 'actions',
    block_id: `${blockPrefix}${id}`,
    elements: [...which.map((b) => ({ type: 'button' as const, ...BUTTONS[b], value: id })), ...extra],
  };
}

/** Where a list row's buttons start their block_id; a reminder's. */
export const LIST_ROW_PREFIX = 'deliverable_row_';
export const REMINDER_ROW_PREFIX = 'deliverable_reminder_';

/**
 * The block_id of a list row's buttons: the deliverable's id, then the page it is on (`|commission|filter|offset`), so a
 * button that changes the deliverable redraws that page (an ephemeral list's buttons arrive without the message).
 */
export function listRowBlockId(id: string, page: ListPage): string {
  return `${LIST_ROW_PREFIX}${id}|${page.commissionKey ?? ''}|${page.filter}|${page.offset}`;
}

/** What Archive and its answer say about a deliverable. */
function archiveSubject(d: Pick<DeliverableRecord, 'title'>): ArchiveSubject {
  return { noun: 'deliverable', title: d.title, gone: '`/iec deliverables`, Home, the digest, meeting agendas and reminders' };
}

/** An open deliverable's buttons; a closed one has Archive and its History only. */
function rowActions(d: DeliverableRecord, page: ListPage): KnownBlock {
  const id = String(d._id);
  const extra = [archiveRowButton(DeliverableActions.archive, id, archiveSubject(d)), historyButton(DeliverableActions.history, id)];
  const block = deliverableButtons(d, LIST_ROW_PREFIX, isOpen(d) ? ['markDone', 'changeOwner', 'changeDue', 'snooze'] : [], extra);
  return { ...block, block_id: listRowBlockId(id, page) };
}

/** The answer to Archive or Restore on a deliverable: what it means, with Restore (or Archive again). */
export function deliverableArchivedMessage(d: { _id: unknown; title: string }, archived: boolean): OutgoingMessage {
  return archiveOutcome(
    archived,
    archiveSubject(d),
    { archive: DeliverableActions.archive, restore: DeliverableActions.restore },
    String(d._id),
    DELIVERABLE_ARCHIVED_BLOCK,
  );
}

export interface ListPage {
  commissionKey?: string;
  filter: DeliverableFilter;
  offset: number;
}

export interface DeliverableListData extends ListPage {
  /** The listed commission's name, when one is listed. */
  commissionName?: string;
  items: DeliverableRecord[];
  total: number;
  today: string;
  zone: string;
  /** Owners whose Slack account is deactivated (flagged on their rows: an administrator's list). */
  deactivatedOwners?: ReadonlySet<string>;
}

/** Under a row whose owner's Slack account is deactivated: how to hand the work over. */
export function deactivatedOwnerLine(ownerId: string): string {
  return `:warning: ${personMention(ownerId)}'s Slack account is deactivated: hand their work over with \`/iec reassign ${personMention(ownerId)} @someone\``;
}

/** The `/iec deliverables` command that shows this list (for "and N more" hints). */
export function listCommand(page: Pick<ListPage, 'commissionKey' | 'filter'>): string {
  return ['/iec deliverables', page.commissionKey, page.filter].filter(Boolean).join(' ');
}

/** A page of deliverables (at most LIST_PAGE_SIZE, 2 blocks each) with a "Show more" button when more match. */
export function deliverableListMessage(data: DeliverableListData): OutgoingMessage {
  const scope = data.commissionKey ? (data.commissionName ?? `\`${data.commissionKey}\``) : 'all commissions';
  const what = data.filter === 'all' ? 'All deliverables' : data.filter === 'overdue' ? 'Overdue deliverables' : 'Open deliverables';
  if (data.total === 0) {
    const text = `${what} of ${scope}: none. Add one with \`/iec deliverable add${data.commissionKey ? ` ${data.commissionKey}` : ''}\`.`;
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const items = data.items.slice(0, LIST_PAGE_SIZE);
  const shownTo = data.offset + items.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(`${what} — ${data.commissionName ?? data.commissionKey ?? 'all commissions'}`, 150)) },
    { type: 'context', elements: [mrkdwn(`${data.offset + 1}–${shownTo} of ${data.total} · \`${listCommand(data)}\``)] },
  ];
  const page: ListPage = { commissionKey: data.commissionKey, filter: data.filter, offset: data.offset };
  for (const d of items) {
    const flag = data.deactivatedOwners?.has(d.ownerId) ? `\n${deactivatedOwnerLine(d.ownerId)}` : '';
    blocks.push({ type: 'section', text: mrkdwn(`${deliverableLine(d, data.today, data.zone)}${flag}`) });
    blocks.push(rowActions(d, page));
  }
  if (shownTo < data.total) {
    const next: ListPage = { commissionKey: data.commissionKey, filter: data.filter, offset: shownTo };
    blocks.push(
      showMoreBlock(
        DELIVERABLE_LIST_MORE_BLOCK,
        DeliverableActions.showMore,
        JSON.stringify(next),
        `Show more (${data.total - shownTo} left)`,
      ),
    );
  }
  return { text: `${what} of ${scope}: ${data.total}.`, blocks };
}

export interface AddModalData {
  commissions: Pick<CommissionInfo, 'key' | 'name'>[];
  /** Preselected commission (from `/iec deliverable add <commission>`, or the channel's). */
  commissionKey?: string;
  /** Under the commission select: why it is preselected (the channel's commission). */
  commissionHint?: string;
  /** Where the command was typed (its response_url): the saved deliverable is told there too. */
  origin?: Origin;
}

/** `/iec deliverable add`: commission, title, description, owner, due date, linked commitment types. */
export function deliverableAddModal(data: AddModalData): View {
  const options = data.commissions.slice(0, 100).map((c) => option(c.key, `${c.name} (${c.key})`));
  const initial = options.find((o) => o.value === data.commissionKey);
  return {
    type: 'modal',
    callback_id: DeliverableCallbacks.add,
    ...(data.origin ? { private_metadata: JSON.stringify({ o: data.origin }) } : {}),
    title: plain('Add a deliverable'),
    submit: plain('Add'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: DeliverableBlocks.commission,
        label: plain('Commission'),
        ...(data.commissionHint ? { hint: plain(truncate(data.commissionHint, 150)) } : {}),
        element: {
          type: 'static_select',
          action_id: DeliverableBlocks.commission,
          placeholder: plain('Choose a commission'),
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      },
      {
        type: 'input',
        block_id: DeliverableBlocks.title,
        label: plain('Title'),
        element: {
          type: 'plain_text_input',
          action_id: DeliverableBlocks.title,
          max_length: TITLE_MAX,
          placeholder: plain('e.g. Teacher externship plan for automotive'),
        },
      },
      {
        type: 'input',
        block_id: DeliverableBlocks.description,
        label: plain('Description'),
        optional: true,
        element: { type: 'plain_text_input', action_id: DeliverableBlocks.description, multiline: true, max_length: DESCRIPTION_MAX },
      },
      {
        type: 'input',
        block_id: DeliverableBlocks.owner,
        label: plain('Owner'),
        element: { type: 'users_select', action_id: DeliverableBlocks.owner, placeholder: plain('Who delivers it?') },
      },
      {
        type: 'input',
        block_id: DeliverableBlocks.dueDate,
        label: plain('Due date'),
        hint: plain('A date in the past is fine for work that is already late: the deliverable is then overdue.'),
        element: { type: 'datepicker', action_id: DeliverableBlocks.dueDate, placeholder: plain('Pick a date') },
      },
      {
        type: 'input',
        block_id: DeliverableBlocks.linkedTypes,
        label: plain('Linked commitment types'),
        optional: true,
        element: {
          type: 'multi_static_select',
          action_id: DeliverableBlocks.linkedTypes,
          placeholder: plain('Commitment types this delivers on'),
          options: COMMITMENT_TYPES.map((t) => option(t, COMMITMENT_TYPE_INFO[t].label)),
        },
      },
    ],
  };
}

/** private_metadata of the small modals: which deliverable. */
/** A small modal's private_metadata: the deliverable, and where it was opened (the list's response_url and page). */
export function deliverableMetadata(id: string, where: ChangeOpenedFrom = {}): string {
  return JSON.stringify({ id, ...(where.origin ? { o: where.origin } : {}), ...(where.page ? { l: where.page } : {}) });
}

/** Where a small modal was opened: the list row's response_url (origin) and page, redrawn once it is saved. */
export interface ChangeOpenedFrom {
  origin?: Origin;
  page?: ListPage;
}

/** A deliverable with its commission's name: what the small modals show (the name, never the key). */
export type NamedDeliverable = DeliverableRecord & { commissionName: string };

/** A small modal that changes one thing about a deliverable. */
function changeModal(d: NamedDeliverable, callbackId: string, title: string, input: KnownBlock, where?: ChangeOpenedFrom): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: deliverableMetadata(String(d._id), where),
    title: plain(title),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [{ type: 'section', text: mrkdwn(`*${titleOf(d)}* · ${commissionOf(d)}`) }, input],
  };
}

export function changeOwnerModal(d: NamedDeliverable, where?: ChangeOpenedFrom): View {
  return changeModal(
    d,
    DeliverableCallbacks.changeOwner,
    'Change owner',
    {
      type: 'input',
      block_id: DeliverableBlocks.owner,
      label: plain('New owner'),
      element: {
        type: 'users_select',
        action_id: DeliverableBlocks.owner,
        ...(/^[UW][A-Z0-9]{2,}$/.test(d.ownerId) ? { initial_user: d.ownerId } : {}),
      },
    },
    where,
  );
}

export function changeDueModal(d: NamedDeliverable, where?: ChangeOpenedFrom): View {
  return changeModal(
    d,
    DeliverableCallbacks.changeDue,
    'Change due date',
    {
      type: 'input',
      block_id: DeliverableBlocks.dueDate,
      label: plain('New due date'),
      element: { type: 'datepicker', action_id: DeliverableBlocks.dueDate, initial_date: d.dueDate },
    },
    where,
  );
}

/** Everything about one deliverable (the reminder's "Open details"). */
export function deliverableDetailsModal(d: DeliverableRecord, today: string, zone: string): View {
  const types = (d.linkedTypes ?? []).map((t) => COMMITMENT_TYPE_INFO[t].label).join(', ');
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(deliverableLine(d, today, zone)) }];
  if (d.description) blocks.push({ type: 'section', text: mrkdwn(escapeWithin(d.description, 2900)) });
  if (types) blocks.push({ type: 'context', elements: [mrkdwn(`Linked commitment types: ${types}`)] });
  blocks.push({ type: 'context', elements: [mrkdwn(`Added by <@${d.createdBy}> · see all: \`/iec deliverables ${d.commissionKey}\``)] });
  return { type: 'modal', callback_id: DeliverableCallbacks.details, title: plain('Deliverable'), close: plain('Close'), blocks };
}

/** How a deliverable's history names its fields and shows their values. */
export const DELIVERABLE_HISTORY_VOCABULARY: HistoryVocabulary = {
  labels: {
    commissionKey: 'commission',
    title: 'title',
    description: 'description',
    ownerId: 'owner',
    dueDate: 'due date',
    status: 'status',
    snoozedUntil: 'snoozed until',
    linkedTypes: 'linked commitment types',
    completedAt: 'done at',
    meetingId: null,
    archivedAt: 'archived',
    archivedBy: 'archived by',
  },
  value: (field, v) => {
    if (v === null || v === undefined) return undefined;
    if (field === 'ownerId' || field === 'archivedBy') return userMention(v);
    if (field === 'status') return STATUS_LABEL[String(v)] ?? escapeWithin(String(v), 40);
    if (field === 'linkedTypes' && Array.isArray(v))
      return v.length === 0
        ? '—'
        : v.map((t) => COMMITMENT_TYPE_INFO[t as keyof typeof COMMITMENT_TYPE_INFO]?.label ?? String(t)).join(', ');
    return undefined;
  },
};

/** A deliverable's History: what it is, then a page of its changes with Newer / Older changes. */
export function deliverableHistoryView(d: DeliverableRecord, page: HistoryPage, today: string, zone: string): ModalView {
  const id = String(d._id);
  return historyModal({
    callbackId: DeliverableCallbacks.history,
    subject: deliverableLine(d, today, zone),
    page,
    zone,
    vocabulary: DELIVERABLE_HISTORY_VOCABULARY,
    more: {
      blockId: DELIVERABLE_HISTORY_BLOCK,
      older: DeliverableActions.historyOlder,
      newer: DeliverableActions.historyNewer,
      value: (offset) => `${id}:${offset}`,
    },
  });
}

/** What a modal becomes after it was saved. */
/** "Deliverable added", where the person acted: what was saved, and Open details. */
export function deliverableAddedMessage(d: DeliverableRecord, text: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: truncate(text.replace(/^:[a-z_]+: /, ''), 300),
    blocks: [{ type: 'section', text: mrkdwn(truncate(text, 3000)) }, deliverableButtons(d, 'deliverable_added_', ['details'])],
  };
}

export function savedModal(title: string, text: string): View {
  return {
    type: 'modal',
    title: plain(truncate(title, 24)),
    close: plain('Done'),
    blocks: [{ type: 'section', text: mrkdwn(truncate(text, 3000)) }],
  };
}

export type ReminderKind = 'before' | 'due' | 'overdue';

/**
 * A reminder DM whose Mark done or Snooze was pressed, replaced in place: what was done (`headline`), the deliverable as
 * it is now, and its details; no button that would do it again.
 */
export function deliverableChangedMessage(d: DeliverableRecord, headline: string, today: string, zone: string): OutgoingMessage {
  return {
    text: headline,
    blocks: [
      { type: 'section', text: mrkdwn(headline) },
      { type: 'section', text: mrkdwn(deliverableLine(d, today, zone)) },
      deliverableButtons(d, REMINDER_ROW_PREFIX, ['details']),
    ],
  };
}

/**
 * The DM to the owner (3 days before, on the due date, then weekly while overdue). Worded from `today`, not from
 * the kind: a reminder moved off a no-school day may arrive after the due date.
 */
export function deliverableReminderMessage(d: DeliverableRecord, today: string, zone: string): OutgoingMessage {
  const title = titleOf(d);
  const due = slackDate(d.dueDate, zone);
  const days = daysBetween(today, d.dueDate);
  const headline =
    days > 0
      ? `:spiral_note_pad: Reminder: *${title}* (${commissionOf(d)}) is due ${due}, in ${plural(days, 'day')}.`
      : days === 0
        ? `:alarm_clock: *${title}* (${commissionOf(d)}) is due today.`
        : `:warning: *${title}* (${commissionOf(d)}) was due ${due} and is ${-days} day${days === -1 ? '' : 's'} overdue.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(headline) }];
  if (d.description) blocks.push({ type: 'context', elements: [mrkdwn(escapeWithin(d.description, 500))] });
  blocks.push(deliverableButtons(d, REMINDER_ROW_PREFIX, ['markDone', 'snooze', 'details']));
  const plainTitle = escapeWithin(d.title, TITLE_MAX);
  const text =
    days > 0
      ? `Reminder: ${plainTitle} is due ${d.dueDate}.`
      : days === 0
        ? `${plainTitle} is due today.`
        : `${plainTitle} is overdue (due ${d.dueDate}).`;
  return { text, blocks };
}
