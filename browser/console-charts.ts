// The console's Charts page in the browser: fetches the summary from the console's route and draws
// its four charts with Chart.js over the tables the page already shows. Bundled with esbuild into
// one script served from the API's own origin (no inline code, no eval, no other origin).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { CHART_KEYS, type ChartData, chartDrawing, type Drawing, formatValue, type SeriesLook } from '../shared/console/charts.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
// The console's text colour and font; no animation, which also spares those who ask for reduced motion.
Chart.defaults.color = '#1f2933';
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.animation = false;

const TILE = 10;

/** The pattern `look` fills a bar with: its colour with white strokes, or the colour alone. */
function fill(look: SeriesLook): string | CanvasPattern {
  if (look.pattern === 'solid') return look.colour;
  const tile = document.createElement('canvas');
  tile.width = TILE;
  tile.height = TILE;
  const context = tile.getContext('2d');
  if (!context) return look.colour;
  context.fillStyle = look.colour;
  context.fillRect(0, 0, TILE, TILE);
  context.strokeStyle = '#ffffff';
  context.fillStyle = '#ffffff';
  context.lineWidth = 1.5;
  const line = (x1: number, y1: number, x2: number, y2: number) => {
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
  };
  switch (look.pattern) {
    case 'diagonal':
      line(0, TILE, TILE, 0);
      line(-1, 1, 1, -1);
      line(TILE - 1, TILE + 1, TILE + 1, TILE - 1);
      break;
    case 'back-diagonal':
      line(0, 0, TILE, TILE);
      line(TILE - 1, -1, TILE + 1, 1);
      line(-1, TILE - 1, 1, TILE + 1);
      break;
    case 'horizontal':
      line(0, TILE / 2, TILE, TILE / 2);
      break;
    case 'vertical':
      line(TILE / 2, 0, TILE / 2, TILE);
      break;
    case 'cross':
      line(0, TILE / 2, TILE, TILE / 2);
      line(TILE / 2, 0, TILE / 2, TILE);
      break;
    case 'diagonal-cross':
      line(0, TILE, TILE, 0);
      line(0, 0, TILE, TILE);
      break;
    case 'dots':
      context.beginPath();
      context.arc(TILE / 2, TILE / 2, 1.75, 0, 2 * Math.PI);
      context.fill();
      break;
    case 'zigzag':
      context.beginPath();
      context.moveTo(0, TILE * 0.7);
      context.lineTo(TILE / 2, TILE * 0.3);
      context.lineTo(TILE, TILE * 0.7);
      context.stroke();
      break;
  }
  return context.createPattern(tile, 'repeat') ?? look.colour;
}

/** Chart.js's configuration for one drawing. */
function configuration(drawing: Drawing): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const bar = drawing.kind === 'bar';
  return {
    type: drawing.kind,
    data: {
      labels: drawing.labels,
      datasets: drawing.datasets.map(({ label, values, look }) =>
        bar
          ? {
              label,
              data: values,
              backgroundColor: fill(look),
              // Stacked segments are parted by a white line; side-by-side bars keep their colour's edge.
              borderColor: drawing.stacked ? '#ffffff' : look.colour,
              borderWidth: 1,
            }
          : {
              label,
              data: values,
              borderColor: look.colour,
              backgroundColor: look.colour,
              borderDash: look.dash,
              borderWidth: 2,
              pointStyle: look.marker,
              pointRadius: 4,
              pointHoverRadius: 6,
              spanGaps: false,
            },
      ),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: drawing.stacked, title: { display: true, text: drawing.xTitle } },
        y: {
          stacked: drawing.stacked,
          beginAtZero: true,
          ...(drawing.yMax === undefined ? {} : { max: drawing.yMax }),
          title: { display: true, text: drawing.yTitle },
          ticks: {
            // Counts are whole; a median may end in .5, but the axis reads best in whole days; shares go in tenths.
            ...(drawing.unit === 'share' ? { stepSize: 0.1 } : { precision: 0 }),
            callback: (value) => (drawing.unit === 'share' ? formatValue('share', Number(value)) : String(value)),
          },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: !bar, boxWidth: bar ? 24 : 12, padding: 14 } },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatValue(drawing.unit, item.raw as number | null)}` },
        },
      },
    },
  };
}

/** Draws every chart the page has a frame for; the tables stay where a chart cannot be drawn. */
async function drawCharts(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-summary]');
  const source = root?.dataset.summary;
  if (!root || !source) return;
  const response = await fetch(source, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    root.dataset.charts = 'unavailable';
    return;
  }
  const summary = (await response.json()) as Record<string, ChartData>;
  for (const key of CHART_KEYS) {
    const frame = root.querySelector<HTMLElement>(`[data-chart="${key}"]`);
    const canvas = frame?.querySelector('canvas');
    const chart = summary[key];
    if (!frame || !canvas || !chart) continue;
    // Shown before drawing, so Chart.js measures the frame it fills.
    frame.hidden = false;
    new Chart(canvas, configuration(chartDrawing(key, chart)));
    frame.dataset.drawn = 'true';
    // The chart now says it at a glance; the figures stay one click away.
    const table = root.querySelector<HTMLDetailsElement>(`details[data-table="${key}"]`);
    if (table) table.open = false;
  }
  root.dataset.charts = 'drawn';
}

drawCharts().catch(() => {
  const root = document.querySelector<HTMLElement>('[data-summary]');
  if (root) root.dataset.charts = 'unavailable';
});
