import type { Canvas } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartItem, Plugin } from 'chart.js';

/**
 * Report charts rendered on the server: Chart.js drawing on a Skia canvas (@napi-rs/canvas, prebuilt
 * binaries from npm), no browser. One PNG with two panels: pledged against fulfilled by commitment type,
 * and by month across the school year. Both libraries are loaded by the first chart, not when the app starts
 * (the canvas's native Skia library alone is about 16 MB of the process's memory).
 */

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 1040;
const TITLE_HEIGHT = 80;
const PANEL_HEIGHT = (CHART_HEIGHT - TITLE_HEIGHT) / 2;

const PLEDGED_COLOR = '#4A6FA5';
const FULFILLED_COLOR = '#2E9E6A';
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/**
 * Chart.js and the two canvases every chart is drawn on: the page (the whole PNG) and the panel Chart.js draws
 * each chart on before it is copied onto the page. They are made once and drawn over by every chart: a canvas's
 * pixels (7 MB for the pair, 4 bytes a pixel) live outside the JavaScript heap, so the garbage collector does not
 * see them, and a fresh pair per chart piled up until a collection happened to run (32 charts in a row: about
 * 400 MB of resident memory, 207 MB after a collection, against 138 MB and 135 MB drawing over one pair). Sharing
 * them is safe because a chart is drawn synchronously, from the first stroke to the PNG.
 */
interface Drawing {
  Chart: typeof import('chart.js').Chart;
  page: Canvas;
  panel: Canvas;
}
let drawing: Promise<Drawing> | undefined;

/** Loads @napi-rs/canvas and chart.js (all of Chart.js's controllers, scales and plugins registered) once. */
function chartDrawing(): Promise<Drawing> {
  drawing ??= Promise.all([import('@napi-rs/canvas'), import('chart.js')]).then(([{ createCanvas }, { Chart, registerables }]) => {
    Chart.register(...registerables);
    return { Chart, page: createCanvas(CHART_WIDTH, CHART_HEIGHT), panel: createCanvas(CHART_WIDTH, PANEL_HEIGHT) };
  });
  return drawing;
}

export interface ChartBar {
  label: string;
  pledged: number;
  fulfilled: number;
}

export interface ReportChartData {
  title: string;
  subtitle: string;
  /** Quantities per commitment type, each in its own unit (the label names it). */
  byType: ChartBar[];
  /** Commitments per month of the school year, July to June. */
  byMonth: ChartBar[];
}

/** Writes each bar's value above it, so the log scale never hides a number. */
const valueLabels: Plugin<'bar'> = {
  id: 'iecValueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = `12px ${FONT}`;
    ctx.fillStyle = '#333333';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      meta.data.forEach((bar, j) => {
        const value = Number(dataset.data[j] ?? 0);
        if (value > 0) ctx.fillText(value.toLocaleString('en-US'), bar.x, bar.y - 2);
      });
    });
    ctx.restore();
  },
};

/** Draws one Chart.js chart onto the page at `top` (Chart.js clears its canvas when its chart is destroyed, so copy first). */
function drawPanel({ Chart, page, panel }: Drawing, top: number, config: ChartConfiguration<'bar'>): void {
  // Chart.js draws through the 2D context; Skia's context implements the same API.
  const context = panel.getContext('2d') as unknown as ChartItem;
  try {
    new Chart(context, config);
    page.getContext('2d').drawImage(panel, 0, top);
  } finally {
    // Chart.js refuses a canvas that still has a chart: it goes even when drawing failed half-way
    Chart.getChart(context)?.destroy();
  }
}

function barConfig(title: string, bars: readonly ChartBar[], yTitle: string, logarithmic: boolean): ChartConfiguration<'bar'> {
  const data = bars.length > 0 ? bars : [{ label: 'nothing recorded', pledged: 0, fulfilled: 0 }];
  const top = Math.max(1, ...data.map((b) => Math.max(b.pledged, b.fulfilled)));
  return {
    type: 'bar',
    data: {
      labels: data.map((b) => b.label),
      datasets: [
        { label: 'Pledged', data: data.map((b) => b.pledged), backgroundColor: PLEDGED_COLOR },
        { label: 'Fulfilled', data: data.map((b) => b.fulfilled), backgroundColor: FULFILLED_COLOR },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 10, right: 24, bottom: 10, left: 16 } },
      font: { family: FONT },
      plugins: {
        title: { display: true, text: title, font: { size: 18, family: FONT }, color: '#222222' },
        legend: { position: 'top', labels: { font: { size: 13, family: FONT } } },
      },
      scales: {
        x: { ticks: { font: { size: 12, family: FONT }, autoSkip: false, maxRotation: 30 } },
        y: logarithmic
          ? {
              type: 'logarithmic',
              // below 1 so that a quantity of 1 still shows as a bar; room above the tallest bar for its label
              min: 0.5,
              max: top * 3,
              ticks: {
                callback: (value) => (Number(value) >= 1 && /^[13]/.test(String(value)) ? Number(value).toLocaleString('en-US') : ''),
              },
              title: { display: true, text: yTitle, font: { family: FONT } },
            }
          : {
              type: 'linear',
              beginAtZero: true,
              grace: '10%',
              ticks: { precision: 0 },
              title: { display: true, text: yTitle, font: { family: FONT } },
            },
      },
    },
    plugins: [valueLabels],
  };
}

/** The report chart as a PNG of CHART_WIDTH × CHART_HEIGHT pixels. */
export async function renderReportChart(data: ReportChartData): Promise<Buffer> {
  const drawn = await chartDrawing();
  // from here to the PNG nothing awaits: no other chart draws on the shared canvases meanwhile
  const ctx = drawn.page.getContext('2d');
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  ctx.fillStyle = '#111111';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.font = `bold 26px ${FONT}`;
  ctx.fillText(data.title.slice(0, 90), 24, 16);
  ctx.font = `15px ${FONT}`;
  ctx.fillStyle = '#555555';
  ctx.fillText(data.subtitle.slice(0, 140), 24, 50);

  drawPanel(
    drawn,
    TITLE_HEIGHT,
    barConfig('Pledged and fulfilled by type (quantity, each in its own unit)', data.byType, 'quantity (log scale)', true),
  );
  drawPanel(
    drawn,
    TITLE_HEIGHT + PANEL_HEIGHT,
    barConfig('Commitments by month: starting (pledged) and fulfilled', data.byMonth, 'commitments', false),
  );
  return drawn.page.toBuffer('image/png');
}
