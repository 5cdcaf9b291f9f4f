import type { Button, KnownBlock, ModalView, PlainTextOption, View } from '@slack/types';
import { COMMITMENT_STATUS_LABELS, COMMITMENT_TYPE_INFO } from '../domain/commitments';
import { slackDate } from '../slack/dates';
import { historyButton, historyModal, type HistoryPage, type HistoryVocabulary, userMention } from '../slack/history';
import { fitLines, lineSections, showMoreBlock } from '../slack/lists';
import { escapeMrkdwn, truncate } from '../slack/text';
import {
  contactBlockId,
  PARTNER_ACTION,
  PARTNER_BLOCK,
  PARTNER_CARD_BLOCK,
  PARTNER_CONTACT_CALLBACK,
  PARTNER_FORM_CALLBACK,
  PARTNER_HISTORY_BLOCK,
  PARTNER_HISTORY_CALLBACK,
  PARTNER_LIST_MORE_BLOCK,
  PARTNER_SAVED_CALLBACK,
} from './ids';
import { PARTNER_LIMITS, type ContactInput, type ListMore, type PartnerFormMeta } from './input';
import { PARTNER_KIND_LABELS, PARTNER_KINDS, PARTNER_STATUSES, type PartnerStatus } from './model';
import type { PartnerDetail, PartnerPage, PartnerRecord } from './service';
import { formatAmount, formatQuantity, plural } from '../slack/format';

const STATUS_LABELS: Record<PartnerStatus, string> = { prospect: 'Prospect', active: 'Active', inactive: 'Inactive' };
const more = (n: number) => `…and ${n} more`;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(truncate(text, 75)), value });

function textInput(
  blockId: string,
  actionId: string,
  label: string,
  max: number,
  opts: { initial?: string; optional?: boolean; multiline?: boolean; placeholder?: string } = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? true,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      max_length: max,
      ...(opts.multiline ? { multiline: true } : {}),
      ...(opts.initial ? { initial_value: opts.initial.slice(0, max) } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
    },
  };
}

/** The four inputs of one contact slot. */
function contactBlocks(index: number, contact: ContactInput | undefined, heading: boolean): KnownBlock[] {
  return [
    ...(heading ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `*Contact ${index + 1}*` }] } as KnownBlock] : []),
    textInput(contactBlockId(index, 'name'), PARTNER_ACTION.contactName, 'Contact name', PARTNER_LIMITS.contactName, {
      initial: contact?.name,
    }),
    textInput(contactBlockId(index, 'title'), PARTNER_ACTION.contactTitle, 'Title', PARTNER_LIMITS.contactTitle, {
      initial: contact?.title,
    }),
    textInput(contactBlockId(index, 'email'), PARTNER_ACTION.contactEmail, 'Email', PARTNER_LIMITS.contactEmail, {
      initial: contact?.email,
      placeholder: 'jane@example.com',
    }),
    {
      type: 'input',
      block_id: contactBlockId(index, 'user'),
      optional: true,
      label: plain('In Slack'),
      hint: plain('Pick them if they are in Slack (also from a shared channel): they can then record their organisation’s commitments.'),
      element: {
        type: 'users_select',
        action_id: PARTNER_ACTION.contactUser,
        placeholder: plain('Their Slack user'),
        ...(contact?.slackUserId ? { initial_user: contact.slackUserId } : {}),
      },
    },
  ];
}

export interface PartnerFormData {
  commissions: ReadonlyArray<{ key: string; name: string }>;
  /** Editing this partner; adding a new one when absent. */
  partner?: PartnerRecord;
  /** The owner proposed for a new partner (the IEC adding it). */
  defaultOwnerId?: string;
  meta: PartnerFormMeta;
}

/** The partner form: name, commissions, status, owner, notes and `meta.slots` contacts. */
export function partnerFormView(data: PartnerFormData): View {
  const p = data.partner;
  const commissionOptions = data.commissions.slice(0, 100).map((c) => option(c.name, c.key));
  const selected = commissionOptions.filter((o) => p?.commissions.includes(o.value ?? ''));
  const blocks: KnownBlock[] = [
    textInput(PARTNER_BLOCK.name, PARTNER_ACTION.name, 'Organisation', PARTNER_LIMITS.name, {
      initial: p?.name,
      optional: false,
      placeholder: 'e.g. Con Edison',
    }),
    commissionOptions.length > 0
      ? {
          type: 'input',
          block_id: PARTNER_BLOCK.commissions,
          optional: true,
          label: plain('Commissions'),
          element: {
            type: 'multi_static_select',
            action_id: PARTNER_ACTION.commissions,
            placeholder: plain('Sectors this partner works with'),
            options: commissionOptions,
            ...(selected.length > 0 ? { initial_options: selected } : {}),
          },
        }
      : {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'No commissions exist yet (an administrator creates them with `npm run seed`).' }],
        },
    {
      type: 'input',
      block_id: PARTNER_BLOCK.status,
      label: plain('Status'),
      element: {
        type: 'static_select',
        action_id: PARTNER_ACTION.status,
        options: PARTNER_STATUSES.map((s) => option(STATUS_LABELS[s], s)),
        initial_option: option(STATUS_LABELS[p?.status ?? 'prospect'], p?.status ?? 'prospect'),
      },
    },
    {
      type: 'input',
      block_id: PARTNER_BLOCK.kind,
      label: plain('Kind of organisation'),
      hint: plain('Only industry partners count as industry evidence for a program of study.'),
      element: {
        type: 'static_select',
        action_id: PARTNER_ACTION.kind,
        options: PARTNER_KINDS.map((k) => option(PARTNER_KIND_LABELS[k], k)),
        initial_option: option(PARTNER_KIND_LABELS[p?.kind ?? 'industry'], p?.kind ?? 'industry'),
      },
    },
    {
      type: 'input',
      block_id: PARTNER_BLOCK.owner,
      optional: true,
      label: plain('Owner (IEC)'),
      element: {
        type: 'users_select',
        action_id: PARTNER_ACTION.owner,
        placeholder: plain('Who owns the relationship'),
        ...((p ? p.ownerId : data.defaultOwnerId) ? { initial_user: (p ? p.ownerId : data.defaultOwnerId) as string } : {}),
      },
    },
    textInput(PARTNER_BLOCK.notes, PARTNER_ACTION.notes, 'Notes', PARTNER_LIMITS.notes, { initial: p?.notes, multiline: true }),
    { type: 'divider' },
  ];
  for (let i = 0; i < data.meta.slots; i += 1) blocks.push(...contactBlocks(i, p?.contacts[i], true));
  return {
    type: 'modal',
    callback_id: PARTNER_FORM_CALLBACK,
    private_metadata: JSON.stringify(data.meta),
    title: plain(p ? 'Edit partner' : 'Add partner'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}

/** The "add a contact" form for one partner. */
export function contactFormView(partner: Pick<PartnerRecord, 'id' | 'name'>): View {
  return {
    type: 'modal',
    callback_id: PARTNER_CONTACT_CALLBACK,
    private_metadata: JSON.stringify({ partnerId: partner.id, slots: 1 } satisfies PartnerFormMeta),
    title: plain('Add contact'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `New contact at *${escapeMrkdwn(truncate(partner.name, 200))}*` } },
      ...contactBlocks(0, undefined, false),
    ],
  };
}

/** What replaces the form once it is saved. */
export function partnerSavedView(partner: PartnerRecord, verb: 'added' | 'updated'): View {
  const contacts = partner.contacts.length;
  return {
    type: 'modal',
    callback_id: PARTNER_SAVED_CALLBACK,
    title: plain(verb === 'added' ? 'Partner added' : 'Partner saved'),
    close: plain('Done'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: *${escapeMrkdwn(truncate(partner.name, 200))}* ${verb === 'added' ? 'was added' : 'was saved'} (${STATUS_LABELS[partner.status]}, ${plural(contacts, 'contact')}).`,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Details: \`/iec partner show ${escapeMrkdwn(truncate(partner.name, 100))}\` · record a pledge: \`/commit\``,
          },
        ],
      },
    ],
  };
}

/** Partners shown per page of `/iec partner list` (a message allows 50 blocks; one section holds many lines). */
export const PARTNER_PAGE_SIZE = 25;

/** What a page of `/iec partner list` shows besides its partners. */
export interface PartnerListContext {
  /** The listed commission, when one was named. */
  commission?: { key: string; name: string };
  /** What people call each commission (a key not in it is shown as it is). */
  names: ReadonlyMap<string, string>;
  /** Owners whose Slack account is deactivated (flagged: an administrator's list). */
  deactivatedOwners?: ReadonlySet<string>;
}

/** One page of `/iec partner list`, with "Show more" while there are more. */
export function partnerListBlocks(page: PartnerPage, { commission, names, deactivatedOwners }: PartnerListContext): KnownBlock[] {
  const title = commission ? `Partners — ${commission.name}` : 'Partners';
  if (page.total === 0) {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: commission
            ? `No partners in *${escapeMrkdwn(commission.name)}* yet. Add one with \`/iec partner add\`.`
            : 'No partners yet. Add one with `/iec partner add`.',
        },
      },
    ];
  }
  const lines = page.items.map((p) => {
    const commissions = p.commissions.slice(0, 8).map((k) => escapeMrkdwn(names.get(k) ?? k));
    const gone = p.ownerId && deactivatedOwners?.has(p.ownerId) ? ' (:warning: Slack account deactivated: `/iec reassign`)' : '';
    return `• *${escapeMrkdwn(truncate(p.name, 100))}* — ${STATUS_LABELS[p.status]}${commissions.length > 0 ? ` · ${commissions.join(', ')}` : ''}${p.ownerId ? ` · owner <@${p.ownerId}>${gone}` : ''} · ${plural(p.contacts, 'contact')}`;
  });
  const shownTo = page.offset + page.items.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(title, 150)) },
    ...lineSections(lines, 40, more),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${page.offset + 1}–${shownTo} of ${page.total} · details: \`/iec partner show <name>\`` }],
    },
  ];
  if (shownTo < page.total) {
    const next: ListMore = { o: shownTo, ...(commission ? { c: commission.key } : {}) };
    blocks.push(
      showMoreBlock(PARTNER_LIST_MORE_BLOCK, PARTNER_ACTION.listMore, JSON.stringify(next), `Show more (${page.total - shownTo} left)`),
    );
  }
  return blocks;
}

/** "Open <partner>": shows the partner's card (`/iec partner show`) where it is pressed. */
export function partnerCardButton(partner: { id: string; name: string }) {
  return { type: 'button' as const, action_id: PARTNER_ACTION.open, text: plain(truncate(`Open ${partner.name}`, 75)), value: partner.id };
}

/** `/iec partner show`: details, contacts, totals by type and status, and the latest commitments. */
export function partnerDetailBlocks(
  detail: PartnerDetail,
  timeZone: string,
  commissionNames: ReadonlyMap<string, string> = new Map(),
): KnownBlock[] {
  const p = detail.partner;
  const contacts =
    p.contacts.length > 0
      ? fitLines(
          p.contacts.map(
            (c) =>
              `• ${escapeMrkdwn(c.name)}${c.title ? `, ${escapeMrkdwn(c.title)}` : ''}${c.email ? ` · ${escapeMrkdwn(c.email)}` : ''}${c.slackUserId ? ` · <@${c.slackUserId}>` : ''}`,
          ),
          more,
        )
      : '_No contacts yet._';
  const totals =
    detail.totalsByType.length > 0
      ? fitLines(
          detail.totalsByType.map(
            (t) =>
              `• *${COMMITMENT_TYPE_INFO[t.type]?.label ?? t.type}*: ${formatQuantity(t.type, t.pledged)} pledged · ${formatAmount(t.type, t.fulfilled)} fulfilled (${plural(t.commitments, 'commitment')})`,
          ),
          more,
        )
      : '_No commitments yet._';
  const statuses = detail.countsByStatus.map((s) => `${COMMITMENT_STATUS_LABELS[s.status] ?? s.status}: ${s.count}`).join(' · ');
  const commitmentLines = detail.commitments.map(
    (c) =>
      `• ${COMMITMENT_TYPE_INFO[c.type]?.label ?? c.type} — ${formatQuantity(c.type, c.quantity, c.unit)} · ${escapeMrkdwn(commissionNames.get(c.commissionKey) ?? c.commissionKey)} · ${COMMITMENT_STATUS_LABELS[c.status]}${
        c.status === 'partially_fulfilled' ? ` (${formatAmount(c.type, c.fulfilledQuantity)} done)` : ''
      } · ${slackDate(c.startDate, timeZone)}${c.endDate && c.endDate !== c.startDate ? `–${slackDate(c.endDate, timeZone)}` : ''}`,
  );
  const hidden = detail.commitmentCount - detail.commitments.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(p.name, 150)) },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${STATUS_LABELS[p.status]}` },
        { type: 'mrkdwn', text: `*Kind*\n${PARTNER_KIND_LABELS[p.kind ?? 'industry']}` },
        { type: 'mrkdwn', text: `*Owner*\n${p.ownerId ? `<@${p.ownerId}>` : '_none_'}` },
        {
          type: 'mrkdwn',
          text: `*Commissions*\n${
            p.commissions.length > 0
              ? escapeMrkdwn(truncate(p.commissions.map((k) => commissionNames.get(k) ?? k).join(', '), 1900))
              : '_none_'
          }`,
        },
      ],
    },
  ];
  if (p.notes) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Notes*\n${escapeMrkdwn(truncate(p.notes, 2800))}` } });
  blocks.push(
    { type: 'section', text: { type: 'mrkdwn', text: `*Contacts*\n${contacts}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Totals by type*\n${totals}${statuses ? `\n*By status* ${statuses}` : ''}` } },
  );
  if (commitmentLines.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Latest commitments*\n${fitLines(commitmentLines, more)}${hidden > 0 ? `\n…and ${hidden} more — \`/iec commitments ${escapeMrkdwn(truncate(p.name, 80))}\`` : ''}`,
      },
    });
  }
  return blocks;
}

/** The buttons under a partner card: History, then what the caller adds (Archive, for those who may). */
export function partnerCardActions(partnerId: string, more: readonly Button[] = []): KnownBlock {
  return { type: 'actions', block_id: PARTNER_CARD_BLOCK, elements: [historyButton(PARTNER_ACTION.history, partnerId), ...more] };
}

/** A contact in a history entry: its name, and its email or Slack account. */
function contactText(c: unknown): string {
  if (!c || typeof c !== 'object') return escapeMrkdwn(truncate(String(c), 60));
  const { name, email, slackUserId } = c as { name?: unknown; email?: unknown; slackUserId?: unknown };
  const reach =
    typeof email === 'string'
      ? ` (${escapeMrkdwn(truncate(email, 60))})`
      : userMention(slackUserId)
        ? ` (${userMention(slackUserId)})`
        : '';
  return `${escapeMrkdwn(truncate(String(name ?? 'a contact'), 60))}${reach}`;
}

/** How a partner's history names its fields and shows their values. */
export const PARTNER_HISTORY_VOCABULARY: HistoryVocabulary = {
  labels: {
    name: 'name',
    commissions: 'commissions',
    status: 'status',
    kind: 'kind',
    ownerId: 'owner',
    notes: 'notes',
    contacts: 'contacts',
    archivedAt: 'archived',
    archivedBy: 'archived by',
    // the entry's action and source say which partner ("merged into (Con Edison)")
    mergedInto: null,
    mergedFrom: null,
  },
  value: (field, v) => {
    if (v === null || v === undefined) return undefined;
    if (field === 'status') return STATUS_LABELS[v as PartnerStatus] ?? escapeMrkdwn(truncate(String(v), 40));
    if (field === 'kind') return PARTNER_KIND_LABELS[v as keyof typeof PARTNER_KIND_LABELS] ?? escapeMrkdwn(truncate(String(v), 40));
    if (field === 'ownerId' || field === 'archivedBy') return userMention(v);
    if (field === 'contacts' && Array.isArray(v)) {
      if (v.length === 0) return '—';
      const shown = v.slice(0, 5).map(contactText).join(', ');
      return v.length > 5 ? `${shown} and ${v.length - 5} more` : shown;
    }
    return undefined;
  },
};

/** A partner's History: its name, then a page of its changes with Newer / Older changes. */
export function partnerHistoryView(partner: { id: string; name: string }, page: HistoryPage, zone: string): ModalView {
  return historyModal({
    callbackId: PARTNER_HISTORY_CALLBACK,
    subject: `*${escapeMrkdwn(truncate(partner.name, 200))}*`,
    page,
    zone,
    vocabulary: PARTNER_HISTORY_VOCABULARY,
    more: {
      blockId: PARTNER_HISTORY_BLOCK,
      older: PARTNER_ACTION.historyOlder,
      newer: PARTNER_ACTION.historyNewer,
      value: (offset) => `${partner.id}:${offset}`,
    },
  });
}

/** On an administrator's partner card: its owner's Slack account is deactivated, and how to hand the work over. */
export function deactivatedOwnerBlock(ownerId: string): KnownBlock {
  return {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `:warning: The owner <@${ownerId}>'s Slack account is deactivated: hand their work over with \`/iec reassign <@${ownerId}> @someone\`.`,
      },
    ],
  };
}
