import { createHash } from 'node:crypto';
import type { KnownBlock, ModalView, View } from '@slack/types';
import type { OutgoingMessage } from '../scheduler';
import type { Origin } from '../slack/forms';
import { slackDate, slackDateTime } from '../slack/dates';
import { historyButton, historyModal, type HistoryPage, type HistoryVocabulary, userMention } from '../slack/history';
import { archiveOutcome, archiveRowButton, type ArchiveSubject } from '../slack/archive';
import { fitLines } from '../slack/lists';
import { escapeWithin, personMention, truncate } from '../slack/text';
import { FORMAL_OPTION, MEETING_ARCHIVED_BLOCK, MEETING_HISTORY_BLOCK, MeetingActions, MeetingBlocks, MeetingCallbacks } from './ids';
import type { MeetingRecord } from './service';
import type { OpenDecision } from './decisions';
import { localDate, localTime } from '../domain/dates';

/** Block Kit for meetings: pure functions of their data, inside Slack's limits at any size. */

export const TITLE_MAX = 150;
export const PLACE_MAX = 500;
export const AGENDA_MAX = 3000;
/** Meetings shown by `/iec meetings` (2 blocks each; the rest are counted). */
export const MEETINGS_SHOWN = 20;
export const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240] as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });

export function formatDuration(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return minutes > 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/** How long before the meeting a reminder goes: "in 7 days", "tomorrow", "in 1 hour". */
export function formatOffset(minutes: number): string {
  if (minutes === 1440) return 'tomorrow';
  if (minutes % 1440 === 0) return `in ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'in 1 hour' : `in ${minutes / 60} hours`;
  return `in ${minutes} minutes`;
}

/**
 * The agenda a new meeting starts with: the decisions of earlier meetings still open, then the commission's other
 * open deliverables, within the input's 3000 characters.
 */
export function agendaFromDeliverables(
  deliverables: ReadonlyArray<{ _id?: unknown; title: string; dueDate: string }>,
  decisions: readonly OpenDecision[] = [],
): string {
  const carried = new Set(decisions.flatMap((d) => (d.deliverable ? [d.deliverable.id] : [])));
  const others = deliverables.filter((d) => !carried.has(String(d._id)));
  const sections: Array<{ head: string; lines: string[]; more: string }> = [];
  if (decisions.length > 0) sections.push({ head: 'Open decisions:', lines: openDecisionLines(decisions), more: '/iec meeting show' });
  if (others.length > 0) {
    sections.push({
      head: 'Open deliverables:',
      lines: others.map((d) => `• ${truncate(d.title, TITLE_MAX)} (due ${d.dueDate})`),
      more: '/iec deliverables',
    });
  }
  let text = '';
  for (const s of sections) {
    text += `${text ? '\n\n' : ''}${s.head}`;
    for (let i = 0; i < s.lines.length; i++) {
      const line = `\n${s.lines[i]}`;
      const more = `\n…and ${s.lines.length - i} more (${s.more})`;
      if (text.length + line.length + more.length > AGENDA_MAX - 200) {
        text += more;
        break;
      }
      text += line;
    }
  }
  return truncate(text, AGENDA_MAX);
}

/** Agenda lines for the decisions still open. */
export function openDecisionLines(decisions: readonly OpenDecision[]): string[] {
  return decisions.map((d) => {
    const via = d.deliverable ? ` → deliverable, due ${d.deliverable.dueDate}` : '';
    return `• ${truncate(d.decision.text, 200)} (decided at ${truncate(d.meetingTitle, 80)}, ${d.meetingDate.toISOString().slice(0, 10)})${via}`;
  });
}

/**
 * The agenda as it stands when a reminder is sent: what the person wrote, without the deliverables copied in when the
 * meeting was scheduled (their titles and due dates may have moved since).
 */
export function agendaWithoutDeliverables(agenda: string): string {
  const lines = agenda.split('\n');
  const out: string[] = [];
  let inList = false;
  for (const line of lines) {
    if (line.trim() === 'Open deliverables:') {
      inList = true;
      continue;
    }
    if (inList && (/^• .* \(due \d{4}-\d{2}-\d{2}\)$/.test(line) || /^…and \d+ more \(\/iec deliverables\)$/.test(line))) continue;
    inList = false;
    out.push(line);
  }
  return out.join('\n').trim();
}

/** A short fingerprint of a prefilled agenda, to tell later whether the person edited it. */
export function agendaHash(agenda: string): string {
  return createHash('sha1').update(agenda).digest('hex').slice(0, 10);
}

export interface ScheduleModalData {
  commissions: ReadonlyArray<{ key: string; name: string }>;
  commissionKey?: string;
  /** Under the commission select: why it is preselected (the channel's commission). */
  commissionHint?: string;
  /** The time zone dates and times are read in (the commission's, or the app's). */
  zone: string;
  /** Block id of the agenda input: a new one makes Slack show the new prefill instead of what was there. */
  agendaBlockId: string;
  agenda: string;
  /** Where the form was opened (the command's response_url): the saved meeting is confirmed there. */
  origin?: Origin;
}

/** What the schedule modal remembers between its updates and its submission. */
export interface ScheduleMetadata {
  commissionKey?: string;
  agendaBlockId: string;
  /** Fingerprint of the prefilled agenda. */
  prefillHash: string;
  o?: Origin;
}

export function meetingScheduleModal(data: ScheduleModalData): View {
  const options = data.commissions.slice(0, 100).map((c) => ({ text: plain(truncate(`${c.name} (${c.key})`, 75)), value: c.key }));
  const initial = options.find((o) => o.value === data.commissionKey);
  const agenda = truncate(data.agenda, AGENDA_MAX);
  const metadata: ScheduleMetadata = {
    commissionKey: data.commissionKey,
    agendaBlockId: data.agendaBlockId,
    prefillHash: agendaHash(agenda),
    ...(data.origin ? { o: data.origin } : {}),
  };
  return {
    type: 'modal',
    callback_id: MeetingCallbacks.schedule,
    private_metadata: JSON.stringify(metadata),
    title: plain('Schedule a meeting'),
    submit: plain('Schedule'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: MeetingBlocks.commission,
        dispatch_action: true,
        label: plain('Commission'),
        ...(data.commissionHint ? { hint: plain(truncate(data.commissionHint, 150)) } : {}),
        element: {
          type: 'static_select',
          action_id: MeetingActions.commissionChosen,
          placeholder: plain('Choose a commission'),
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      },
      {
        type: 'input',
        block_id: MeetingBlocks.title,
        label: plain('Title'),
        element: {
          type: 'plain_text_input',
          action_id: MeetingBlocks.title,
          max_length: TITLE_MAX,
          placeholder: plain('e.g. Healthcare commission, spring meeting'),
        },
      },
      { type: 'input', block_id: MeetingBlocks.date, label: plain('Date'), element: { type: 'datepicker', action_id: MeetingBlocks.date } },
      {
        type: 'input',
        block_id: MeetingBlocks.time,
        label: plain('Start time'),
        element: { type: 'timepicker', action_id: MeetingBlocks.time },
      },
      {
        type: 'context',
        elements: [mrkdwn(`Date and time are in *${data.zone}*${data.commissionKey ? ", the commission's time zone" : ''}.`)],
      },
      ...durationAndPlace(60),
      formalInput(),
      {
        type: 'input',
        block_id: data.agendaBlockId,
        label: plain('Agenda'),
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: MeetingBlocks.agendaPrefix,
          multiline: true,
          max_length: AGENDA_MAX,
          ...(agenda ? { initial_value: agenda } : {}),
        },
      },
    ],
  };
}

const formalOption = {
  text: plain('Formal advisory-board meeting'),
  description: plain('Counts as a formal meeting for attendance. Untick it for a working group.'),
  value: FORMAL_OPTION,
};

/** On by default: whether the meeting counts as a formal advisory-board meeting. */
function formalInput(): KnownBlock {
  return {
    type: 'input',
    block_id: MeetingBlocks.formal,
    optional: true,
    label: plain('Kind of meeting'),
    element: { type: 'checkboxes', action_id: MeetingBlocks.formal, options: [formalOption], initial_options: [formalOption] },
  };
}

/** "formal meeting" or "working group". */
export const meetingKind = (m: { formal?: boolean | null }) => (m.formal === false ? 'working group' : 'formal meeting');

function durationInput(initialMinutes: number): KnownBlock {
  const options = DURATIONS.map((m) => ({ text: plain(formatDuration(m)), value: String(m) }));
  const initial = options.find((o) => o.value === String(initialMinutes));
  return {
    type: 'input',
    block_id: MeetingBlocks.duration,
    label: plain('Duration'),
    element: { type: 'static_select', action_id: MeetingBlocks.duration, options, ...(initial ? { initial_option: initial } : {}) },
  };
}

function durationAndPlace(initialMinutes: number): KnownBlock[] {
  return [
    durationInput(initialMinutes),
    {
      type: 'input',
      block_id: MeetingBlocks.place,
      label: plain('Location or video link'),
      optional: true,
      element: {
        type: 'plain_text_input',
        action_id: MeetingBlocks.place,
        max_length: PLACE_MAX,
        placeholder: plain('Room 204, Central HS — or https://…'),
      },
    },
  ];
}

/** What Archive and its answer say about a meeting. */
function meetingArchiveSubject(m: { title: string }): ArchiveSubject {
  return { noun: 'meeting', title: m.title, gone: '`/iec meetings`, `/iec meeting show`, the digest, reminders and attendance counts' };
}

/** The answer to Archive or Restore on a meeting: what it means, with Restore (or Archive again). */
export function meetingArchivedMessage(m: { id: string; title: string }, archived: boolean): OutgoingMessage {
  return archiveOutcome(
    archived,
    meetingArchiveSubject(m),
    { archive: MeetingActions.archive, restore: MeetingActions.restore },
    m.id,
    MEETING_ARCHIVED_BLOCK,
  );
}

/** The list a meeting row was on: its commission (none: all). */
export interface MeetingListOf {
  commissionKey?: string;
}

const ROW_PREFIX = 'meeting_row_';

/** A list row's block_id: the meeting's id and the list's commission, so a change made from the row redraws that list. */
export function meetingRowBlockId(id: string, list: MeetingListOf): string {
  return `${ROW_PREFIX}${id}|${list.commissionKey ?? ''}`;
}

/** The list a row's button was on, from its block_id; undefined for any other block. */
export function listOfMeetingRow(blockId: string | undefined): MeetingListOf | undefined {
  const m = /^meeting_row_[a-f0-9]{24}\|([a-z0-9_-]{0,60})$/.exec(blockId ?? '');
  if (!m) return undefined;
  return m[1] ? { commissionKey: m[1] } : {};
}

export interface RescheduleMetadata {
  id: string;
  revision: number;
  /** Where the form was opened (the list's response_url). */
  o?: Origin;
  /** The list it was opened from: redrawn once the meeting moved. */
  l?: MeetingListOf;
}

/** Reschedule: new date, time and duration, prefilled with the current ones in the commission's zone. */
export function meetingRescheduleModal(
  m: MeetingRecord,
  commissionName: string,
  zone: string,
  origin?: Origin,
  list?: MeetingListOf,
): View {
  const metadata: RescheduleMetadata = {
    id: String(m._id),
    revision: m.revision ?? 0,
    ...(origin ? { o: origin } : {}),
    ...(list ? { l: list } : {}),
  };
  return {
    type: 'modal',
    callback_id: MeetingCallbacks.reschedule,
    private_metadata: JSON.stringify(metadata),
    title: plain('Reschedule meeting'),
    submit: plain('Reschedule'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `*${escapeWithin(m.title, 4 * TITLE_MAX)}* · ${escapeWithin(commissionName, 100)} · now ${slackDateTime(m.startsAt, zone)}`,
        ),
      },
      {
        type: 'input',
        block_id: MeetingBlocks.date,
        label: plain('New date'),
        element: { type: 'datepicker', action_id: MeetingBlocks.date, initial_date: localDate(m.startsAt, zone) },
      },
      {
        type: 'input',
        block_id: MeetingBlocks.time,
        label: plain('New start time'),
        element: { type: 'timepicker', action_id: MeetingBlocks.time, initial_time: localTime(m.startsAt, zone) },
      },
      { type: 'context', elements: [mrkdwn(`Date and time are in *${zone}*, the commission's time zone.`)] },
      durationInput(m.durationMinutes),
    ],
  };
}

function placeText(m: Pick<MeetingRecord, 'location' | 'link'>): string {
  const parts: string[] = [];
  if (m.location) parts.push(`:round_pushpin: ${escapeWithin(m.location, 600)}`);
  if (m.link) parts.push(`:video_camera: <${m.link.replace(/[<>|]/g, '')}|Join the meeting>`);
  return parts.join(' · ');
}

/** One meeting in a list: title, commission, time, duration, place. */
export function meetingLine(m: MeetingRecord, zone: string, commissionName?: string): string {
  const place = placeText(m);
  const commission = commissionName ? escapeWithin(commissionName, 100) : `\`${m.commissionKey}\``;
  return `*${escapeWithin(m.title, 4 * TITLE_MAX)}* · ${commission} · ${meetingKind(m)}\n${slackDateTime(m.startsAt, zone)} · ${formatDuration(m.durationMinutes)}${place ? `\n${place}` : ''}`;
}

export interface MeetingListData {
  commissionKey?: string;
  items: MeetingRecord[];
  total: number;
  /** The zone of each meeting's commission (fallback text of the dates). */
  zoneOf: (commissionKey: string) => string;
  /** What people call each commission. */
  nameOf?: (commissionKey: string) => string | undefined;
  /** Organisers whose Slack account is deactivated (flagged on their rows: an administrator's list). */
  deactivatedOrganisers?: ReadonlySet<string>;
}

/** Who organises a meeting: its organiser, else the person who scheduled it. */
export function organiserOf(m: Pick<MeetingRecord, 'organiserId' | 'createdBy'>): string {
  return m.organiserId ?? m.createdBy;
}

/** `/iec meetings [commission]`: upcoming meetings with Reschedule and Cancel buttons, within 50 blocks. */
export function meetingListMessage(data: MeetingListData): OutgoingMessage {
  const name = data.commissionKey ? data.nameOf?.(data.commissionKey) : undefined;
  const listed = name ?? data.commissionKey;
  const scope = name ? escapeWithin(name, 100) : data.commissionKey ? `\`${data.commissionKey}\`` : 'all commissions';
  if (data.total === 0) {
    const text = `No upcoming meetings for ${scope}. Schedule one with \`/iec meeting schedule${data.commissionKey ? ` ${data.commissionKey}` : ''}\`.`;
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const items = data.items.slice(0, MEETINGS_SHOWN);
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(truncate(`Upcoming meetings — ${listed ?? 'all commissions'}`, 150)) }];
  for (const m of items) {
    const id = String(m._id);
    const organiser = organiserOf(m);
    const flag = data.deactivatedOrganisers?.has(organiser)
      ? `\n:warning: Its organiser ${personMention(organiser)}'s Slack account is deactivated: hand their meetings over with \`/iec reassign ${personMention(organiser)} @someone\``
      : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(`${meetingLine(m, data.zoneOf(m.commissionKey), data.nameOf?.(m.commissionKey))}${flag}`),
    });
    blocks.push({
      type: 'actions',
      block_id: meetingRowBlockId(id, { commissionKey: data.commissionKey }),
      elements: [
        { type: 'button', action_id: MeetingActions.reschedule, text: plain('Reschedule'), value: id },
        {
          type: 'button',
          action_id: MeetingActions.cancel,
          text: plain('Cancel meeting'),
          style: 'danger',
          value: id,
          confirm: {
            title: plain('Cancel this meeting?'),
            text: mrkdwn(`*${escapeWithin(m.title, 200)}* will be cancelled and its reminders will not be sent.`),
            confirm: plain('Cancel meeting'),
            deny: plain('Keep it'),
          },
        },
        archiveRowButton(MeetingActions.archive, id, meetingArchiveSubject(m)),
        historyButton(MeetingActions.history, id),
      ],
    });
  }
  if (data.total > items.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`…and ${data.total - items.length} more — \`/iec meetings <commission>\` shows one commission's.`)],
    });
  }
  return { text: `Upcoming meetings for ${scope}: ${data.total}.`, blocks };
}

/** How a meeting's history names its fields and shows their values. */
export const MEETING_HISTORY_VOCABULARY: HistoryVocabulary = {
  labels: {
    commissionKey: 'commission',
    title: 'title',
    startsAt: 'starts',
    durationMinutes: 'duration',
    location: 'place',
    link: 'link',
    agenda: 'agenda',
    formal: 'formal meeting',
    status: 'status',
    cancelledAt: 'cancelled at',
    cancelledBy: 'cancelled by',
    organiserId: 'organiser',
    archivedAt: 'archived',
    archivedBy: 'archived by',
  },
  value: (field, v) => {
    if (v === null || v === undefined) return undefined;
    if (field === 'durationMinutes' && typeof v === 'number') return formatDuration(v);
    if (field === 'formal') return v ? 'yes' : 'no';
    if (field === 'cancelledBy' || field === 'organiserId' || field === 'archivedBy') return userMention(v);
    return undefined;
  },
};

/** A meeting's History: what it is, then a page of its changes with Newer / Older changes. */
export function meetingHistoryView(m: MeetingRecord, page: HistoryPage, zone: string, commissionName?: string): ModalView {
  const id = String(m._id);
  return historyModal({
    callbackId: MeetingCallbacks.history,
    subject: meetingLine(m, zone, commissionName),
    page,
    zone,
    vocabulary: MEETING_HISTORY_VOCABULARY,
    more: {
      blockId: MEETING_HISTORY_BLOCK,
      older: MeetingActions.historyOlder,
      newer: MeetingActions.historyNewer,
      value: (offset) => `${id}:${offset}`,
    },
  });
}

/** The reminder posted in the commission channel, `offsetMinutes` before the start, with the open deliverables as they are now. */
export function meetingReminderMessage(
  m: MeetingRecord & { commissionName?: string },
  offsetMinutes: number,
  zone: string,
  deliverables: ReadonlyArray<{ title: string; dueDate: string }> = [],
): OutgoingMessage {
  const when = formatOffset(offsetMinutes);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        `:calendar: *${escapeWithin(m.title, 4 * TITLE_MAX)}* starts ${when}: ${slackDateTime(m.startsAt, zone)} (${formatDuration(m.durationMinutes)}).`,
      ),
    },
  ];
  const place = placeText(m);
  if (place) blocks.push({ type: 'section', text: mrkdwn(place) });
  const agenda = agendaWithoutDeliverables(m.agenda ?? '');
  if (agenda) blocks.push({ type: 'section', text: mrkdwn(`*Agenda*\n${escapeWithin(agenda, 2900)}`) });
  if (deliverables.length > 0) {
    const lines = deliverables.map((d) => `• ${escapeWithin(d.title, TITLE_MAX)} — due ${slackDate(d.dueDate, zone)}`);
    blocks.push({
      type: 'section',
      text: mrkdwn(
        fitLines([`*Open deliverables* (as of now)`, ...lines], (n) => `…and ${n} more — \`/iec deliverables ${m.commissionKey}\``),
      ),
    });
  }
  const commission = m.commissionName ? escapeWithin(m.commissionName, 100) : `\`${m.commissionKey}\``;
  blocks.push({ type: 'context', elements: [mrkdwn(`${commission} · all meetings: \`/iec meetings ${m.commissionKey}\``)] });
  return {
    text: `Reminder: ${escapeWithin(m.title, TITLE_MAX)} starts ${when} (${localDate(m.startsAt, zone)} ${localTime(m.startsAt, zone)} ${zone}).`,
    blocks,
  };
}
