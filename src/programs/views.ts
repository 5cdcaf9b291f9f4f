import type { KnownBlock, View } from '@slack/types';
import { COMMITMENT_TYPE_INFO } from '../commitments';
import type { OutgoingMessage } from '../scheduler';
import { slackDate } from '../slack/dates';
import type { Origin } from '../slack/forms';
import { lineSections } from '../slack/lists';
import { escapeMrkdwn, escapeWithin, truncate } from '../slack/text';
import type { AssessedProgram } from './evidence';
import { PROGRAM_ACTIONS_BLOCK, ProgramActions, ProgramBlocks, ProgramCallbacks } from './ids';
import { PROGRAM_STAGES, type ProgramStage } from './model';
import { AT_RISK_DAYS, RENEWAL_AT_RISK_DAYS, type Readiness } from './readiness';
import { PROGRAM_NAME_MAX, programLabel, STAGE_LABELS, type ProgramRecord } from './service';

/** Block Kit of the programs feature: pure functions of their data, inside Slack's limits at any size. */

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 75), emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });
const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, 150), emoji: true } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [mrkdwn(text)] });

/** Programs listed one line each on the leads' Home. */
export const HOME_PROGRAMS_SHOWN = 10;

export interface ProgramFormData {
  commissions: ReadonlyArray<{ key: string; name: string }>;
  program?: ProgramRecord;
  /** Preselected commission (the channel's) when adding. */
  commissionKey?: string;
  /** Under the commission select: why it is preselected (the channel's commission). */
  commissionHint?: string;
  today: string;
  /** Where the form is opened from: the saved program is confirmed there. */
  origin?: Origin;
}

export interface ProgramFormMetadata {
  programId?: string;
  revision?: number;
  /** Where the form was opened (the command's or the Change button's response_url). */
  o?: Origin;
}

function datepicker(blockId: string, label: string, hint: string, initial?: string | null): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    hint: plain(hint),
    element: { type: 'datepicker', action_id: blockId, ...(initial ? { initial_date: initial } : {}) },
  };
}

/** The most characters of the "contacts outside Slack" field: 10 contacts of a name and an email. */
export const EMAIL_CONTACTS_MAX = 2_000;

/** A program's contacts outside Slack as the form shows them: `Name <email>`, one per line. */
function emailContactLines(p: ProgramRecord | undefined): string {
  const lines = (p?.contacts ?? [])
    .filter((c) => !c.slackUserId && (c.name || c.email))
    .map((c) => (c.email ? `${c.name} <${c.email}>`.trim() : c.name));
  return truncate(lines.join('\n'), EMAIL_CONTACTS_MAX);
}

/** The form that adds a program of study or changes one. */
export function programModal(data: ProgramFormData): View {
  const p = data.program;
  const commissionOptions = data.commissions.slice(0, 100).map((c) => ({ text: plain(c.name), value: c.key }));
  const chosenCommission = commissionOptions.find((o) => o.value === (p?.commissionKey ?? data.commissionKey));
  const stageOptions = PROGRAM_STAGES.map((s) => ({ text: plain(STAGE_LABELS[s]), value: s }));
  const chosenStage = stageOptions.find((o) => o.value === (p?.stage ?? 'development'));
  const metadata: ProgramFormMetadata = {
    ...(p ? { programId: String(p._id), revision: p.revision ?? 0 } : {}),
    ...(data.origin ? { o: data.origin } : {}),
  };
  const blocks: KnownBlock[] = [
    p
      ? section(`*School:* ${escapeMrkdwn(p.schoolName)}${p.schoolCode ? ` (${escapeMrkdwn(p.schoolCode)})` : ''}`)
      : {
          type: 'input',
          block_id: ProgramBlocks.school,
          label: plain('School'),
          hint: plain('Its name or district code, e.g. 17K600.'),
          element: { type: 'plain_text_input', action_id: ProgramBlocks.school, max_length: 150 },
        },
    {
      type: 'input',
      block_id: ProgramBlocks.name,
      label: plain('Program of study'),
      element: {
        type: 'plain_text_input',
        action_id: ProgramBlocks.name,
        max_length: PROGRAM_NAME_MAX,
        placeholder: plain('e.g. Automotive Technology'),
        ...(p ? { initial_value: truncate(p.name, PROGRAM_NAME_MAX) } : {}),
      },
    },
    {
      type: 'input',
      block_id: ProgramBlocks.commission,
      label: plain('Commission (its advisory board)'),
      // a hint may be longer than a label (plain() cuts to a label's 75 characters)
      ...(data.commissionHint && !p ? { hint: { type: 'plain_text' as const, text: truncate(data.commissionHint, 150) } } : {}),
      element: {
        type: 'static_select',
        action_id: ProgramBlocks.commission,
        options: commissionOptions,
        ...(chosenCommission ? { initial_option: chosenCommission } : {}),
      },
    },
    {
      type: 'input',
      block_id: ProgramBlocks.stage,
      label: plain('Approval stage'),
      element: {
        type: 'static_select',
        action_id: ProgramBlocks.stage,
        options: stageOptions,
        ...(chosenStage ? { initial_option: chosenStage } : {}),
      },
    },
    datepicker(ProgramBlocks.reviewDate, 'External review date', 'When the stage is "External review scheduled".', p?.reviewDate),
    datepicker(ProgramBlocks.approvedDate, 'Approved on', 'When the stage is "Approved" (or lapsed).', p?.approvedDate),
    datepicker(ProgramBlocks.renewalDate, 'Renewal due', 'After the approval date.', p?.renewalDate),
    {
      type: 'input',
      block_id: ProgramBlocks.contacts,
      optional: true,
      label: plain('Program contacts (school staff)'),
      element: {
        type: 'multi_users_select',
        action_id: ProgramBlocks.contacts,
        max_selected_items: 10,
        ...(p?.contacts?.some((c) => c.slackUserId)
          ? { initial_users: p.contacts.flatMap((c) => (c.slackUserId ? [c.slackUserId] : [])).slice(0, 10) }
          : {}),
      },
    },
    {
      type: 'input',
      block_id: ProgramBlocks.emailContacts,
      optional: true,
      label: plain('Contacts outside Slack'),
      hint: plain('One per line: a name and an email, e.g. Ana Ruiz <aruiz@schools.nyc.gov>.'),
      element: {
        type: 'plain_text_input',
        action_id: ProgramBlocks.emailContacts,
        multiline: true,
        max_length: EMAIL_CONTACTS_MAX,
        ...(emailContactLines(p) ? { initial_value: emailContactLines(p) } : {}),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: ProgramCallbacks.save,
    private_metadata: JSON.stringify(metadata),
    title: plain(p ? 'Change program' : 'Add a program'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}

/** The modal shown in place of the form once saved. */
/** What a saved program's modal and confirmation say. */
export function programSavedText(program: ProgramRecord, commissionName: string, zone: string, verb: 'added' | 'changed'): string {
  return `:white_check_mark: *${escapeMrkdwn(truncate(programLabel(program), 400))}* (${escapeWithin(commissionName, 100)}) is ${verb}: ${stageText(program, zone)}.\n\`${showCommand(program)}\` shows its readiness.`;
}

export function programSavedModal(program: ProgramRecord, commissionName: string, zone: string, verb: 'added' | 'changed'): View {
  return {
    type: 'modal',
    title: plain(verb === 'added' ? 'Program added' : 'Program changed'),
    close: plain('Done'),
    blocks: [section(programSavedText(program, commissionName, zone, verb))],
  };
}

const quoted = (text: string) => (/\s/.test(text) ? `"${text.replace(/"/g, '')}"` : text);
/** The command that shows a program: `/iec program show 17K600 Automotive Technology`. */
export const showCommand = (p: Pick<ProgramRecord, 'schoolCode' | 'schoolName' | 'name'>): string =>
  truncate(`/iec program show ${quoted(p.schoolCode || p.schoolName)} ${p.name}`, 250);

/**
 * The stage as people read it, e.g. "approved Jun 1, 2025, renewal due Jun 1, 2030". With `zone` the dates are Slack
 * dates (for mrkdwn; the text needs no escaping); without it, `YYYY-MM-DD` (plain text, CSV).
 */
export function stageText(p: Pick<ProgramRecord, 'stage' | 'reviewDate' | 'approvedDate' | 'renewalDate'>, zone?: string): string {
  const label = STAGE_LABELS[p.stage as ProgramStage] ?? p.stage;
  const date = (d: string) => (zone ? slackDate(d, zone) : d);
  if (p.stage === 'review_scheduled' && p.reviewDate) return `${label.toLowerCase()} for ${date(p.reviewDate)}`;
  if (p.stage === 'approved' && p.approvedDate)
    return `approved ${date(p.approvedDate)}${p.renewalDate ? `, renewal due ${date(p.renewalDate)}` : ''}`;
  if (p.stage === 'lapsed' && p.renewalDate) return `lapsed (renewal was due ${date(p.renewalDate)})`;
  return label.toLowerCase();
}

/** What "at risk" means, for the lists' captions. */
const AT_RISK_RULE = `a gap with the external review within ${AT_RISK_DAYS} days or the renewal within ${RENEWAL_AT_RISK_DAYS}, or a renewal past due`;

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function reviewWhen(r: Readiness): string {
  if (r.renewal === 'lapsed' && (r.renewalInDays === undefined || r.renewalInDays >= 0)) return ' · approval lapsed';
  if (r.renewalInDays !== undefined) {
    if (r.renewal === 'lapsed')
      return ` · approval lapsed: its renewal was due ${days(-r.renewalInDays)} ago${r.gaps.length ? ' and the evidence has gaps' : ''}`;
    if (r.renewal === 'overdue') return ` · renewal was due ${days(-r.renewalInDays)} ago: schedule its self-study and review`;
    if (r.renewalInDays <= RENEWAL_AT_RISK_DAYS)
      return r.renewalInDays === 0 ? ' · renewal due today' : ` · renewal in ${days(r.renewalInDays)}`;
    return '';
  }
  if (r.reviewInDays === undefined) return '';
  if (r.reviewInDays < 0) return ` · review date passed ${-r.reviewInDays} days ago: update its stage`;
  if (r.reviewInDays === 0) return ' · review today';
  return ` · review in ${r.reviewInDays} day${r.reviewInDays === 1 ? '' : 's'}`;
}

/** One line of a list: no partner names (fit for any channel). */
export function programLine(a: AssessedProgram): string {
  const r = a.readiness;
  const mark = r.atRisk ? ':warning:' : r.gaps.length === 0 ? ':white_check_mark:' : ':small_orange_diamond:';
  const gaps = r.gaps.length === 0 ? 'ready' : `${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}: ${r.gaps.join('; ')}`;
  return truncate(
    `${mark} *${escapeMrkdwn(truncate(a.program.name, 80))}* — ${escapeMrkdwn(truncate(a.program.schoolName, 80))} · ${stageText(a.program, a.zone)}${reviewWhen(r)}\n      ${escapeMrkdwn(gaps)}`,
    900,
  );
}

/** `/iec programs [commission] [at-risk]`: one line per program, at risk first, within a message's 50 blocks. */
export function programListMessage(data: {
  title: string;
  items: readonly AssessedProgram[];
  atRiskOnly: boolean;
  schoolYear: string;
}): OutgoingMessage {
  const { items } = data;
  const atRisk = items.filter((a) => a.readiness.atRisk).length;
  if (items.length === 0) {
    const say = (title: string) =>
      data.atRiskOnly
        ? `No program of ${title} is at risk: none has ${AT_RISK_RULE}.`
        : `${title} has no programs of study yet. Add one with \`/iec program add\`.`;
    return { text: say(data.title), blocks: [section(say(escapeMrkdwn(data.title)))] };
  }
  const text = `${items.length} program${items.length === 1 ? '' : 's'} of ${data.title} (${atRisk} at risk)`;
  return {
    text,
    blocks: [
      header(`Programs of study — ${data.title}`),
      context(
        `${data.schoolYear} · ${items.length} program${items.length === 1 ? '' : 's'}, ${atRisk} at risk (${AT_RISK_RULE}). \`/iec program show <school> <program>\` shows one.`,
      ),
      ...lineSections(
        items.map(programLine),
        45,
        (left) =>
          `…and ${left} more: name a commission, e.g. \`/iec programs healthcare\`, or \`/iec report programs\` for the whole list.`,
      ),
    ],
  };
}

const yesNo = (met: boolean) => (met ? ':white_check_mark:' : ':x:');

/** `/iec program show`: stage, readiness checks with the evidence (names: leads, administrators, members). */
export function programDetailMessage(a: AssessedProgram, options: { canManage: boolean; commissionName: string }): OutgoingMessage {
  const { program: p, readiness: r, evidence: e } = a;
  const blocks: KnownBlock[] = [
    header(programLabel(p)),
    {
      type: 'section',
      fields: [
        mrkdwn(`*Stage*\n${stageText(p, a.zone)}${reviewWhen(r)}`),
        mrkdwn(`*Commission*\n${escapeWithin(options.commissionName, 100)}`),
        mrkdwn(`*School*\n${escapeMrkdwn(p.schoolName)}${p.schoolCode ? ` (${escapeMrkdwn(p.schoolCode)})` : ''}`),
        mrkdwn(
          `*Contacts*\n${
            truncate(
              (p.contacts ?? [])
                .slice(0, 20)
                .map((c) =>
                  c.slackUserId ? `<@${c.slackUserId}>` : escapeMrkdwn(c.name && c.email ? `${c.name} (${c.email})` : c.name || c.email),
                )
                .join(', '),
              1_900,
            ) || '_none_'
          }`,
        ),
      ],
    },
    section(
      `*Readiness ${r.schoolYear}*${r.renewal === 'lapsed' ? ' — :warning: *approval lapsed*' : r.atRisk ? ' — :warning: *at risk*' : r.gaps.length === 0 ? ' — ready' : ''}\n${r.checks
        .map((c) => `${yesNo(c.met)} ${c.label}: ${escapeMrkdwn(c.detail)}`)
        .join('\n')}`,
    ),
  ];
  const meetings = e.meetings.map(
    (m) => `• ${escapeMrkdwn(truncate(m.title, 80))} (${slackDate(m.date, a.zone)}): ${escapeMrkdwn(truncate(m.staff.join(', '), 200))}`,
  );
  blocks.push(
    section(
      `*Formal meetings its school's staff attended*\n${meetings.length ? truncate(meetings.join('\n'), 2800) : '_none this school year_'}`,
    ),
  );
  const reviews = r.reviews.map(
    (v) =>
      `• ${COMMITMENT_TYPE_INFO[v.type].label}: ${escapeMrkdwn(truncate(v.partnerName, 80))} (${slackDate(v.date, a.zone)}, ${v.done ? 'done' : 'planned'})${v.industry ? '' : ' — not industry, not counted'}`,
  );
  blocks.push(section(`*Reviews*\n${reviews.length ? truncate(reviews.join('\n'), 2800) : '_none this school year_'}`));
  const panel = [
    ...r.panel.industry.map((x) => `${escapeMrkdwn(x.name)} (industry)`),
    ...r.panel.postsecondary.map((x) => `${escapeMrkdwn(x.name)} (postsecondary)`),
  ];
  if (r.panelNeeded || panel.length > 0)
    blocks.push(section(`*External review panel*\n${panel.length ? truncate(panel.join(', '), 2800) : '_nobody yet_'}`));
  if (r.gaps.length > 0) {
    blocks.push(
      context(
        `To fill a gap, ask a partner contact: \`/iec request @contact panelist ${escapeMrkdwn(quoted(p.schoolCode || p.schoolName))} ${escapeMrkdwn(truncate(p.name, 80))}\` (or \`curriculum\`, \`assessment\`, \`employability\`).`,
      ),
    );
  }
  if (options.canManage) {
    blocks.push({
      type: 'actions',
      block_id: PROGRAM_ACTIONS_BLOCK,
      elements: [{ type: 'button', action_id: ProgramActions.edit, text: plain('Change'), value: String(p._id) }],
    });
  }
  return { text: `${programLabel(p)}: ${r.gaps.length === 0 ? 'ready' : `${r.gaps.length} gaps`}`, blocks };
}

/** The leads' Home section: at most 10 programs, at risk first, then "and N more". */
export function homeProgramsBlocks(items: readonly AssessedProgram[]): KnownBlock[] {
  if (items.length === 0) return [];
  const atRisk = items.filter((a) => a.readiness.atRisk).length;
  const shown = items.slice(0, HOME_PROGRAMS_SHOWN).map(programLine);
  const more = items.length - shown.length;
  return [
    header('Programs of study'),
    context(`${items.length} program${items.length === 1 ? '' : 's'} of your commissions, ${atRisk} at risk`),
    ...lineSections(shown, 3, (left) => `…and ${left} more`),
    ...(more > 0 ? [context(`…and ${more} more: \`/iec programs\` lists them all.`)] : []),
    { type: 'divider' },
  ];
}

/** The weekly digest's section: at-risk programs, counts and gaps only (no partner or panelist names: any channel). */
export function digestProgramsBlocks(items: readonly AssessedProgram[]): KnownBlock[] {
  const atRisk = items.filter((a) => a.readiness.atRisk);
  if (atRisk.length === 0) return [];
  return [
    section(`*Programs at risk* (${AT_RISK_RULE}): ${atRisk.length}`),
    ...lineSections(atRisk.map(programLine), 3, (left) => `…and ${left} more — \`/iec programs at-risk\``),
  ];
}

/** The DM to a lead 30 or 14 days before an external review, naming the gaps. */
export function reviewReminderMessage(a: AssessedProgram, days: number): OutgoingMessage {
  const { program: p, readiness: r } = a;
  const label = escapeMrkdwn(truncate(programLabel(p), 300));
  const when = p.reviewDate ? slackDate(p.reviewDate, a.zone) : 'soon';
  const head = `:calendar: The external review of *${label}* is in ${days} days (${when}).`;
  const body =
    r.gaps.length === 0
      ? 'Its evidence is complete: every readiness check is met.'
      : `Still missing:\n${r.gaps.map((g) => `• ${escapeMrkdwn(g)}`).join('\n')}\nAsk a partner contact for a missing role: \`/iec request @contact panelist ${escapeMrkdwn(quoted(p.schoolCode || p.schoolName))} ${escapeMrkdwn(truncate(p.name, 80))}\`.`;
  return {
    text: truncate(`External review of ${programLabel(p)} in ${days} days: ${r.gaps.length === 0 ? 'ready' : r.gaps.join('; ')}`, 3000),
    blocks: [section(`${head}\n${body}`), context(`\`${showCommand(p)}\` shows the evidence.`)],
  };
}

/** The DM to a program's leads and contacts when iec-bot set its stage to lapsed (its renewal date passed). */
export function lapsedMessage(a: AssessedProgram): OutgoingMessage {
  const { program: p, readiness: r } = a;
  const label = escapeMrkdwn(truncate(programLabel(p), 300));
  const when = p.renewalDate ? slackDate(p.renewalDate, a.zone) : 'its renewal date';
  const head = `:warning: The State approval of *${label}* has lapsed: its renewal was due ${when} and no new approval was recorded, so its stage is now *Lapsed*. A renewed approval needs a new self-study and external review; a lead of the commission sets the stage (or a new renewal date, if it was renewed) with the *Change* button of \`${showCommand(p)}\`.`;
  const body =
    r.gaps.length === 0
      ? 'Its evidence this school year is complete.'
      : `Its evidence this school year still lacks:\n${r.gaps.map((g) => `• ${escapeMrkdwn(g)}`).join('\n')}`;
  return {
    text: truncate(`Approval of ${programLabel(p)} lapsed: its renewal was due ${p.renewalDate ?? 'before today'}`, 3000),
    blocks: [section(truncate(`${head}\n${body}`, 3000))],
  };
}

/** The DM to a lead 90 or 30 days before a program's approval is due for renewal. */
export function renewalReminderMessage(a: AssessedProgram, days: number): OutgoingMessage {
  const { program: p, readiness: r } = a;
  const label = escapeMrkdwn(truncate(programLabel(p), 300));
  const when = p.renewalDate ? slackDate(p.renewalDate, a.zone) : 'soon';
  const head = `:calendar: The State approval of *${label}* is due for renewal in ${days} days (${when}): renewal means a new self-study and external review. Once they are scheduled, set its stage with the *Change* button of \`${showCommand(p)}\`.`;
  const body =
    r.gaps.length === 0
      ? 'Its evidence this school year is complete.'
      : `Its evidence this school year still lacks:\n${r.gaps.map((g) => `• ${escapeMrkdwn(g)}`).join('\n')}`;
  return {
    text: truncate(`Approval of ${programLabel(p)} due for renewal in ${days} days${r.gaps.length ? `: ${r.gaps.join('; ')}` : ''}`, 3000),
    blocks: [section(truncate(`${head}\n${body}`, 3000))],
  };
}

/**
 * `/iec report programs [commission]`: the evidence per program in the shape a self-study or external-review packet
 * needs — formal meetings attended with dates, reviews with who and when, panel members — one section each.
 */
export function programReportMessage(data: { title: string; items: readonly AssessedProgram[]; schoolYear: string }): OutgoingMessage {
  const { items } = data;
  const atRisk = items.filter((a) => a.readiness.atRisk).length;
  const text = `Programs of study of ${data.title}, ${data.schoolYear}: ${items.length} programs, ${atRisk} at risk`;
  if (items.length === 0)
    return { text, blocks: [section(`${escapeMrkdwn(data.title)} has no programs of study yet. Add one with \`/iec program add\`.`)] };
  const MAX = 44;
  const sections = items.slice(0, MAX).map((a) => {
    const r = a.readiness;
    const meetings = a.evidence.meetings.map((m) => slackDate(m.date, a.zone)).join(', ') || 'none';
    const reviews =
      r.reviews
        .map(
          (v) =>
            `${COMMITMENT_TYPE_INFO[v.type].label.toLowerCase()} by ${escapeMrkdwn(truncate(v.partnerName, 60))} ${slackDate(v.date, a.zone)}${v.done ? '' : ' (planned)'}${v.industry ? '' : ' (not industry)'}`,
        )
        .join('; ') || 'none';
    const panel = [...r.panel.industry, ...r.panel.postsecondary].map((x) => escapeMrkdwn(truncate(x.name, 60))).join(', ') || 'nobody';
    return section(
      truncate(
        `${r.atRisk ? ':warning: ' : ''}*${escapeMrkdwn(truncate(programLabel(a.program), 200))}* — ${stageText(a.program, a.zone)}\n• Formal meetings attended: ${a.evidence.meetings.length} (${meetings})\n• Reviews: ${reviews}\n• Work-based learning: ${r.workBasedLearning}\n• Panel: ${panel}\n• ${r.gaps.length ? `Gaps: ${escapeMrkdwn(r.gaps.join('; '))}` : 'No gaps'}`,
        2900,
      ),
    );
  });
  return {
    text,
    blocks: [
      header(`Programs of study — ${data.title}`),
      context(`${data.schoolYear} · ${items.length} program${items.length === 1 ? '' : 's'}, ${atRisk} at risk`),
      ...sections,
      ...(items.length > MAX ? [context(`…and ${items.length - MAX} more: \`/iec export programs\` sends every one as a CSV.`)] : []),
    ],
  };
}
