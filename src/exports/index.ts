import { requireIec, resolveActor } from '../access/actor';
import { buildPartnersCsv, buildSchoolsCsv } from './directory';
import { schoolYearOf } from '../commitments/school-year';
import { localDate } from '../scheduler/time';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { sendFileToUser } from '../reports/upload';
import { EXPORT_SUBCOMMAND } from './ids';
import { parseExportArgs } from './input';
import { buildCommitmentsCsv, resolveExportScope } from './service';
import { plural } from '../slack/format';
import { chooseCommission, commissionNames } from '../commissions/service';

/** `/iec export`: the commitments the person may see, as a CSV sent to their DM. */
async function runExport(ctx: CommandContext): Promise<void> {
  const directory = (ctx.args[0] ?? '').toLowerCase();
  if ((directory === 'partners' || directory === 'schools') && ctx.args.length === 1) return runDirectoryExport(ctx, directory);
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
  requireIec(await resolveActor(ctx.userId, ctx.deps.config.admins));
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
          usage: '/iec export partners | schools',
          summary: 'every partner (one row per contact) or school, as a CSV that `/iec import` reads back',
        },
      ],
      run: runExport,
    },
  ],
};
