import type { Button, KnownBlock, View } from '@slack/types';
import { ACTION as COMMITMENT_ACTION } from '../commitments';
import { commitmentLine, commitmentUndoButton } from '../commitments';
import { listSection, moreLine } from '../digest';
import { homeProgramsBlocks } from '../programs';
import { attendanceLine } from '../meetings';
import { slackDate, slackDateTime } from '../slack/dates';
import { escapeMrkdwn, personMention, truncate } from '../slack/text';
import { HOME_ACTION, HOME_BLOCK } from './ids';
import type { HomeCommission, HomeData, HomeOrganisation, HomeRequest } from './service';
import { formatAmount, formatNumber, formatQuantity, plural, unitLabel } from '../slack/format';
import { acceptsFulfilment, COMMITMENT_TYPE_INFO, type CommitmentType } from '../domain/commitments';

/**
 * The App Home, one pure function per role. A Home tab holds at most 100 blocks: every section has a fixed
 * number of blocks, long lists end with "and N more — `/iec …`", and commissions beyond those that fit are
 * counted with the command that shows them.
 */

export const HOME_MAX_BLOCKS = 100;
/** Deliverables shown with a button, per commission. */
export const HOME_DELIVERABLES_SHOWN = 4;
const SECTION_MAX = 3000;
const HEADER_MAX = 150;
const NAME_MAX = 80;

type HomeView = View & { type: 'home' };

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function section(text: string, accessory?: Button): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) }, ...(accessory ? { accessory } : {}) };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: plain(truncate(text, HEADER_MAX)) };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SECTION_MAX) }] };
}

function button(actionId: string, text: string, value?: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: plain(text), ...(value ? { value } : {}), ...(style ? { style } : {}) };
}

const name = (text: string) => escapeMrkdwn(truncate(text, NAME_MAX));
const num = formatNumber;

export function homeView(data: HomeData): HomeView {
  switch (data.role) {
    case 'iec':
      return { type: 'home', blocks: iecBlocks(data) };
    case 'partner':
      return { type: 'home', blocks: partnerBlocks(data) };
    case 'guest':
      return { type: 'home', blocks: guestBlocks() };
  }
}

// ---- IECs and administrators -----------------------------------------------------------------------

function commonActions(): KnownBlock {
  return {
    type: 'actions',
    block_id: HOME_BLOCK.commonActions,
    elements: [
      button(HOME_ACTION.recordCommitment, 'Record a commitment', undefined, 'primary'),
      button(HOME_ACTION.addPartner, 'Add a partner'),
      button(HOME_ACTION.scheduleMeeting, 'Schedule a meeting'),
      button(HOME_ACTION.addDeliverable, 'Add a deliverable'),
    ],
  };
}

function totalLine(t: HomeCommission['totals'][number]): string {
  const info = COMMITMENT_TYPE_INFO[t.type as CommitmentType];
  const target = t.target !== undefined ? ` of a target of ${formatAmount(t.type, t.target)}` : '';
  return `*${info.label}*: ${formatAmount(t.type, t.pledged)} pledged${target}, ${formatAmount(t.type, t.fulfilled)} fulfilled (${unitLabel(t.type)})`;
}

function deliverableBlock(
  d: HomeCommission['overdue']['items'][number],
  c: HomeCommission,
  overdue: boolean,
  deactivatedOwners: ReadonlySet<string>,
): KnownBlock {
  const due = overdue ? `:warning: overdue since ${slackDate(d.dueDate, c.zone)}` : `due ${slackDate(d.dueDate, c.zone)}`;
  const owner = personMention(d.ownerId);
  const flag = deactivatedOwners.has(d.ownerId)
    ? `\n:warning: ${owner}'s Slack account is deactivated: \`/iec reassign ${owner} @someone\` hands their work over`
    : '';
  return section(`*${name(d.title)}* — ${due} · ${owner}${flag}`, button(HOME_ACTION.deliverableDone, 'Mark done', d.id));
}

/** The blocks of one commission: at most 12. Deliverables of `deactivatedOwners` are flagged (an administrator's Home). */
export function commissionBlocks(c: HomeCommission, deactivatedOwners: ReadonlySet<string> = new Set()): KnownBlock[] {
  const blocks: KnownBlock[] = [header(`${truncate(c.name, 100)} (${c.key})`)];
  blocks.push(
    listSection(
      '*This school year, against targets*',
      c.totals.map(totalLine),
      c.totals.length,
      `/iec report ${c.key}`,
      '_Nothing pledged yet this school year._',
    ),
  );

  const open = c.overdue.total + c.upcoming.total;
  const shown = [...c.overdue.items.map((d) => ({ d, overdue: true })), ...c.upcoming.items.map((d) => ({ d, overdue: false }))].slice(
    0,
    HOME_DELIVERABLES_SHOWN,
  );
  blocks.push(
    section(`*Open deliverables*: ${open === 0 ? '_none_' : `${num(c.overdue.total)} overdue, ${num(c.upcoming.total)} coming up`}`),
  );
  for (const { d, overdue } of shown) blocks.push(deliverableBlock(d, c, overdue, deactivatedOwners));
  if (open > shown.length) blocks.push(context(moreLine(open - shown.length, `/iec deliverables ${c.key}`)));

  blocks.push(
    listSection(
      '*Next meetings*',
      c.meetings.items.map((m) => `• ${slackDateTime(m.startsAt, c.zone)} — ${name(m.title)}`),
      c.meetings.total,
      `/iec meetings ${c.key}`,
      '_None in the next two weeks._',
    ),
  );

  if (c.attendance && c.attendance.total > 0) {
    blocks.push(
      listSection(
        '*Recent meetings and attendance*',
        c.attendance.items.map((x) => attendanceLine(x, c.zone)),
        c.attendance.total,
        `/iec attendance ${c.key}`,
        '',
      ),
    );
  }

  const attention = [
    ...c.pastDue.items.map(
      (p) =>
        `• *${name(p.partnerName)}*: ${formatQuantity(p.type, p.quantity, p.unit)} (${COMMITMENT_TYPE_INFO[p.type as CommitmentType]?.label ?? p.type}) were due ${slackDate(p.date, c.zone)}; no answer yet`,
    ),
    ...c.quietPartners.items.map(
      (p) =>
        `• *${name(p.name)}*: nothing recorded ${p.lastActivityAt ? `since ${slackDate(p.lastActivityAt.toISOString().slice(0, 10), c.zone)}` : 'yet'}`,
    ),
  ];
  const attentionTotal = c.pastDue.total + c.quietPartners.total;
  blocks.push(
    listSection(
      '*Partners that need attention*',
      attention,
      attentionTotal,
      `/iec commitments ${c.key} open`,
      '_None: every pledge has an answer and every partner was heard from in the last 60 days._',
    ),
  );
  blocks.push({ type: 'divider' });
  return blocks;
}

function iecBlocks(data: Extract<HomeData, { role: 'iec' }>): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header('iec-bot — your dashboard'),
    context(`School year ${data.schoolYear} · updated ${slackDateTime(data.now, data.timeZone)} · \`/iec help\` lists every command`),
    commonActions(),
    { type: 'divider' },
    ...homeProgramsBlocks(data.programs ?? []),
  ];
  if (data.commissions.length === 0) {
    blocks.push(
      section(
        data.isAdmin
          ? 'There are no active commissions yet. Add them with `npm run seed`, then set leads with `/iec commission lead`.'
          : 'You lead no active commission right now.',
      ),
    );
    return blocks;
  }
  let shown = 0;
  const deactivated = new Set(data.deactivatedOwners ?? []);
  // keep room for the closing "and N more commissions" line
  for (const c of data.commissions) {
    const part = commissionBlocks(c, deactivated);
    if (blocks.length + part.length > HOME_MAX_BLOCKS - 1) break;
    blocks.push(...part);
    shown += 1;
  }
  const left = data.totalCommissions - shown;
  if (left > 0)
    blocks.push(section(`_and ${plural(left, 'more commission')} — \`/iec commission list\`, then \`/iec report <commission>\`_`));
  return blocks;
}

// ---- partner contacts ------------------------------------------------------------------------------

function requestBlock(r: HomeRequest, zone: string): KnownBlock {
  const commission = r.commissionName ? ` for *${name(r.commissionName)}*` : '';
  return section(
    `<@${r.requestedBy}> asked ${slackDateTime(r.requestedAt, zone)} what *${name(r.partnerName)}* commits${commission}.`,
    button(COMMITMENT_ACTION.openRequest, 'Record it', r.id, 'primary'),
  );
}

function commitmentBlocks(c: HomeOrganisation['commitments'][number], zone: string): KnownBlock[] {
  const id = String(c._id);
  const status = c.status ?? 'pledged';
  const buttons: Button[] = [];
  // the viewer's own change of a moment ago (e.g. its Confirm here): Undo, as on its DM confirmation
  if (c.undoRevision !== undefined) buttons.push(commitmentUndoButton(id, c.undoRevision));
  if (status === 'pledged') buttons.push(button(HOME_ACTION.confirmCommitment, 'Confirm', id, 'primary'));
  if (acceptsFulfilment(status)) buttons.push(button(COMMITMENT_ACTION.fulfil, 'Record fulfilment', id));
  buttons.push(button(COMMITMENT_ACTION.edit, 'Edit', id));
  buttons.push(button(COMMITMENT_ACTION.history, 'History', id));
  return [section(commitmentLine(c, zone)), { type: 'actions', elements: buttons }];
}

function partnerBlocks(data: Extract<HomeData, { role: 'partner' }>): KnownBlock[] {
  const names = data.organisations.map((o) => name(o.name)).join(', ');
  const blocks: KnownBlock[] = [
    header('iec-bot — thank you for supporting our CTE students'),
    section(
      `Here is what *${names}* committed to our career and technical education schools: mentoring, internships, guest speaking, scholarships and more. Confirm a pledge, record what was delivered, or record something new.`,
    ),
    {
      type: 'actions',
      block_id: HOME_BLOCK.commonActions,
      elements: [button(HOME_ACTION.recordCommitment, 'Record a new commitment', undefined, 'primary')],
    },
  ];
  if (data.requests.total > 0) {
    blocks.push(section(`*Open requests from our coordinators* (${num(data.requests.total)})`));
    for (const r of data.requests.items) blocks.push(requestBlock(r, data.timeZone));
    if (data.requests.total > data.requests.items.length)
      blocks.push(context(moreLine(data.requests.total - data.requests.items.length, '/commit')));
  }
  for (const org of data.organisations) {
    blocks.push({ type: 'divider' }, section(`*${name(org.name)}* — ${plural(org.total, 'commitment')}`));
    if (org.total === 0) blocks.push(section('_Nothing recorded yet. Press *Record a new commitment* above._'));
    for (const c of org.commitments) blocks.push(...commitmentBlocks(c, data.timeZone));
    if (org.total > org.commitments.length)
      blocks.push(context(moreLine(org.total - org.commitments.length, `/iec commitments ${escapeMrkdwn(truncate(org.name, 60))}`)));
  }
  const hidden = data.totalOrganisations - data.organisations.length;
  if (hidden > 0) blocks.push(context(`_and ${plural(hidden, 'more organisation')} — \`/iec partner show <name>\`_`));
  return blocks.slice(0, HOME_MAX_BLOCKS);
}

// ---- everyone else ---------------------------------------------------------------------------------

function guestBlocks(): KnownBlock[] {
  return [
    header('iec-bot'),
    section(
      "iec-bot helps the district's *Industry Engagement Coordinators* (IECs) work with employer partners: it records what partners commit to our career and technical education schools (mentoring, internships, guest speakers, scholarships, teacher externships…), follows up on them, keeps each industry commission's deliverables and meetings on track, and reports progress against targets.",
    ),
    section(
      '*How to get access*\n• *IECs*: ask an iec-bot administrator to make you a lead of your commission (`/iec commission lead`).\n• *Employer partners*: ask your IEC to add you as a contact of your organisation (with your Slack account); you can then record and update your organisation’s commitments here.',
    ),
    context('`/iec help` lists what you can do.'),
  ];
}
