import { resolveActor } from '../access/actor';
import { schoolYearOf } from '../commitments/school-year';
import { localDate } from '../scheduler/time';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { sendFileToUser } from '../reports/upload';
import { EXPORT_SUBCOMMAND } from './ids';
import { parseExportArgs } from './input';
import { buildCommitmentsCsv, resolveExportScope } from './service';
import { plural } from '../slack/format';

/** `/iec export`: the commitments the person may see, as a CSV sent to their DM. */
async function runExport(ctx: CommandContext): Promise<void> {
  const request = parseExportArgs(ctx.args);
  const actor = await resolveActor(ctx.userId, ctx.deps.config.admins);
  const zone = ctx.deps.config.timeZone;
  const schoolYear = request.schoolYear === 'all' ? undefined : (request.schoolYear ?? schoolYearOf(ctx.now, zone));
  const scope = await resolveExportScope(
    { ...(request.commission ? { commission: request.commission } : {}), ...(schoolYear ? { schoolYear } : {}) },
    actor,
  );
  const { content, rows } = await buildCommitmentsCsv(scope);
  const what = `${scope.commissionKey ?? 'all commissions'}, ${scope.schoolYear ?? 'every school year'}${scope.partnerIds ? ', your organisation only' : ''}`;
  const filename = `iec-commitments-${scope.commissionKey ?? 'all'}-${scope.schoolYear ?? 'all-years'}-${localDate(ctx.now, zone)}.csv`;
  await sendFileToUser(ctx.client, ctx.userId, {
    filename,
    title: `Commitments (${what})`,
    content,
    comment: `:page_facing_up: ${plural(rows, 'commitment')} (${what}), one row each. It opens in Excel or Google Sheets.`,
  });
  await ctx.reply(`:incoming_envelope: I sent you the CSV of ${plural(rows, 'commitment')} (${what}) in a direct message.`);
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
      ],
      run: runExport,
    },
  ],
};
