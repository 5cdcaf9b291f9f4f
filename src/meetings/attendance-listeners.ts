import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { canManageCommission, requireCommissionViewer, type Actor } from '../access';
import { actorFrom } from '../access';
import { commissionRef, commissionZone, listActiveCommissions, requireCommission, requireManagerOf, requireViewerOf } from '../commissions';
import { invalidInput, notFound } from '../errors';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { originOf } from '../slack/forms';
import { submitAttendance, submitDecision } from './handlers/attendance-forms';
import { escapeMrkdwn } from '../slack/text';
import { attendanceForm, attendanceOf, claimAttendance, yearAttendance } from './attendance';
import { parseObjectId } from './attendance-input';
import { attendanceModal, decisionModal, meetingShowMessage, yearAttendanceMessage } from './attendance-views';
import { decisionsOf } from './decisions';
import { AttendanceActions, AttendanceCallbacks } from './ids';
import { getMeeting, searchMeetings, type MeetingRecord } from './service';
import { zonedDateTime, schoolYearOf, parseSchoolYear, addDays, isValidDate } from '../domain/dates';

/** Thin listeners of attendance, minutes and decisions: ack, parse, call the service, render. */

const SHOW_USAGE =
  'Use `/iec meeting show [commission] <YYYY-MM-DD | words of the title>`, e.g. `/iec meeting show healthcare 2026-03-20`.';
const ATTENDANCE_USAGE = 'Use `/iec attendance <commission> [school year]`, e.g. `/iec attendance healthcare 2025-26`.';

/** A meeting's commission as its views show it: its name and time zone. */
async function commissionOf(commissionKey: string, deps: AppDeps): Promise<{ name: string; zone: string }> {
  const commission = await requireCommission(commissionKey);
  return { name: commission.name, zone: commissionZone(commission, deps.config.timeZone) };
}

/** The one meeting the words name; several → which ones, none → a specific answer. */
export async function findMeetingFor(words: readonly string[], deps: AppDeps): Promise<MeetingRecord> {
  if (words.length === 0) throw invalidInput(SHOW_USAGE);
  if (words.length === 1 && parseObjectId(words[0])) return getMeeting(words[0]);
  const commissions = await listActiveCommissions();
  const commission = commissions.find((c) => c.key === words[0].toLowerCase() || c.name.toLowerCase() === words[0].toLowerCase());
  const rest = commission ? words.slice(1) : [...words];
  const zone = commissionZone(commission, deps.config.timeZone);
  const query: Parameters<typeof searchMeetings>[0] = commission ? { commissionKey: commission.key } : {};
  if (rest.length === 1 && /^\d{4}-\d{2}-\d{2}$/.test(rest[0])) {
    if (!isValidDate(rest[0])) throw invalidInput(`\`${rest[0]}\` is not a date on the calendar. ${SHOW_USAGE}`);
    query.startsBetween = { from: zonedDateTime(rest[0], '00:00', zone), to: zonedDateTime(addDays(rest[0], 1), '00:00', zone) };
  } else if (rest.length > 0) {
    query.titleContains = rest.join(' ');
  } else if (!commission) throw invalidInput(SHOW_USAGE);
  const found = await searchMeetings(query, 6);
  if (found.length === 0) throw notFound(`I found no meeting matching \`${escapeMrkdwn(words.join(' ').slice(0, 80))}\`. ${SHOW_USAGE}`);
  if (found.length === 1 || rest.length === 0) return found[0];
  const lines = found
    .slice(0, 5)
    .map(
      (m) => `• \`/iec meeting show ${m.commissionKey} ${m.startsAt.toISOString().slice(0, 10)}\` — ${escapeMrkdwn(m.title.slice(0, 100))}`,
    );
  throw invalidInput(`Several meetings match; which one?\n${lines.join('\n')}`);
}

async function showMessage(actor: Actor, m: MeetingRecord, deps: AppDeps, now: Date) {
  await requireViewerOf(actor, m.commissionKey);
  const [attendance, decisions, { name, zone }] = await Promise.all([
    attendanceOf(String(m._id)),
    decisionsOf(String(m._id)),
    commissionOf(m.commissionKey, deps),
  ]);
  return meetingShowMessage({
    meeting: m,
    commissionName: name,
    zone,
    attendance,
    decisions,
    now,
    canManage: canManageCommission(actor, m.commissionKey),
  });
}

/** `/iec meeting show …`. */
export async function runMeetingShow(ctx: CommandContext, words: readonly string[]): Promise<void> {
  const actor = ctx.actor;
  const m = await findMeetingFor(words, ctx.deps);
  await ctx.reply(await showMessage(actor, m, ctx.deps, ctx.now));
}

/** `/iec attendance <commission> [school year]`. */
export async function runAttendance(ctx: CommandContext): Promise<void> {
  const [key, yearArg, ...extra] = ctx.args;
  if (!key || extra.length > 0) throw invalidInput(ATTENDANCE_USAGE);
  const actor = ctx.actor;
  const commission = await requireCommission(key);
  requireCommissionViewer(actor, commission);
  const zone = commissionZone(commission, ctx.deps.config.timeZone);
  const schoolYear = yearArg ? parseSchoolYear(yearArg) : schoolYearOf(ctx.now, zone);
  if (!schoolYear) throw invalidInput(`\`${escapeMrkdwn(yearArg.slice(0, 20))}\` is not a school year: write it like \`2025-26\`.`);
  await ctx.reply(yearAttendanceMessage(await yearAttendance(commission.key, schoolYear, zone, ctx.now), commission.name, zone));
}

export function registerAttendanceListeners(app: App, deps: AppDeps): void {
  const { logger } = deps;

  app.action<BlockAction<ButtonAction>>(AttendanceActions.claim, async ({ ack, body, action, respond, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      const id = parseObjectId(action.value);
      if (!id) throw new Error('attendance claim without a meeting id');
      const { meeting, result } = await claimAttendance(id, body.user.id, deps.clock());
      const name = `*${escapeMrkdwn(meeting.title)}*`;
      await reply.tell(
        {
          claimed: `:white_check_mark: Thank you: you said you attended ${name}. A lead of *${escapeMrkdwn((await commissionRef(meeting.commissionKey)).name)}* confirms it when recording attendance.`,
          already_claimed: `You already said you attended ${name}; a lead confirms it when recording attendance.`,
          already_recorded: `Your attendance at ${name} is already recorded.`,
        }[result],
      );
    } catch (err) {
      await reply.error(err);
    }
  });

  app.action<BlockAction<ButtonAction>>(AttendanceActions.record, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    try {
      const id = parseObjectId(action.value);
      if (!id) throw new Error('record attendance button without a meeting id');
      const data = await attendanceForm(actorFrom(context), id, deps.clock());
      const { name, zone } = await commissionOf(data.meeting.commissionKey, deps);
      await client.views.open({ trigger_id: body.trigger_id, view: attendanceModal(data, name, zone, originOf(body, deps.clock())) });
    } catch (err) {
      await replierFor({ body, respond, client }, logger).error(err);
    }
  });

  app.view(AttendanceCallbacks.record, submitAttendance(deps));

  app.action<BlockAction<ButtonAction>>(AttendanceActions.addDecision, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    try {
      const id = parseObjectId(action.value);
      if (!id) throw new Error('decision button without a meeting id');
      const m = await getMeeting(id);
      const actor = actorFrom(context);
      await requireManagerOf(actor, m.commissionKey);
      const { name } = await commissionOf(m.commissionKey, deps);
      await client.views.open({ trigger_id: body.trigger_id, view: decisionModal(m, name, originOf(body, deps.clock())) });
    } catch (err) {
      await replierFor({ body, respond, client }, logger).error(err);
    }
  });

  app.view(AttendanceCallbacks.decision, submitDecision(deps));
}
