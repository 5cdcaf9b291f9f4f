import { isIec } from '../access';
import { chooseCommission, commissionZone, getCommission } from '../commissions';
import { channelChoiceNote } from '../commissions';
import { withNote } from '../slack/lists';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { errorReply } from '../slack/replies';
import { invalidInput } from '../errors';
import { programReportMessage, programsInScope } from '../programs';
import { renderReportChart } from './chart';
import { REPORT_SUBCOMMAND } from './ids';
import { parseReportArgs } from './input';
import { buildReport, resolveScope, type ReportRequest, type ReportScope } from './service';
import { sendFileToUser } from './upload';
import { chartAltText, reportChartData, reportMessage, scopeTitle } from './views';
import { schoolYearOf } from '../domain/dates';

/** The time zone of a report: its commission's, else the app's. */
async function zoneOf(scope: ReportScope, defaultZone: string): Promise<string> {
  if (scope.kind !== 'commission') return defaultZone;
  const c = await getCommission(scope.key);
  return commissionZone(c, defaultZone);
}

/** `/iec report programs [commission]`: each program of study with its evidence this school year. */
async function runProgramsReport(ctx: CommandContext): Promise<void> {
  if (ctx.args.length > 2) throw invalidInput('Use `/iec report programs [commission]`, e.g. `/iec report programs transportation`.');
  await ctx.reply(programReportMessage(await programsInScope(ctx, ctx.args[1])));
}

/** `/iec report …`: the numbers as an ephemeral message, then the chart by DM. */
async function runReport(ctx: CommandContext): Promise<void> {
  if (ctx.args[0]?.toLowerCase() === 'programs') return runProgramsReport(ctx);
  const parsed = parseReportArgs(ctx.args);
  const actor = ctx.actor;
  // typed in a commission's channel, an IEC's report without a scope is that commission's
  const chosen = parsed.kind === 'default' && isIec(actor) ? await chooseCommission(undefined, ctx.channelId) : undefined;
  const request: ReportRequest = chosen ? { ...parsed, kind: 'commission', input: chosen.key } : parsed;
  const scope = await resolveScope(request, actor);
  const zone = await zoneOf(scope, ctx.deps.config.timeZone);
  const schoolYear = request.schoolYear ?? schoolYearOf(ctx.now, zone);
  const data = await buildReport(scope, schoolYear, ctx.now, zone);
  const report = reportMessage(data);
  const note = channelChoiceNote(chosen, '/iec report');
  const message = note ? withNote(report, note) : report;
  await ctx.reply({
    ...message,
    blocks: [
      ...message.blocks,
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':bar_chart: The chart is on its way to you in a direct message.' }] },
    ],
  });
  try {
    await sendFileToUser(ctx.client, ctx.userId, {
      filename: `iec-report-${scope.kind === 'commission' ? scope.key : scope.kind}-${schoolYear}.png`,
      title: `${scopeTitle(scope)}, ${schoolYear}`,
      content: await renderReportChart(reportChartData(data)),
      comment: `:bar_chart: ${message.text}`,
      altText: chartAltText(data),
    });
  } catch (err) {
    await ctx.reply(`:warning: I could not send the chart. ${errorReply(err, ctx.deps.logger)}`);
  }
}

export const reportsFeature: Feature = {
  name: 'reports',
  subcommands: [
    {
      name: REPORT_SUBCOMMAND,
      help: [
        {
          usage: '/iec report [commission | partner <name> | school <name or code> | all] [school year]',
          summary: 'totals by type and status, fulfilment rate, partners and schools involved, coverage gaps; a chart comes by DM',
        },
        {
          usage: '/iec report programs [commission]',
          summary:
            'each program of study with its evidence this school year: meetings attended with dates, reviews with who and when, panel',
        },
      ],
      run: runReport,
    },
  ],
};
