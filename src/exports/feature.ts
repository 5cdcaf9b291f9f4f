import { requireIec } from '../access';
import { invalidInput } from '../errors';
import { programLabel, programsInScope, readableProgram } from '../programs';
import { buildProgramPacketCsv, buildProgramsCsv } from './programs';
import { packetContacts } from './packet-contacts';
import { buildPartnersCsv, buildSchoolsCsv } from './directory';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { sendFileToUser } from '../reports';
import { EXPORT_SUBCOMMAND } from './ids';
import { parseExportArgs } from './input';
import { buildCommitmentsCsv, resolveExportScope } from './service';
import { plural } from '../slack/format';
import { escapeMrkdwn } from '../slack/text';
import { chooseCommission, commissionNames } from '../commissions';
import { localDate, schoolYearOf } from '../domain/dates';

/** `/iec export`: the commitments the person may see, as a CSV sent to their DM. */
async function runExport(ctx: CommandContext): Promise<void> {
  const directory = (ctx.args[0] ?? '').toLowerCase();
  if ((directory === 'partners' || directory === 'schools') && ctx.args.length === 1) return runDirectoryExport(ctx, directory);
  if (directory === 'programs') return runProgramsExport(ctx);
  if (directory === 'program') return runProgramPacketExport(ctx);
  const request = parseExportArgs(ctx.args);
  const actor = ctx.actor;
  const chosen = request.commission || request.everyCommission ? undefined : await chooseCommission(undefined, ctx.channelId);
  if (chosen) request.commission = chosen.key;
  const zone = ctx.deps.config.timeZone;
  const schoolYear = request.schoolYear === 'all' ? undefined : (request.schoolYear ?? schoolYearOf(ctx.now, zone));
  const scope = await resolveExportScope(
    { ...(request.commission ? { commission: request.commission } : {}), ...(schoolYear ? { schoolYear } : {}) },
    actor,
  );
  const { content, rows } = await buildCommitmentsCsv(scope);
  const commissionName = scope.commissionKey ? ((await commissionNames()).get(scope.commissionKey) ?? scope.commissionKey) : undefined;
  const what = `${commissionName ?? 'all commissions'}, ${scope.schoolYear ?? 'every school year'}${scope.partnerIds ? ', your organisation only' : ''}`;
  const filename = `iec-commitments-${scope.commissionKey ?? 'all'}-${scope.schoolYear ?? 'all-years'}-${localDate(ctx.now, zone)}.csv`;
  await sendFileToUser(ctx.client, ctx.userId, {
    filename,
    title: `Commitments (${what})`,
    content,
    comment: `:page_facing_up: ${plural(rows, 'commitment')} (${what}), one row each. It opens in Excel or Google Sheets.`,
  });
  const note = chosen ? `\n_${chosen.name} is this channel's commission; for every commission, \`/iec export all\`._` : '';
  await ctx.reply(`:incoming_envelope: I sent you the CSV of ${plural(rows, 'commitment')} (${what}) in a direct message.${note}`);
}

/** `/iec export partners|schools`: every partner (with contacts) or school, in the columns the import reads. */
async function runDirectoryExport(ctx: CommandContext, what: 'partners' | 'schools'): Promise<void> {
  requireIec(ctx.actor);
  const { content, rows } = what === 'partners' ? await buildPartnersCsv() : await buildSchoolsCsv();
  const noun = what === 'partners' ? 'partner' : 'school';
  await sendFileToUser(ctx.client, ctx.userId, {
    filename: `iec-${what}-${localDate(ctx.now, ctx.deps.config.timeZone)}.csv`,
    title: what === 'partners' ? 'Partners and contacts' : 'Schools',
    content,
    comment: `:page_facing_up: ${plural(rows, noun)}${what === 'partners' ? ', one row per contact' : ''}. It imports back with \`/iec import\`.`,
  });
  await ctx.reply(`:incoming_envelope: I sent you the CSV of ${plural(rows, noun)} in a direct message.`);
}

/** `/iec export programs [commission]`: each program of study with its evidence this school year, by DM. */
async function runProgramsExport(ctx: CommandContext): Promise<void> {
  if (ctx.args.length > 2) throw invalidInput('Use `/iec export programs [commission]`, e.g. `/iec export programs transportation`.');
  const { items, title, schoolYear } = await programsInScope(ctx, ctx.args[1]);
  const { content, rows } = buildProgramsCsv(items);
  await sendFileToUser(ctx.client, ctx.userId, {
    filename: `iec-programs-${ctx.args[1]?.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'all'}-${schoolYear}-${localDate(ctx.now, ctx.deps.config.timeZone)}.csv`,
    title: `Programs of study (${title}, ${schoolYear})`,
    content,
    comment: `:page_facing_up: ${plural(rows, 'program')} of ${title} with their evidence for ${schoolYear}: meetings attended, reviews, work-based learning, panel, gaps.`,
  });
  await ctx.reply(
    `:incoming_envelope: I sent you the CSV of ${plural(rows, 'program')} of study (${title}, ${schoolYear}) in a direct message.`,
  );
}

const PACKET_USAGE =
  'Name the school and the program, e.g. `/iec export program 17K600 Automotive Technology` or `/iec export program "Clara Barton High School" Nursing`.';

/** `/iec export program <school> <program>`: one program's evidence packet (a self-study's or external review's), by DM. */
async function runProgramPacketExport(ctx: CommandContext): Promise<void> {
  const a = await readableProgram(ctx, ctx.args.slice(1), PACKET_USAGE);
  const { content } = buildProgramPacketCsv(a, await packetContacts(a, ctx.client));
  const label = programLabel(a.program);
  const shown = escapeMrkdwn(label);
  const slug = `${a.program.schoolCode ?? ''}-${a.program.name}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const r = a.readiness;
  await sendFileToUser(ctx.client, ctx.userId, {
    filename: `iec-program-${slug || 'program'}-${r.schoolYear}-${localDate(ctx.now, ctx.deps.config.timeZone)}.csv`,
    title: `Evidence packet: ${label} (${r.schoolYear})`,
    content,
    comment: `:page_facing_up: The evidence of *${shown}* for ${r.schoolYear}: its contacts, readiness checks, the advisory board's meetings its school's staff attended, commitments with their partners and whether they count, partners by kind with their contacts, gaps.`,
  });
  await ctx.reply(
    `:incoming_envelope: I sent you the evidence packet of ${shown} (${r.schoolYear}, ${r.gaps.length === 0 ? 'no gaps' : plural(r.gaps.length, 'gap')}) in a direct message.`,
  );
}

export const exportsFeature: Feature = {
  name: 'exports',
  subcommands: [
    {
      name: EXPORT_SUBCOMMAND,
      help: [
        {
          usage: '/iec export [commission | all] [school year | all]',
          summary:
            'a CSV of commitments (one row each, with the work-based learning category) sent to you by DM; this school year unless you name one',
        },
        {
          usage: '/iec export programs [commission]',
          summary: 'each program of study with its evidence this school year (meetings attended, reviews, panel, gaps) as a CSV by DM',
        },
        {
          usage: '/iec export program <school> <program>',
          summary:
            "one program's evidence packet for a self-study or external review (contacts, checks, meetings attended, commitments, partners by kind with their contacts, gaps) as a CSV by DM",
        },
        {
          usage: '/iec export partners | schools',
          summary: 'every partner (one row per contact) or school, as a CSV that `/iec import` reads back',
        },
      ],
      run: runExport,
    },
  ],
};
