import { channelChoiceHint, commissionZone, chooseCommission, listActiveCommissions, requireCommission } from '../commissions';
import { invalidInput } from '../errors';
import type { CommandContext } from '../slack/iec-command';
import { escapeMrkdwn } from '../slack/text';
import { canManagePrograms, readableCommissions, requireProgramReader } from './access';
import { assessPrograms, type AssessedProgram } from './evidence';
import { parseProgramAddArgs, parseRuleArgs, RULES_USAGE, splitSchoolAndProgram } from './input';
import { addProgram, findProgram, listPrograms, programLabel, setRules } from './service';
import { programDetailMessage, programListMessage, programModal, showCommand, stageText } from './views';
import { localDate, schoolYearOf } from '../domain/dates';

/** `/iec program add|show` and `/iec programs [commission] [at-risk] | rules`: thin, each a named handler. */

export const PROGRAM_USAGE =
  'Use `/iec program add` (a form), `/iec program show <school> <program>` (the school by district code or in quotes), or `/iec programs [commission] [at-risk]`.';
const SHOW_USAGE =
  'Name the school and the program, e.g. `/iec program show 17K600 Automotive Technology` or `/iec program show "Clara Barton High School" Nursing`.';

async function today(commissionKey: string, ctx: CommandContext): Promise<string> {
  const commission = await requireCommission(commissionKey);
  return localDate(ctx.now, commissionZone(commission, ctx.deps.config.timeZone));
}

/** `/iec program add` with nothing else: the form, with the channel's commission preselected. */
async function openAddForm(ctx: CommandContext): Promise<void> {
  const commissions = (await listActiveCommissions()).filter((c) => canManagePrograms(ctx.actor, c.key));
  if (commissions.length === 0) {
    throw invalidInput(':lock: Sorry, only commission leads and iec-bot administrators can add programs of study.');
  }
  const found = await chooseCommission(undefined, ctx.channelId);
  const chosen = found && commissions.some((c) => c.key === found.key) ? found : undefined;
  const hint = channelChoiceHint(chosen);
  await ctx.client.views.open({
    trigger_id: ctx.triggerId,
    view: programModal({
      commissions,
      ...(chosen ? { commissionKey: chosen.key } : {}),
      ...(hint ? { commissionHint: hint } : {}),
      today: localDate(ctx.now, ctx.deps.config.timeZone),
      ...(ctx.origin ? { origin: ctx.origin } : {}),
    }),
  });
}

/** `/iec program add <school> "<program>" <commission> <stage> [date] [renewal]`. */
export async function runProgramAdd(ctx: CommandContext): Promise<void> {
  const words = ctx.args.slice(1);
  if (words.length === 0) return openAddForm(ctx);
  const input = parseProgramAddArgs(words);
  const { program } = await addProgram(ctx.actor, input, await today(input.commissionKey, ctx), ctx.now);
  const commission = await requireCommission(program.commissionKey);
  const zone = commissionZone(commission, ctx.deps.config.timeZone);
  await ctx.reply(
    `:white_check_mark: Added *${escapeMrkdwn(programLabel(program))}* to *${escapeMrkdwn(commission.name)}*: ${stageText(program, zone)}. \`${showCommand(program)}\` shows its readiness.`,
  );
}

/**
 * The program `<school> <program words…>` names, assessed, when the person may read it (`/iec program show`, the
 * evidence packet of `/iec export program`); an unknown school or program, or another's commission, is refused.
 */
export async function readableProgram(ctx: CommandContext, words: readonly string[], usage: string): Promise<AssessedProgram> {
  const { school, program: name } = splitSchoolAndProgram(words, usage);
  const program = await findProgram(school, name);
  await requireProgramReader(ctx.actor, program.commissionKey);
  const [assessed] = await assessPrograms([program], ctx.now, ctx.deps.config.timeZone);
  return assessed;
}

/** `/iec program show <school> <program>`. */
export async function runProgramShow(ctx: CommandContext): Promise<void> {
  const assessed = await readableProgram(ctx, ctx.args.slice(1), SHOW_USAGE);
  const { commissionKey } = assessed.program;
  await ctx.reply(
    programDetailMessage(assessed, {
      canManage: canManagePrograms(ctx.actor, commissionKey),
      commissionName: (await requireCommission(commissionKey)).name,
    }),
  );
}

export async function runProgram(ctx: CommandContext): Promise<void> {
  const verb = (ctx.args[0] ?? '').toLowerCase();
  if (verb === 'add') return runProgramAdd(ctx);
  if (verb === 'show') return runProgramShow(ctx);
  throw invalidInput(verb ? `I don't know \`/iec program ${escapeMrkdwn(verb.slice(0, 30))}\`. ${PROGRAM_USAGE}` : PROGRAM_USAGE);
}

const AT_RISK_WORDS = new Set(['at-risk', 'atrisk', 'risk', 'at_risk']);

/** `/iec programs rules <commission> [meetings=<n>] [wbl=<n>]`. */
async function runRules(ctx: CommandContext): Promise<void> {
  const [, key, ...rest] = ctx.args;
  if (!key) throw invalidInput(RULES_USAGE);
  const changes = parseRuleArgs(rest);
  const { key: commissionKey, rules } = await setRules(ctx.actor, key, changes);
  const verb = Object.keys(changes).length ? 'now needs' : 'needs';
  await ctx.reply(
    `:white_check_mark: *${escapeMrkdwn(commissionKey)}* ${verb}, per program and school year: its school's staff at ${rules.minFormalMeetings} formal meeting${rules.minFormalMeetings === 1 ? '' : 's'}, and ${rules.minWorkBasedLearning} work-based learning commitment${rules.minWorkBasedLearning === 1 ? '' : 's'} serving the school.`,
  );
}

/** `/iec programs [commission] [at-risk]`. */
export async function runPrograms(ctx: CommandContext): Promise<void> {
  if (ctx.args[0]?.toLowerCase() === 'rules') return runRules(ctx);
  const words = ctx.args.map((w) => w.toLowerCase());
  const atRiskOnly = words.some((w) => AT_RISK_WORDS.has(w));
  const named = ctx.args.filter((w) => !AT_RISK_WORDS.has(w.toLowerCase()));
  if (named.length > 1) throw invalidInput('Use `/iec programs [commission] [at-risk]`, e.g. `/iec programs transportation at-risk`.');
  const { items: assessed, title, schoolYear } = await programsInScope(ctx, named[0]);
  const items = atRiskOnly ? assessed.filter((a) => a.readiness.atRisk) : assessed;
  await ctx.reply(programListMessage({ title, items, atRiskOnly, schoolYear }));
}

/** The programs `/iec export programs` and `/iec report programs` cover: one commission's, or all the person may see. */
export async function programsInScope(ctx: CommandContext, commissionArg?: string) {
  const readable = readableCommissions(ctx.actor);
  let keys = readable;
  let title = readable ? 'your commissions' : 'every commission';
  if (commissionArg) {
    const commission = await requireCommission(commissionArg);
    await requireProgramReader(ctx.actor, commission.key);
    keys = [commission.key];
    title = commission.name;
  }
  const items = await assessPrograms(await listPrograms(keys), ctx.now, ctx.deps.config.timeZone);
  return { items, title, schoolYear: schoolYearOf(ctx.now, ctx.deps.config.timeZone) };
}
