import type { KnownBlock, View } from '@slack/types';
import { KIND_LABELS, type MemberRecord, MEMBER_KINDS, memberPlainLabel } from '../members';
import type { OutgoingMessage } from '../scheduler';
import { slackDate, slackDateTime } from '../slack/dates';
import type { Origin } from '../slack/forms';
import { fitLines } from '../slack/lists';
import { escapeMrkdwn, escapeWithin, truncate } from '../slack/text';
import { plural } from '../slack/format';
import type { AttendanceCounts, AttendanceFormData, Attendee, MeetingAttendance, YearAttendance } from './attendance';
import { attendeeLabel, CLAIM_DAYS, claimsCloseAt, countAttendance } from './attendance';
import type { AttendeeKind } from './attendance-model';
import type { DecisionRecord } from './decisions';
import { AttendanceActions, AttendanceBlocks, AttendanceCallbacks } from './ids';
import type { MeetingRecord } from './service';
import { meetingKind } from './views';

/** Block Kit of attendance, minutes and decisions: pure functions of their data, inside Slack's limits. */

export const NOTES_MAX = 3000;
export const GUESTS_MAX = 2000;
/** Checkbox options per block (Slack allows 10). */
const PER_BLOCK = 10;
/** Members listed in the attendance form (ten per block; a modal holds 100 blocks). */
export const FORM_MEMBERS_MAX = 800;

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });
const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const title = (m: Pick<MeetingRecord, 'title'>, max = 200) => escapeMrkdwn(truncate(m.title, max));

export const ATTENDEE_LABELS: Record<AttendeeKind, string> = { ...KIND_LABELS, guest: 'Guests' };

/** "12 attended: 4 industry, 5 school staff from 3 schools, 2 postsecondary, 1 guest" — counts only, no names. */
export function countsText(c: AttendanceCounts): string {
  if (c.total === 0) return 'nobody recorded as attending';
  const parts: string[] = [];
  if (c.byKind.industry) parts.push(`${c.byKind.industry} industry`);
  if (c.byKind.school) parts.push(`${c.byKind.school} school staff from ${c.schools} school${c.schools === 1 ? '' : 's'}`);
  if (c.byKind.postsecondary) parts.push(`${c.byKind.postsecondary} postsecondary`);
  if (c.byKind.district) parts.push(`${c.byKind.district} district`);
  if (c.byKind.guest) parts.push(`${c.byKind.guest} guest${c.byKind.guest === 1 ? '' : 's'}`);
  return `${c.total} attended: ${parts.join(', ')}`;
}

/** One meeting's attendance as a line without names (for shared channels: the digest). */
export function attendanceLine(x: MeetingAttendance, zone: string): string {
  const what = x.attendance?.recorded ? countsText(countAttendance(x.attendance.attendees)) : '_attendance not recorded yet_';
  return `• ${slackDate(x.meeting.startsAt.toISOString().slice(0, 10), zone)} — *${title(x.meeting, 120)}* (${meetingKind(x.meeting)}): ${what}`;
}

/** Posted once in the commission channel when a meeting ends. Names nobody (the channel may be shared). */
export function claimPostMessage(m: MeetingRecord): OutgoingMessage {
  const closes = claimsCloseAt(m);
  return {
    text: `${truncate(m.title, 150)} has ended. Members who attended: press "I attended".`,
    blocks: [
      section(
        `:clipboard: *${title(m)}* (${meetingKind(m)}) has ended. Members of the commission who attended: press *I attended* — a lead confirms it when recording attendance. The button works for ${CLAIM_DAYS} days (until ${slackDateTime(closes, 'UTC')}).`,
      ),
      {
        type: 'actions',
        block_id: AttendanceBlocks.claim,
        elements: [
          { type: 'button', action_id: AttendanceActions.claim, text: plain('I attended'), style: 'primary', value: String(m._id) },
        ],
      },
    ],
  };
}

/** The DM to each lead when a meeting ends. */
export function attendancePromptMessage(m: MeetingRecord, zone: string): OutgoingMessage {
  return {
    text: `${truncate(m.title, 150)} has ended: record who came.`,
    blocks: [
      section(
        `:clipboard: *${title(m)}* (${meetingKind(m)}, ${slackDateTime(m.startsAt, zone)}) has ended. Record who came, with notes; members' "I attended" presses show ticked for you to confirm.`,
      ),
      {
        type: 'actions',
        block_id: AttendanceBlocks.show,
        elements: [
          { type: 'button', action_id: AttendanceActions.record, text: plain('Record attendance'), style: 'primary', value: String(m._id) },
          { type: 'button', action_id: AttendanceActions.addDecision, text: plain('Record a decision'), value: String(m._id) },
        ],
      },
    ],
  };
}

export interface AttendanceMetadata {
  meetingId: string;
  revision: number;
  /** Where the form was opened (the button's response_url). */
  o?: Origin;
}

/** The lead's attendance form: members by kind (ticked as recorded or claimed), others by name, notes. */
export function attendanceModal(data: AttendanceFormData, commissionName: string, zone: string, origin?: Origin): View {
  const metadata: AttendanceMetadata = {
    meetingId: String(data.meeting._id),
    revision: data.attendance?.revision ?? 0,
    ...(origin ? { o: origin } : {}),
  };
  const claimed = new Set(data.claimed);
  const ticked = new Set(data.ticked);
  const blocks: KnownBlock[] = [
    section(
      `*${title(data.meeting)}* · ${escapeWithin(commissionName, 100)} · ${meetingKind(data.meeting)}\n${slackDateTime(data.meeting.startsAt, zone)}`,
    ),
  ];
  if (data.attendance?.recorded)
    blocks.push({ type: 'context', elements: [mrkdwn('Recorded already: your changes are kept in its history.')] });
  const members = data.members.slice(0, FORM_MEMBERS_MAX);
  for (const kind of MEMBER_KINDS) {
    const ofKind = members.filter((m) => m.kind === kind);
    for (let i = 0; i < ofKind.length; i += PER_BLOCK) {
      const chunk = ofKind.slice(i, i + PER_BLOCK);
      const option = (m: MemberRecord) => ({
        text: plain(memberPlainLabel(m)),
        value: String(m._id),
        ...(claimed.has(String(m._id)) ? { description: plain('said "I attended"') } : {}),
      });
      const options = chunk.map(option);
      const initial = chunk.filter((m) => ticked.has(String(m._id))).map(option);
      const part = ofKind.length > PER_BLOCK ? ` (${i + 1}–${i + chunk.length})` : '';
      blocks.push({
        type: 'input',
        block_id: `${AttendanceBlocks.membersPrefix}${kind}_${i / PER_BLOCK}`,
        optional: true,
        label: plain(`${KIND_LABELS[kind]}${part}`, 2000),
        element: {
          type: 'checkboxes',
          action_id: `${AttendanceBlocks.membersPrefix}${kind}_${i / PER_BLOCK}`,
          options,
          ...(initial.length ? { initial_options: initial } : {}),
        },
      });
    }
  }
  if (data.members.length === 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`The commission has no members yet: add them with \`/iec commission members ${data.meeting.commissionKey} add\`.`)],
    });
  }
  const guests = data.guests.map((g) => (g.organisation ? `${g.name}, ${g.organisation}` : g.name)).join('\n');
  blocks.push(
    {
      type: 'input',
      block_id: AttendanceBlocks.guests,
      optional: true,
      label: plain('Others who came'),
      hint: plain('One per line: name, organisation.', 150),
      element: {
        type: 'plain_text_input',
        action_id: AttendanceBlocks.guests,
        multiline: true,
        max_length: GUESTS_MAX,
        ...(guests ? { initial_value: truncate(guests, GUESTS_MAX) } : {}),
      },
    },
    {
      type: 'input',
      block_id: AttendanceBlocks.notes,
      optional: true,
      label: plain('Notes (minutes)'),
      element: {
        type: 'plain_text_input',
        action_id: AttendanceBlocks.notes,
        multiline: true,
        max_length: NOTES_MAX,
        ...(data.attendance?.notes ? { initial_value: truncate(data.attendance.notes, NOTES_MAX) } : {}),
      },
    },
  );
  return {
    type: 'modal',
    callback_id: AttendanceCallbacks.record,
    private_metadata: JSON.stringify(metadata),
    title: plain('Attendance', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: blocks.slice(0, 100),
  };
}

/** Recording a decision, optionally as a deliverable (owner and due date). */
export function decisionModal(m: MeetingRecord, commissionName: string, origin?: Origin): View {
  return {
    type: 'modal',
    callback_id: AttendanceCallbacks.decision,
    private_metadata: JSON.stringify({ meetingId: String(m._id), ...(origin ? { o: origin } : {}) }),
    title: plain('Record a decision', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`*${title(m)}* · ${escapeWithin(commissionName, 100)}`),
      {
        type: 'input',
        block_id: AttendanceBlocks.decisionText,
        label: plain('Decision'),
        element: { type: 'plain_text_input', action_id: AttendanceBlocks.decisionText, multiline: true, max_length: 500 },
      },
      {
        type: 'context',
        elements: [mrkdwn('With an owner and a due date it also becomes a deliverable of the commission, linked to this meeting.')],
      },
      {
        type: 'input',
        block_id: AttendanceBlocks.decisionOwner,
        optional: true,
        label: plain('Owner'),
        element: { type: 'users_select', action_id: AttendanceBlocks.decisionOwner },
      },
      {
        type: 'input',
        block_id: AttendanceBlocks.decisionDue,
        optional: true,
        label: plain('Due date'),
        element: { type: 'datepicker', action_id: AttendanceBlocks.decisionDue },
      },
    ],
  };
}

function attendeeMrkdwn(a: Attendee): string {
  if (a.slackUserId) {
    const org = a.kind === 'school' ? a.schoolName : a.organisation;
    return `<@${a.slackUserId}>${org ? ` (${escapeMrkdwn(org)})` : ''}`;
  }
  return escapeMrkdwn(attendeeLabel(a));
}

export interface MeetingShowData {
  meeting: MeetingRecord;
  commissionName: string;
  zone: string;
  attendance: MeetingAttendance['attendance'];
  decisions: DecisionRecord[];
  now: Date;
  canManage: boolean;
}

/** `/iec meeting show`: attendance by kind, notes, decisions, with buttons for the leads. */
export function meetingShowMessage(d: MeetingShowData): OutgoingMessage {
  const m = d.meeting;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(m.title, 150), 150) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `${escapeWithin(d.commissionName, 100)} · ${meetingKind(m)} · ${slackDateTime(m.startsAt, d.zone)}${m.status === 'cancelled' ? ' · *cancelled*' : ''}`,
        ),
      ],
    },
  ];
  const att = d.attendance;
  if (!att?.recorded) {
    const pending = (att?.claims ?? []).filter((c) => c.status === 'pending').length;
    blocks.push(
      section(`*Attendance*: _not recorded yet_${pending ? ` · ${pending} member${pending === 1 ? '' : 's'} said "I attended"` : ''}`),
    );
  } else {
    blocks.push(section(`*Attendance*: ${countsText(countAttendance(att.attendees))}`));
    const fields = (Object.keys(ATTENDEE_LABELS) as AttendeeKind[])
      .map((kind) => ({ kind, list: att.attendees.filter((a) => a.kind === kind) }))
      .filter((x) => x.list.length > 0)
      .map((x) =>
        mrkdwn(truncate(`*${ATTENDEE_LABELS[x.kind]}*\n${fitLines(x.list.map(attendeeMrkdwn), (n) => `…and ${n} more`, 1900)}`, 2000)),
      );
    if (fields.length) blocks.push({ type: 'section', fields });
    const last = att.history[att.history.length - 1];
    if (att.history.length > 1 && last) {
      const changes = [
        last.added.length ? `added ${escapeMrkdwn(truncate(last.added.join(', '), 300))}` : '',
        last.removed.length ? `removed ${escapeMrkdwn(truncate(last.removed.join(', '), 300))}` : '',
        last.notesChanged ? 'notes changed' : '',
      ].filter(Boolean);
      blocks.push({
        type: 'context',
        elements: [
          mrkdwn(
            `Corrected ${att.history.length - 1}× · last by <@${last.by}> ${slackDateTime(last.at, d.zone)}${changes.length ? `: ${changes.join('; ')}` : ''}`,
          ),
        ],
      });
    }
  }
  blocks.push(section(`*Notes*\n${att?.notes ? escapeMrkdwn(truncate(att.notes, 2800)) : '_none_'}`));
  const decisionLines = d.decisions.map((x) => {
    const state = x.status === 'done' ? ' · done' : x.deliverableId ? ' · deliverable' : ' · open';
    return `• ${escapeMrkdwn(truncate(x.text, 300))}${state}`;
  });
  blocks.push(
    section(
      `*Decisions* (${d.decisions.length})\n${decisionLines.length ? fitLines(decisionLines, (n) => `…and ${n} more`) : '_none recorded_'}`,
    ),
  );
  if (d.canManage && m.status !== 'cancelled') {
    blocks.push({
      type: 'actions',
      block_id: AttendanceBlocks.show,
      elements: [
        {
          type: 'button',
          action_id: AttendanceActions.record,
          text: plain(att?.recorded ? 'Correct attendance' : 'Record attendance'),
          value: String(m._id),
        },
        { type: 'button', action_id: AttendanceActions.addDecision, text: plain('Record a decision'), value: String(m._id) },
      ],
    });
  }
  return { text: `${truncate(m.title, 150)}: attendance, notes and decisions.`, blocks };
}

/** `/iec attendance <commission> [school year]`: formal meetings, per school, per person. */
export function yearAttendanceMessage(y: YearAttendance, commissionName: string, zone: string): OutgoingMessage {
  const n = y.formal.length;
  const meetingLines = y.formal.map((x) => attendanceLine(x, zone));
  const schoolLines = y.schools.map(
    (s) =>
      `• *${escapeMrkdwn(truncate(s.schoolName, 100))}*: ${s.formalMeetings} of ${n} formal meeting${n === 1 ? '' : 's'} (${escapeMrkdwn(truncate(s.staff.join(', '), 200))})`,
  );
  const byKind = new Map<AttendeeKind, string[]>();
  for (const p of y.people) {
    const list = byKind.get(p.kind) ?? [];
    list.push(`• ${escapeMrkdwn(truncate(p.label, 120))} — ${p.meetingIds.length} of ${n}`);
    byKind.set(p.kind, list);
  }
  const more = (left: number) => `…and ${left} more`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(`Attendance — ${commissionName} — ${y.schoolYear}`, 150), 150) },
    section(
      `*Formal meetings held* (${n})${y.workingGroups ? ` · ${y.workingGroups} working-group meeting${y.workingGroups === 1 ? '' : 's'} not counted` : ''}\n${meetingLines.length ? fitLines(meetingLines, more) : '_none yet this school year_'}`,
    ),
    section(
      `*Per school: formal meetings its staff attended*\n${schoolLines.length ? fitLines(schoolLines, more) : '_no school staff recorded yet_'}`,
    ),
  ];
  for (const kind of Object.keys(ATTENDEE_LABELS) as AttendeeKind[]) {
    const lines = byKind.get(kind);
    if (lines) blocks.push(section(`*${ATTENDEE_LABELS[kind]}*\n${fitLines(lines, more)}`));
  }
  return { text: `Attendance of ${truncate(commissionName, 100)} in ${y.schoolYear}: ${plural(n, 'formal meeting')}.`, blocks };
}

/** Home, for leads: the last meetings with their attendance, at most `max` lines, then "and N more". */
export function homeAttendanceLines(items: readonly MeetingAttendance[], zone: string): string[] {
  return items.map((x) => attendanceLine(x, zone));
}
