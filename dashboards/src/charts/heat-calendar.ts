/**
 * A weekday x hour heat calendar: one cell per weekday and clock hour,
 * coloured by a sequential scale and labelled with its value (so nothing
 * rests on colour alone). Closed or data-less cells are hatched. Hovering a
 * cell reports its lines (mean, p90, days) through `onHover`.
 */
import * as d3 from 'd3';
import type { HeatCell } from '../transforms/patterns-data.js';

export interface HeatCalendarOptions {
  rows: string[];
  hours: number[];
  colour: (v: number) => string;
  /** The value as printed in a cell ("48", "12"). */
  format: (v: number) => string;
  /** Tooltip lines for a cell and the pointer's position in the chart's parent element (position that one); null hides it. */
  onHover?: (lines: string[] | null, at?: [number, number]) => void;
  describe: (cell: HeatCell) => string[];
  width?: number;
  ariaLabel: string;
}

const MARGIN = { top: 22, right: 4, bottom: 4, left: 40 };

export function heatCalendar(cells: HeatCell[], opts: HeatCalendarOptions): SVGSVGElement {
  const width = opts.width ?? 900;
  const cellW = (width - MARGIN.left - MARGIN.right) / Math.max(1, opts.hours.length);
  const cellH = Math.min(34, Math.max(22, cellW * 0.6));
  const height = MARGIN.top + MARGIN.bottom + cellH * opts.rows.length;
  const x = d3.scaleBand<number>().domain(opts.hours).range([MARGIN.left, width - MARGIN.right]).paddingInner(0.06);
  const y = d3.scaleBand<number>().domain(d3.range(opts.rows.length)).range([MARGIN.top, height - MARGIN.bottom]).paddingInner(0.08);

  const svg = d3.create('svg').attr('class', 'heat-calendar').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', opts.ariaLabel);
  svg
    .append('defs')
    .append('pattern')
    .attr('id', 'heat-closed')
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternTransform', 'rotate(45)')
    .append('rect')
    .attr('width', 1.5)
    .attr('height', 6)
    .attr('fill', '#bdbdbd');

  // Label every other hour when cells are narrow, so the labels never collide.
  const step = cellW < 34 ? 2 : 1;
  svg
    .append('g')
    .selectAll('text')
    .data(opts.hours.filter((_, i) => i % step === 0))
    .join('text')
    .attr('class', 'axis-label')
    .attr('x', (h) => x(h)! + x.bandwidth() / 2)
    .attr('y', MARGIN.top - 7)
    .attr('text-anchor', 'middle')
    .text((h) => `${String(h).padStart(2, '0')}`);
  svg
    .append('g')
    .selectAll('text')
    .data(opts.rows)
    .join('text')
    .attr('class', 'axis-label')
    .attr('x', MARGIN.left - 6)
    .attr('y', (_, i) => y(i)! + y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d);

  const cell = svg
    .append('g')
    .selectAll('g')
    .data(cells)
    .join('g')
    .attr('transform', (c) => `translate(${x(c.hour)},${y(c.row)})`);
  cell
    .append('rect')
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('rx', 2)
    .attr('fill', (c) => (c.value === null ? 'url(#heat-closed)' : opts.colour(c.value)))
    .attr('stroke', (c) => (c.value === null ? '#d0d0d0' : 'none'));
  cell
    .filter((c) => c.value !== null)
    .append('text')
    .attr('class', 'cell-label')
    .attr('x', x.bandwidth() / 2)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('fill', (c) => textOn(opts.colour(c.value!)))
    .text((c) => opts.format(c.value!));

  if (opts.onHover) {
    const hover = opts.onHover;
    cell
      .on('pointermove', (event: PointerEvent, c) => hover(opts.describe(c), d3.pointer(event, svg.node()!.parentElement) as [number, number]))
      .on('pointerleave', () => hover(null));
  }
  return svg.node()!;
}

/** Black or white text, whichever reads better on a fill. */
function textOn(fill: string): string {
  const c = d3.rgb(fill);
  const lum = (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255;
  return lum > 0.5 ? '#1b1b1b' : '#ffffff';
}
