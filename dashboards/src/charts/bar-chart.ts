/**
 * Vertical bars with their values printed on them: arrivals per hour, dwell
 * bands, weekly values, changes per weekday (negative bars hang below a zero
 * line). A null value is marked "–" at the baseline rather than drawn as 0.
 */
import * as d3 from 'd3';

export interface Bar {
  label: string;
  value: number | null;
  /** Groups bars for colour and a dividing gap, e.g. "before"/"after". */
  group?: string;
}

export interface BarChartOptions {
  width?: number;
  height?: number;
  /** Printed value on or above a bar. */
  format: (v: number) => string;
  ariaLabel: string;
  /** Axis title, top left. */
  yLabel?: string;
  /** Fill of a bar, by its group (default: one blue). */
  fill?: (bar: Bar) => string;
  /** Upper end of the scale, so small multiples share one (default: the largest value). */
  max?: number;
  /** Print values only when bars are at least this wide (px), to keep them legible. */
  minLabelWidth?: number;
}

const MARGIN = { top: 22, right: 8, bottom: 24, left: 8 };

export function barChart(bars: Bar[], opts: BarChartOptions): SVGSVGElement {
  const width = opts.width ?? 640;
  const height = opts.height ?? 200;
  const values = bars.map((b) => b.value ?? 0);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, opts.max ?? 0, ...values);
  const x = d3.scaleBand<number>().domain(d3.range(bars.length)).range([MARGIN.left, width - MARGIN.right]).paddingInner(0.18).paddingOuter(0.05);
  // Room above positive bars and below negative ones for their labels.
  const y = d3
    .scaleLinear()
    .domain([lo, hi === lo ? 1 : hi])
    .range([height - MARGIN.bottom - (lo < 0 ? 14 : 0), MARGIN.top + 14]);
  const svg = d3.create('svg').attr('class', 'bar-chart').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', opts.ariaLabel);
  if (opts.yLabel) svg.append('text').attr('class', 'axis-title').attr('x', MARGIN.left).attr('y', 12).text(opts.yLabel);

  const fill = opts.fill ?? (() => '#2c7fb8');
  const g = svg
    .append('g')
    .selectAll('g')
    .data(bars)
    .join('g')
    .attr('transform', (_, i) => `translate(${x(i)},0)`);
  g.append('rect')
    .attr('width', x.bandwidth())
    .attr('y', (b) => y(Math.max(0, b.value ?? 0)))
    .attr('height', (b) => Math.abs(y(b.value ?? 0) - y(0)))
    .attr('fill', (b) => fill(b));
  const labelled = x.bandwidth() >= (opts.minLabelWidth ?? 22);
  g.filter((b) => labelled || b.value === null)
    .append('text')
    .attr('class', 'bar-value')
    .attr('x', x.bandwidth() / 2)
    .attr('y', (b) => (b.value === null ? y(0) - 4 : b.value >= 0 ? y(b.value) - 4 : y(b.value) + 12))
    .attr('text-anchor', 'middle')
    .text((b) => (b.value === null ? '–' : opts.format(b.value)));

  svg.append('line').attr('class', 'baseline').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', y(0)).attr('y2', y(0));

  // Category labels under the axis, thinned so they never overlap.
  const every = Math.max(1, Math.ceil(46 / x.step()));
  svg
    .append('g')
    .selectAll('text')
    .data(bars.map((b, i) => ({ b, i })).filter(({ i }) => i % every === 0))
    .join('text')
    .attr('class', 'axis-label')
    .attr('x', ({ i }) => x(i)! + x.bandwidth() / 2)
    .attr('y', height - 6)
    .attr('text-anchor', 'middle')
    .text(({ b }) => b.label);
  return svg.node()!;
}
