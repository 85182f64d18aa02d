/**
 * The small figures beside a layout recommendation: a floor plan with the
 * zones it is about filled, outlined and named (so the highlight does not rest
 * on colour alone) and its points marked and labelled; and arrivals by hour
 * as bars, further series as dashed lines, the marked hours as dashed
 * verticals with their label. Both are images with a title and an accessible
 * name; the page puts a text alternative beside them.
 */
import * as d3 from 'd3';
import type { EvidenceMapData, HourlyChartData } from '../transforms/recommendations.js';
import { formatValue, POINT_RADIUS } from '../transforms/recommendations.js';
import { SERIES_COLOURS, SERIES_DASHES } from './line-chart.js';

let ids = 0;

/** Makes the figure an image named by its title; returns the figure's number, unique on the page. */
function titled(svg: d3.Selection<SVGSVGElement, undefined, null, undefined>, title: string): number {
  const n = ++ids;
  svg.attr('role', 'img').attr('aria-labelledby', `evidence-figure-${n}`);
  svg.append('title').attr('id', `evidence-figure-${n}`).text(title);
  return n;
}

/** A floor plan with the recommendation's zones and points picked out. */
export function evidenceMap(data: EvidenceMapData): SVGSVGElement {
  const svg = d3.create('svg').attr('class', 'evidence-map').attr('viewBox', `0 0 ${data.width} ${data.height}`).attr('width', data.width).attr('height', data.height);
  const hatch = `evidence-hatch-${titled(svg, data.description)}`;
  svg
    .append('defs')
    .append('pattern')
    .attr('id', hatch)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternTransform', 'rotate(45)')
    .append('rect')
    .attr('width', 2)
    .attr('height', 6)
    .attr('class', 'evidence-hatch');
  svg.append('rect').attr('class', 'evidence-floor').attr('width', data.width).attr('height', data.height);
  const zones = svg.append('g');
  // Faint zones first, picked-out ones on top so their outlines are whole.
  const ordered = [...data.zones].sort((a, b) => Number(a.highlighted) - Number(b.highlighted));
  zones
    .selectAll('path')
    .data(ordered)
    .join('path')
    .attr('class', (z) => (z.highlighted ? 'evidence-zone lit' : 'evidence-zone'))
    .attr('data-zone', (z) => z.id)
    .attr('d', (z) => z.path);
  zones
    .selectAll('path.overlay')
    .data(ordered.filter((z) => z.highlighted))
    .join('path')
    .attr('class', 'overlay')
    .attr('d', (z) => z.path)
    .attr('fill', `url(#${hatch})`)
    .attr('pointer-events', 'none');
  svg
    .append('g')
    .selectAll('circle')
    .data(data.points)
    .join('circle')
    .attr('class', 'evidence-point')
    .attr('cx', (p) => p.at[0])
    .attr('cy', (p) => p.at[1])
    .attr('r', POINT_RADIUS);
  svg
    .append('g')
    .selectAll('text')
    .data(data.labels)
    .join('text')
    .attr('class', (l) => `evidence-${l.kind}-label`)
    .attr('x', (l) => l.x)
    .attr('y', (l) => l.y)
    .text((l) => l.text);
  return svg.node()!;
}

/** Values by hour of day with the marked hours. */
export function hourlyEvidenceChart(data: HourlyChartData, title: string): SVGSVGElement {
  const { plot, slot } = data;
  const svg = d3.create('svg').attr('class', 'evidence-hourly').attr('viewBox', `0 0 ${data.width} ${data.height}`).attr('width', data.width).attr('height', data.height);
  titled(svg, title);
  const grid = svg.append('g').attr('class', 'axis');
  for (const t of data.ticks) {
    grid.append('line').attr('x1', plot.left).attr('x2', plot.right).attr('y1', data.yOf(t)).attr('y2', data.yOf(t)).attr('stroke', '#e3e3e3');
    grid.append('text').attr('x', plot.left - 4).attr('y', data.yOf(t)).attr('dy', '0.35em').attr('text-anchor', 'end').text(formatValue(t));
  }
  const every = slot >= 18 ? 1 : slot >= 9 ? 2 : 3;
  for (const [i, hour] of data.hours.entries()) {
    if (i % every !== 0) continue;
    grid.append('text').attr('x', data.xOf(hour) + slot / 2).attr('y', plot.bottom + 14).attr('text-anchor', 'middle').text(String(hour).padStart(2, '0'));
  }
  if (data.bars) {
    svg
      .append('g')
      .selectAll('rect')
      .data(data.bars.values.filter((v) => v.value > 0))
      .join('rect')
      .attr('x', (v) => data.xOf(v.hour) + slot * 0.15)
      .attr('width', slot * 0.7)
      .attr('y', (v) => data.yOf(v.value))
      .attr('height', (v) => plot.bottom - data.yOf(v.value))
      .attr('fill', SERIES_COLOURS[0]!);
  }
  const line = d3
    .line<{ hour: number; value: number }>()
    .x((v) => data.xOf(v.hour) + slot / 2)
    .y((v) => data.yOf(v.value));
  svg
    .append('g')
    .selectAll('path')
    .data(data.lines)
    .join('path')
    .attr('fill', 'none')
    .attr('stroke-width', 2)
    .attr('stroke', (_, i) => SERIES_COLOURS[(i + 1) % SERIES_COLOURS.length]!)
    .attr('stroke-dasharray', (_, i) => SERIES_DASHES[(i + 1) % SERIES_DASHES.length]!)
    .attr('d', (s) => line(s.values));
  const legend = svg.append('g').attr('class', 'evidence-legend');
  for (const item of data.legend) {
    const colour = SERIES_COLOURS[item.index % SERIES_COLOURS.length]!;
    if (item.kind === 'bar') legend.append('rect').attr('x', item.x).attr('y', item.y - 9).attr('width', 18).attr('height', 9).attr('fill', colour);
    else legend.append('line').attr('x1', item.x).attr('x2', item.x + 18).attr('y1', item.y - 4).attr('y2', item.y - 4).attr('stroke', colour).attr('stroke-width', 2).attr('stroke-dasharray', SERIES_DASHES[item.index % SERIES_DASHES.length]!);
    legend.append('text').attr('x', item.x + 22).attr('y', item.y).text(item.label);
  }
  svg.append('line').attr('class', 'baseline').attr('x1', plot.left).attr('x2', plot.right).attr('y1', plot.bottom).attr('y2', plot.bottom);
  const marks = svg.append('g').attr('class', 'evidence-marks');
  for (const [i, m] of data.marks.entries()) {
    const labelY = 12 + (i % 2) * 13;
    marks.append('line').attr('x1', m.x).attr('x2', m.x).attr('y1', labelY + 3).attr('y2', plot.bottom).attr('class', 'evidence-mark');
    const right = m.x > data.width * 0.6;
    marks
      .append('text')
      .attr('x', right ? m.x - 3 : m.x + 3)
      .attr('y', labelY)
      .attr('text-anchor', right ? 'end' : 'start')
      .text(m.label);
  }
  return svg.node()!;
}
