/**
 * Lines over time (occupancy per floor or zone). Each line is named at its
 * right end and drawn with its own dash pattern as well as its own colour
 * (a colour-blind-safe palette), so lines are told apart without colour.
 * Times are labelled on the site's clock.
 */
import * as d3 from 'd3';
import type { LineSeries } from '../transforms/patterns-data.js';

export interface LineChartOptions {
  width?: number;
  height?: number;
  timeZone: string;
  ariaLabel: string;
  yLabel: string;
  /** Show dates only on the time axis (daily points). */
  daily?: boolean;
}

/** Okabe and Ito's palette, distinguishable with the common colour-vision deficiencies. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#7a6a00'];
export const SERIES_DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', '12 2 2 2'];

const MARGIN = { top: 24, left: 44, bottom: 28 };

export function lineChart(series: LineSeries[], opts: LineChartOptions): SVGSVGElement {
  const width = opts.width ?? 900;
  const height = opts.height ?? 280;
  const labelRoom = Math.min(190, 32 + 6.5 * Math.max(0, ...series.map((s) => s.label.length)));
  const all = series.flatMap((s) => s.points);
  const x = d3
    .scaleUtc()
    .domain(d3.extent(all, (p) => p.t) as [number, number])
    .range([MARGIN.left, width - labelRoom]);
  const y = d3
    .scaleLinear()
    .domain([0, Math.max(1, d3.max(all, (p) => p.v) ?? 1)])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const svg = d3.create('svg').attr('class', 'line-chart').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', opts.ariaLabel);
  svg.append('text').attr('class', 'axis-title').attr('x', 0).attr('y', 12).text(opts.yLabel);

  const day = new Intl.DateTimeFormat('en-GB', { timeZone: opts.timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const dayShort = new Intl.DateTimeFormat('en-GB', { timeZone: opts.timeZone, day: 'numeric', month: 'short' });
  const spanDays = (x.domain()[1]!.getTime() - x.domain()[0]!.getTime()) / 86_400_000;
  const ticks = Math.max(2, Math.floor((width - labelRoom - MARGIN.left) / 90));
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(
      d3
        .axisBottom(x)
        .ticks(spanDays <= 1.5 ? ticks : Math.min(ticks, Math.ceil(spanDays)))
        .tickFormat((d) => (spanDays <= 14 ? day : dayShort).format(d as Date)),
    );
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${MARGIN.left},0)`)
    .call(d3.axisLeft(y).ticks(5).tickSize(-(width - labelRoom - MARGIN.left)))
    .call((g) => g.selectAll('.tick line').attr('stroke', '#e3e3e3'))
    .call((g) => g.select('.domain').remove());

  const line = d3
    .line<{ t: number; v: number }>()
    .x((p) => x(p.t))
    .y((p) => y(p.v));
  svg
    .append('g')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('fill', 'none')
    .attr('stroke', (_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]!)
    .attr('stroke-dasharray', (_, i) => SERIES_DASHES[i % SERIES_DASHES.length]!)
    .attr('stroke-width', 1.6)
    .attr('d', (s) => line(s.points));

  // Names at the lines' right ends, nudged apart so they never overlap.
  const ends = series.map((s, i) => ({ label: s.label, i, y: y(s.points.at(-1)?.v ?? 0) })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) ends[k]!.y = Math.max(ends[k]!.y, ends[k - 1]!.y + 13);
  const overflow = (ends.at(-1)?.y ?? 0) - (height - MARGIN.bottom);
  if (overflow > 0) for (const e of ends) e.y -= overflow;
  const key = svg
    .append('g')
    .selectAll('g')
    .data(ends)
    .join('g')
    .attr('transform', (e) => `translate(${width - labelRoom + 4},${e.y})`);
  key
    .append('line')
    .attr('x2', 16)
    .attr('stroke', (e) => SERIES_COLOURS[e.i % SERIES_COLOURS.length]!)
    .attr('stroke-dasharray', (e) => SERIES_DASHES[e.i % SERIES_DASHES.length]!)
    .attr('stroke-width', 2);
  key
    .append('text')
    .attr('class', 'series-label')
    .attr('x', 20)
    .attr('dy', '0.35em')
    .attr('fill', (e) => darken(SERIES_COLOURS[e.i % SERIES_COLOURS.length]!))
    .text((e) => e.label);
  return svg.node()!;
}

/** Label text in its line's hue, darkened until it reads on white (WCAG AA, 4.5:1). */
function darken(colour: string): string {
  let c = d3.hsl(colour);
  while (contrastOnWhite(c.formatHex()) < 4.5 && c.l > 0.05) c = c.darker(0.2);
  return c.formatHex();
}

function contrastOnWhite(colour: string): number {
  const { r, g, b } = d3.rgb(colour);
  const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 1.05 / (0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) + 0.05);
}
