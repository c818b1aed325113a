// The console's charts, from the summary's series: what each chart draws (kind, axes, series and how
// each looks) and the same figures as a table with a sentence that sums them up. Pure and free of
// imports, so the page on the server and the script in the browser share it.

/** One chart of the summary, as `GET /v1/reports/summary` gives it (`Chart` in shared/reports/request-summary.ts). */
export interface ChartData {
  title: string;
  description: string;
  unit: 'requests' | 'share' | 'days';
  x: { label: string; values: string[] };
  series: { key: string; label: string; values: (number | null)[] }[];
}

/** The summary's four charts, in the order the page shows them. */
export const CHART_KEYS = ['receivedPerWeek', 'answeredOnTimePerMonth', 'medianDaysToClose', 'openAndOverdue'] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

/** The pattern over a bar's colour, so no two series are told apart by colour alone. */
export type Pattern = 'solid' | 'diagonal' | 'back-diagonal' | 'horizontal' | 'vertical' | 'dots' | 'cross' | 'diagonal-cross' | 'zigzag';

/** A line's marker, named as Chart.js names its point styles. */
export type Marker = 'circle' | 'rect' | 'triangle' | 'rectRot' | 'crossRot' | 'star';

/** How one series looks: a colour, a pattern for bars, a dash and a marker for lines. */
export interface SeriesLook {
  colour: string;
  pattern: Pattern;
  dash: number[];
  marker: Marker;
}

/**
 * The looks series take in turn. Each colour stands at least 3:1 against the white plot (WCAG 2.2
 * non-text contrast, 1.4.11; the unit test measures it); since that alone does not tell the series
 * apart for everyone, each has its own pattern (bars) or dash and marker (lines) as well.
 */
export const SERIES_LOOKS: readonly SeriesLook[] = [
  { colour: '#1d4ed8', pattern: 'solid', dash: [], marker: 'circle' },
  { colour: '#b45309', pattern: 'diagonal', dash: [8, 4], marker: 'rect' },
  { colour: '#047857', pattern: 'dots', dash: [2, 3], marker: 'triangle' },
  { colour: '#be185d', pattern: 'horizontal', dash: [12, 4, 2, 4], marker: 'rectRot' },
  { colour: '#6d28d9', pattern: 'back-diagonal', dash: [4, 4], marker: 'crossRot' },
  { colour: '#0e7490', pattern: 'cross', dash: [16, 4], marker: 'star' },
  { colour: '#4b5563', pattern: 'vertical', dash: [1, 3], marker: 'circle' },
  { colour: '#a16207', pattern: 'diagonal-cross', dash: [8, 3, 2, 3, 2, 3], marker: 'rect' },
  { colour: '#b91c1c', pattern: 'zigzag', dash: [3, 6], marker: 'triangle' },
];

/**
 * Series that stand for the same thing wherever they appear keep their look from chart to chart:
 * the GDPR and the CCPA, both laws together; open and overdue (overdue in the red of the queue's badge).
 */
const FIXED_LOOKS: Readonly<Record<string, SeriesLook>> = {
  all: SERIES_LOOKS[6]!,
  gdpr: SERIES_LOOKS[0]!,
  ccpa: SERIES_LOOKS[1]!,
  open: SERIES_LOOKS[0]!,
  overdue: SERIES_LOOKS[8]!,
};

/** What one chart draws, ready to hand to Chart.js. */
export interface Drawing {
  kind: 'bar' | 'line';
  /** Bars stacked into one column per x value (received per week), or side by side. */
  stacked: boolean;
  labels: string[];
  xTitle: string;
  yTitle: string;
  unit: ChartData['unit'];
  /** The highest value on the y axis, when it is fixed (a share: 1). */
  yMax?: number;
  datasets: { key: string; label: string; values: (number | null)[]; look: SeriesLook }[];
}

const KINDS: Readonly<Record<ChartKey, { kind: Drawing['kind']; stacked: boolean }>> = {
  receivedPerWeek: { kind: 'bar', stacked: true },
  answeredOnTimePerMonth: { kind: 'line', stacked: false },
  medianDaysToClose: { kind: 'bar', stacked: false },
  openAndOverdue: { kind: 'line', stacked: false },
};

const Y_TITLES: Readonly<Record<ChartData['unit'], string>> = {
  requests: 'Requests',
  share: 'Answered on time',
  days: 'Median days to respond',
};

/**
 * What `chart` draws: the kind of chart for `key`, its axes, and each series with its look. Stacked
 * bars leave out the series with nothing to stack (a type nobody asked for in these weeks), which
 * the table still lists; lines keep every series, gaps where a month had no answer.
 */
export function chartDrawing(key: ChartKey, chart: ChartData): Drawing {
  const { kind, stacked } = KINDS[key];
  const datasets = chart.series
    .map((series, index) => ({ ...series, look: FIXED_LOOKS[series.key] ?? SERIES_LOOKS[index % SERIES_LOOKS.length]! }))
    .filter((series) => !stacked || series.values.some((value) => value !== null && value !== 0))
    .map(({ key: seriesKey, label, values, look }) => ({ key: seriesKey, label, values, look }));
  return {
    kind,
    stacked,
    labels: chart.x.values,
    xTitle: chart.x.label,
    yTitle: Y_TITLES[chart.unit],
    unit: chart.unit,
    ...(chart.unit === 'share' ? { yMax: 1 } : {}),
    datasets,
  };
}

/** What a table shows where there is no value: nothing was answered. */
export const NO_VALUE = '—';

/** A value as the table, the tooltip and the summary write it: a count, a percentage, days. */
export function formatValue(unit: ChartData['unit'], value: number | null): string {
  if (value === null) return NO_VALUE;
  if (unit === 'share') return `${Number((value * 100).toFixed(1))}%`;
  return String(value);
}

/** One chart's figures as a table: a row per x value, a column per series. */
export interface ChartTable {
  caption: string;
  /** The row headers' column, then one per series. */
  columns: string[];
  rows: { label: string; cells: string[] }[];
  /** What an empty cell means, when the table has one. */
  note?: string;
}

const NO_VALUE_NOTES: Readonly<Record<ChartData['unit'], string>> = {
  requests: '',
  share: `${NO_VALUE}: no request was answered that month.`,
  days: `${NO_VALUE}: no request of that type was answered under that law in the months shown.`,
};

/** The same figures the chart draws, every series included, formatted for reading. */
export function chartTable(chart: ChartData): ChartTable {
  const hasGap = chart.series.some((series) => series.values.includes(null));
  return {
    caption: chart.title,
    columns: [chart.x.label, ...chart.series.map((series) => series.label)],
    rows: chart.x.values.map((label, index) => ({ label, cells: chart.series.map((series) => formatValue(chart.unit, series.values[index] ?? null)) })),
    ...(hasGap && NO_VALUE_NOTES[chart.unit] ? { note: NO_VALUE_NOTES[chart.unit] } : {}),
  };
}

const sum = (values: readonly (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
const span = (chart: ChartData) => `${chart.x.values[0] ?? ''} to ${chart.x.values.at(-1) ?? ''}`;
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The first index holding the largest value (ties go to the earliest), or -1 when every value is null. */
function largestAt(values: readonly (number | null)[]): number {
  let at = -1;
  values.forEach((value, index) => {
    if (value !== null && (at === -1 || value > values[at]!)) at = index;
  });
  return at;
}

function receivedSummary(chart: ChartData): string {
  const weeks = chart.x.values.length;
  const perWeek = chart.x.values.map((_, index) => sum(chart.series.map((series) => series.values[index] ?? null)));
  const total = sum(perWeek);
  if (total === 0) return `No request was received in the ${plural(weeks, 'week', 'weeks')} from ${span(chart)}.`;
  const busiest = largestAt(perWeek);
  const byType = chart.series.map((series) => sum(series.values));
  const commonest = largestAt(byType);
  return `${plural(total, 'request was', 'requests were')} received in the ${plural(weeks, 'week', 'weeks')} from ${span(chart)}, the most in ${chart.x.values[busiest]} (${perWeek[busiest]}); the most frequent type was ${chart.series[commonest]!.label} (${byType[commonest]}).`;
}

function onTimeSummary(chart: ChartData): string {
  const overall = chart.series[0];
  const answered = (overall?.values ?? []).flatMap((value, index) => (value === null ? [] : [{ month: chart.x.values[index]!, value }]));
  const latest = answered.at(-1);
  if (!overall || !latest) return `No request was answered in the ${plural(chart.x.values.length, 'month', 'months')} from ${span(chart)}.`;
  const lowest = answered.reduce((low, month) => (month.value < low.value ? month : low));
  const latestText = `In ${latest.month}, the latest month with answers, ${formatValue('share', latest.value)} were answered on time (${overall.label.toLowerCase()})`;
  if (answered.length === 1) return `${latestText}.`;
  if (lowest === latest) return `${latestText}, the lowest of the months shown.`;
  return `${latestText}; the lowest month was ${lowest.month} at ${formatValue('share', lowest.value)}.`;
}

function medianSummary(chart: ChartData): string {
  const cells = chart.series.flatMap((series) =>
    series.values.flatMap((value, index) => (value === null ? [] : [{ what: `${chart.x.values[index]} under the ${series.label}`, value }])),
  );
  if (cells.length === 0) return 'No request was answered in the months shown.';
  const longest = cells.reduce((high, cell) => (cell.value > high.value ? cell : high));
  const shortest = cells.reduce((low, cell) => (cell.value < low.value ? cell : low));
  const days = (value: number) => plural(value, 'day', 'days');
  if (cells.length === 1) return `Only ${longest.what} had answers: a median of ${days(longest.value)}.`;
  return `The longest median was ${longest.what}, ${days(longest.value)}; the shortest was ${shortest.what}, ${days(shortest.value)}.`;
}

function openSummary(chart: ChartData): string {
  const open = chart.series.find((series) => series.key === 'open')?.values ?? [];
  const overdue = chart.series.find((series) => series.key === 'overdue')?.values ?? [];
  const last = chart.x.values.length - 1;
  if (last < 0 || sum(open) === 0) return `No request was open at the end of any week from ${span(chart)}.`;
  const most = largestAt(open);
  const lastOpen = open[last] ?? 0;
  const lastOverdue = overdue[last] ?? 0;
  return `At the end of ${chart.x.values[last]}, ${plural(lastOpen, 'request was', 'requests were')} open, ${lastOverdue} of them overdue; the most open at the end of a week was ${open[most]} (${chart.x.values[most]}).`;
}

const SUMMARIES: Readonly<Record<ChartKey, (chart: ChartData) => string>> = {
  receivedPerWeek: receivedSummary,
  answeredOnTimePerMonth: onTimeSummary,
  medianDaysToClose: medianSummary,
  openAndOverdue: openSummary,
};

/** One sentence that says what the chart shows, computed from its figures. */
export function chartSummary(key: ChartKey, chart: ChartData): string {
  return SUMMARIES[key](chart);
}
