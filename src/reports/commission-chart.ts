import { commissionZone, getCommission } from '../commissions';
import { renderReportChart } from './chart';
import { buildReport } from './service';
import { chartAltText, reportChartData, scopeTitle } from './views';

/** A rendered chart with what a screen reader says and its title. */
export interface CommissionChart {
  content: Buffer;
  altText: string;
  title: string;
}

/**
 * The chart of one commission's school year (pledged against fulfilled by type, and by month), as a PNG:
 * what `/iec report <commission>` sends, for the weekly digest. Months are counted in the commission's zone
 * (else `defaultZone`).
 */
export async function renderCommissionChart(
  commissionKey: string,
  schoolYear: string,
  now: Date,
  defaultZone = 'UTC',
): Promise<CommissionChart> {
  const c = await getCommission(commissionKey);
  if (!c) throw new Error(`renderCommissionChart: no commission ${commissionKey}`);
  const data = await buildReport({ kind: 'commission', key: c.key, name: c.name }, schoolYear, now, commissionZone(c, defaultZone));
  return {
    content: await renderReportChart(reportChartData(data)),
    altText: chartAltText(data),
    title: `${scopeTitle(data.scope)}, ${schoolYear}`,
  };
}
