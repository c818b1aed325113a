// The yearly report as CSV and as a terminal table; the JSON form is the report itself, the page is in shared/pages.
import { stringify } from 'csv-stringify/sync';
import { DENIAL_REASONS, type ReportFigures, type ReportRow, type RequestReport } from './request-report.js';

/** The forms the report is served in. */
export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The form a caller asked for: `format` when given, else the first of CSV or HTML its Accept header
 * names (by q-value), else JSON.
 */
export function reportFormat(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (format) return format;
  const ranked = (accept ?? '')
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type } of ranked) {
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
    if (type === 'text/csv') return 'csv';
    if (type === 'text/html') return 'html';
  }
  return 'json';
}

/** A median as a reader takes it: the days, "≥ n" past the histogram, or empty when nothing was answered. */
export function medianText(figures: Pick<ReportFigures, 'medianDays' | 'medianAtLeastDays'>): string {
  if (figures.medianDays !== null) return String(figures.medianDays);
  return figures.medianAtLeastDays !== undefined ? `>= ${figures.medianAtLeastDays}` : '';
}

const FIGURE_COLUMNS = [
  'received',
  'complied_in_whole',
  'complied_in_part',
  'denied',
  ...DENIAL_REASONS.map((reason) => `denied_${reason.replaceAll('-', '_')}`),
  'withdrawn',
  'answered',
  'answered_on_time',
  'median_days_to_respond',
  'mean_days_to_respond',
];

function figureCells(f: ReportFigures): (string | number)[] {
  return [
    f.received,
    f.compliedInWhole,
    f.compliedInPart,
    f.denied,
    ...DENIAL_REASONS.map((reason) => f.deniedByReason[reason]),
    f.withdrawn,
    f.answered,
    f.answeredOnTime,
    medianText(f),
    f.meanDays ?? '',
  ];
}

/** Every row of the report with the section it belongs to, in the order every form shows them. */
export function reportSections(report: RequestReport): { section: string; law: 'ccpa' | 'gdpr'; rows: ReportRow[] }[] {
  return [
    { section: 'CCPA § 7102', law: 'ccpa', rows: report.ccpa.rows },
    { section: 'CCPA, not counted under § 7102', law: 'ccpa', rows: report.ccpa.notCounted },
    { section: 'GDPR Art. 5(2)', law: 'gdpr', rows: report.gdpr.rows },
  ];
}

/**
 * The report as RFC 4180 CSV: one line per row of every section, then an empty line and how each
 * figure is counted, so the file says what it means wherever it is opened.
 */
export function reportCsv(report: RequestReport): string {
  const rows: (string | number)[][] = [['year', 'section', 'law', 'category', 'request_types', 'legal_basis', ...FIGURE_COLUMNS]];
  for (const { section, law, rows: sectionRows } of reportSections(report)) {
    for (const row of sectionRows) rows.push([report.year, section, law, row.label, row.types.join(' '), row.basis, ...figureCells(row.figures)]);
  }
  const counting = [['figure', 'how it is counted'], ...report.counting.map((c) => [c.figure, c.rule])];
  const provisional = report.complete ? [] : [['note', `${report.year} is not over: the figures are provisional.`]];
  // RFC 4180 lines (CRLF); an empty line between the figures and how they are counted.
  const csv = (lines: (string | number)[][]) => stringify(lines, { record_delimiter: 'windows' });
  return `${csv(rows)}\r\n${csv([...provisional, ...counting])}`;
}

/** The report as text for a terminal: one table per section, figures that matter for § 7102 first. */
export function reportText(report: RequestReport, formatTable: (columns: { header: string; align: 'left' | 'right' }[], rows: string[][]) => string): string {
  const columns: { header: string; align: 'left' | 'right' }[] = [
    { header: 'category', align: 'left' },
    { header: 'received', align: 'right' },
    { header: 'in whole', align: 'right' },
    { header: 'in part', align: 'right' },
    { header: 'denied', align: 'right' },
    { header: 'withdrawn', align: 'right' },
    { header: 'median days', align: 'right' },
    { header: 'mean days', align: 'right' },
  ];
  const lines: string[] = [`Requests report for ${report.year}${report.complete ? '' : ' (the year is not over: provisional)'}`];
  for (const { section, rows } of reportSections(report)) {
    lines.push('', section);
    lines.push(
      formatTable(
        columns,
        rows.map((row) => [
          row.label,
          String(row.figures.received),
          String(row.figures.compliedInWhole),
          String(row.figures.compliedInPart),
          String(row.figures.denied),
          String(row.figures.withdrawn),
          medianText(row.figures) || '-',
          row.figures.meanDays === null ? '-' : String(row.figures.meanDays),
        ]),
      ),
    );
  }
  lines.push('', 'How each figure is counted:', ...report.counting.map((c) => `- ${c.figure}: ${c.rule}`));
  return lines.join('\n');
}
