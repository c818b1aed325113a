// Plain-text tables for benchmark output: readable in a terminal and in a CI log alike.

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align: Align;
}

/** Formats rows under `columns`, padding each column to its widest cell and separating with ` | `. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join('\n');
}
