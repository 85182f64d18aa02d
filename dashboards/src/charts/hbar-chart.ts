/**
 * Horizontal bars, one row per item (zones, branches, zone categories), each
 * row with one or more labelled bars (e.g. median and p90 dwell). Every bar
 * prints its text at its end; a row without figures prints its reason.
 */
import * as d3 from 'd3';

export interface HBarRow {
  label: string;
  /** One bar per entry, drawn top to bottom within the row. */
  bars: { value: number; text: string }[];
  /** Shown instead of bars when the row has no figures. */
  missing?: string;
}

export interface HBarChartOptions {
  width?: number;
  /** Upper end of the scale (default: the largest value). */
  max?: number;
  ariaLabel: string;
  /** Fills of the bars by position in a row (default: one blue). */
  fills?: string[];
  /** Width kept for row labels. */
  labelWidth?: number;
}

const BAR_H = 16;
const GAP = 10;

export function hbarChart(rows: HBarRow[], opts: HBarChartOptions): SVGSVGElement {
  const width = opts.width ?? 640;
  const labelWidth = opts.labelWidth ?? 170;
  const textRoom = 120;
  const per = Math.max(1, ...rows.map((r) => r.bars.length));
  const rowH = per * BAR_H + (per - 1) * 2 + GAP;
  const height = rows.length * rowH + 4;
  const max = opts.max ?? Math.max(1e-9, ...rows.flatMap((r) => r.bars.map((b) => b.value)));
  const x = d3.scaleLinear().domain([0, max]).range([labelWidth, width - textRoom]);
  const fills = opts.fills ?? ['#2c7fb8'];
  const svg = d3.create('svg').attr('class', 'hbar-chart').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', opts.ariaLabel);
  const row = svg
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('transform', (_, i) => `translate(0,${i * rowH + 2})`);
  row
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', labelWidth - 8)
    .attr('y', (per * BAR_H + (per - 1) * 2) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((r) => truncate(r.label, Math.floor((labelWidth - 10) / 6.5)))
    .append('title')
    .text((r) => r.label);
  row
    .filter((r) => !!r.missing)
    .append('text')
    .attr('class', 'missing')
    .attr('x', labelWidth)
    .attr('y', (per * BAR_H) / 2)
    .attr('dy', '0.35em')
    .text((r) => r.missing!);
  const bar = row
    .selectAll('g')
    .data((r) => (r.missing ? [] : r.bars.map((b, i) => ({ ...b, i }))))
    .join('g')
    .attr('transform', (b) => `translate(0,${b.i * (BAR_H + 2)})`);
  bar
    .append('rect')
    .attr('x', labelWidth)
    .attr('width', (b) => Math.max(1, x(Math.min(b.value, max)) - labelWidth))
    .attr('height', BAR_H)
    .attr('fill', (b) => fills[b.i % fills.length]!);
  bar
    .append('text')
    .attr('class', 'bar-value')
    .attr('x', (b) => x(Math.min(b.value, max)) + 5)
    .attr('y', BAR_H / 2)
    .attr('dy', '0.35em')
    .text((b) => b.text);
  return svg.node()!;
}

function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}
