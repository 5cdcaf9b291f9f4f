import type { KnownBlock, View } from '@slack/types';
import type { OutgoingMessage } from '../scheduler';
import { truncate } from '../slack/text';
import { slackDate } from '../slack/dates';
import { MEMBER_ADD_BLOCK, MemberActions, MemberBlocks, MemberCallbacks } from './ids';
import type { Origin } from '../slack/forms';
import { MEMBER_NAME_MAX, MEMBER_ORG_MAX, type MemberFormMetadata } from './input';
import { MEMBER_KINDS, MEMBER_ROLES, STAFF_ROLES, type MemberKind, type MemberRole, type StaffRole } from './model';
import { KIND_LABELS, memberLabel, ROLE_LABELS, type MemberRecord } from './service';

/** Block Kit of the members feature: pure functions of their data, inside Slack's limits at any size. */

/** Members listed with their own row (and menu) in `/iec commission members`: a message holds 50 blocks. */
export const MEMBERS_SHOWN = 40;

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 75), emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });

const STAFF_LABELS: Record<StaffRole, string> = {
  administrator: 'Administrator',
  'program coordinator': 'Program coordinator',
  teacher: 'Teacher',
};

function select<T extends string>(
  blockId: string,
  label: string,
  values: readonly T[],
  labels: Record<T, string>,
  initial?: T,
  optional = false,
) {
  const options = values.map((v) => ({ text: plain(labels[v]), value: v }));
  const chosen = options.find((o) => o.value === initial);
  return {
    type: 'input' as const,
    block_id: blockId,
    label: plain(label),
    optional,
    element: { type: 'static_select' as const, action_id: blockId, options, ...(chosen ? { initial_option: chosen } : {}) },
  };
}

function textInput(blockId: string, label: string, max: number, initial: string | undefined, hint?: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional: true,
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      max_length: max,
      ...(initial ? { initial_value: truncate(initial, max) } : {}),
    },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

export interface MemberModalData {
  commission: { key: string; name: string };
  /** The member being changed; none to add one. */
  member?: MemberRecord;
  today: string;
  /** Where the form was opened: the saved member is confirmed there. */
  origin?: Origin;
}

/** Add or change a commission member. */
export function memberModal(data: MemberModalData): View {
  const m = data.member;
  const metadata: MemberFormMetadata = {
    commissionKey: data.commission.key,
    ...(m ? { memberId: String(m._id), revision: m.revision ?? 0 } : {}),
    ...(data.origin ? { o: data.origin } : {}),
  };
  return {
    type: 'modal',
    callback_id: MemberCallbacks.save,
    private_metadata: JSON.stringify(metadata),
    title: plain(m ? 'Change a member' : 'Add a member'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      { type: 'context', elements: [mrkdwn(`*${truncate(data.commission.name, 100)}* (\`${data.commission.key}\`)`)] },
      select(MemberBlocks.kind, 'Kind', MEMBER_KINDS, KIND_LABELS, m?.kind as MemberKind | undefined),
      select(MemberBlocks.role, 'Role on the commission', MEMBER_ROLES, ROLE_LABELS, (m?.role as MemberRole | undefined) ?? 'member'),
      {
        type: 'input',
        block_id: MemberBlocks.startDate,
        label: plain('Member since'),
        element: { type: 'datepicker', action_id: MemberBlocks.startDate, initial_date: m?.startDate ?? data.today },
      },
      {
        type: 'input',
        block_id: MemberBlocks.user,
        label: plain('In Slack'),
        optional: true,
        element: {
          type: 'users_select',
          action_id: MemberBlocks.user,
          ...(m?.slackUserId ? { initial_user: m.slackUserId } : {}),
        },
        hint: plain('Leave empty for someone who is not in Slack, and give their name, organisation and email.'),
      },
      textInput(MemberBlocks.name, 'Name', MEMBER_NAME_MAX, m?.name),
      textInput(
        MemberBlocks.organisation,
        'Organisation',
        MEMBER_ORG_MAX,
        m?.organisation,
        "Industry and postsecondary members; a partner contact's is filled in.",
      ),
      textInput(MemberBlocks.email, 'Email', 200, m?.email),
      textInput(
        MemberBlocks.school,
        'School (school staff)',
        150,
        m?.schoolName ?? undefined,
        'The school name or district code, e.g. 02M475.',
      ),
      select(
        MemberBlocks.staffRole,
        'At the school (school staff)',
        STAFF_ROLES,
        STAFF_LABELS,
        (m?.staffRole || undefined) as StaffRole | undefined,
        true,
      ),
    ],
  };
}

export interface MemberListData {
  commission: { key: string; name: string };
  members: MemberRecord[];
  /** Leads and administrators see the Add button and each row's menu. */
  canManage: boolean;
  /** The commission's time zone, for the dates shown. */
  zone: string;
}

function memberLine(m: MemberRecord, zone: string): string {
  const role = m.role && m.role !== 'member' ? ` · *${ROLE_LABELS[m.role as MemberRole]}*` : '';
  const staff = m.kind === 'school' && m.staffRole ? ` · ${m.staffRole}` : '';
  const contact = !m.slackUserId && m.email ? ` · ${m.email}` : '';
  return `${memberLabel(m)}${role}${staff}${contact} · since ${slackDate(m.startDate, zone)}`;
}

/** `/iec commission members <key>`: the members by kind; for leads, a menu on each to change or remove them. */
export function memberListMessage(data: MemberListData): OutgoingMessage {
  const { commission, members } = data;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(`${truncate(commission.name, 60)} — members (${members.length})`) }];
  let shown = 0;
  for (const kind of MEMBER_KINDS) {
    const ofKind = members.filter((m) => m.kind === kind);
    blocks.push({ type: 'section', text: mrkdwn(`*${KIND_LABELS[kind]}* (${ofKind.length})${ofKind.length === 0 ? '\n_none yet_' : ''}`) });
    for (const m of ofKind) {
      if (shown >= MEMBERS_SHOWN) break;
      shown += 1;
      const id = String(m._id);
      blocks.push({
        type: 'section',
        block_id: `member_${id}`,
        text: mrkdwn(memberLine(m, data.zone)),
        ...(data.canManage
          ? {
              accessory: {
                type: 'overflow',
                action_id: MemberActions.row,
                options: [
                  { text: plain('Change…'), value: `edit:${id}` },
                  { text: plain('Remove from the commission'), value: `remove:${id}` },
                ],
              },
            }
          : {}),
      });
    }
  }
  if (members.length > shown) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${members.length - shown} more members not shown here.`)] });
  }
  if (data.canManage) {
    blocks.push({
      type: 'actions',
      block_id: MEMBER_ADD_BLOCK,
      elements: [{ type: 'button', action_id: MemberActions.add, text: plain('Add a member'), style: 'primary', value: commission.key }],
    });
  }
  const text =
    members.length === 0
      ? `${commission.name} has no members yet.`
      : `${commission.name}: ${members.length} member${members.length === 1 ? '' : 's'}.`;
  return { text, blocks };
}
