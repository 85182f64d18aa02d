/**
 * A quartile strip: the middle half of a distribution (first to third
 * quartile) as a box on an axis, the median as a line with its value, e.g.
 * when a persona's sessions start on the clock.
 */
import * as d3 from 'd3';
import type { Quartiles } from '../transforms/visits-data.js';

export interface RangeStripOptions {
  domain: [number, number];
  tickValues: number[];
  format: (v: number) => string;
  ariaLabel: string;
  width?: number;
}

export function rangeStrip(q: Quartiles, opts: RangeStripOptions): SVGSVGElement {
  const width = opts.width ?? 280;
  const height = 58;
  const x = d3.scaleLinear().domain(opts.domain).range([14, width - 14]).clamp(true);
  const svg = d3.create('svg').attr('class', 'range-strip').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', opts.ariaLabel);
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - 18})`)
    .call(
      d3
        .axisBottom(x)
        .tickValues(opts.tickValues)
        .tickFormat((v) => opts.format(v as number))
        .tickSizeOuter(0),
    );
  svg
    .append('rect')
    .attr('x', x(q.q1))
    .attr('y', 16)
    .attr('width', Math.max(2, x(q.q3) - x(q.q1)))
    .attr('height', 20)
    .attr('fill', '#a1dab4')
    .attr('stroke', '#225ea8');
  svg.append('line').attr('x1', x(q.median)).attr('x2', x(q.median)).attr('y1', 12).attr('y2', 40).attr('stroke', '#0c2c84').attr('stroke-width', 3);
  const mx = x(q.median);
  svg
    .append('text')
    .attr('class', 'bar-value')
    .attr('x', mx)
    .attr('y', 9)
    .attr('text-anchor', mx < 40 ? 'start' : mx > width - 40 ? 'end' : 'middle')
    .text(`median ${opts.format(q.median)}`);
  return svg.node()!;
}
