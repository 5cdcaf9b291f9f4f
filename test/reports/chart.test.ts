import { CHART_HEIGHT, CHART_WIDTH, renderReportChart } from '../../src/reports/chart';
import { distinctColours, ihdrSize } from './png';

const months = ['Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];

describe('renderReportChart', () => {
  it('renders a PNG of the expected size with real content', async () => {
    const png = await renderReportChart({
      title: 'Healthcare — 2026-27',
      subtitle: 'test',
      byType: [
        { label: 'Mentoring (students mentored)', pledged: 60, fulfilled: 40 },
        { label: 'Scholarship (dollars)', pledged: 50_000, fulfilled: 1 },
      ],
      byMonth: months.map((label, i) => ({ label, pledged: i % 3, fulfilled: i % 2 })),
    });
    expect(ihdrSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    // bars in two colours, text and grid lines: far more than a blank canvas
    expect(distinctColours(png)).toBeGreaterThan(20);
  });

  it('renders an empty year without failing', async () => {
    const png = await renderReportChart({
      title: 'Nothing yet',
      subtitle: '',
      byType: [],
      byMonth: months.map((label) => ({ label, pledged: 0, fulfilled: 0 })),
    });
    expect(ihdrSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(distinctColours(png)).toBeGreaterThan(2);
  });
});
