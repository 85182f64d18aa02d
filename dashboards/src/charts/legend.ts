/**
 * A horizontal legend for a sequential colour scale, with tick labels and a
 * "no data" swatch (hatched, as on the map).
 */
import * as d3 from 'd3';

export function legend(opts: { title: string; colour: (v: number) => string; domain: [number, number]; format: (v: number) => string; width?: number }): SVGSVGElement {
  const width = opts.width ?? 320;
  const height = 46;
  const barWidth = width - 90;
  const svg = d3.create('svg').attr('class', 'legend').attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', `${opts.title}: from ${opts.format(opts.domain[0])} (light) to ${opts.format(opts.domain[1])} (dark)`);
  svg.append('text').attr('x', 0).attr('y', 11).attr('font-weight', 600).text(opts.title);
  const steps = 40;
  const x = d3.scaleLinear().domain(opts.domain).range([0, barWidth]);
  for (let i = 0; i < steps; i++) {
    const v = opts.domain[0] + ((opts.domain[1] - opts.domain[0]) * (i + 0.5)) / steps;
    svg.append('rect').attr('x', (barWidth * i) / steps).attr('y', 16).attr('width', barWidth / steps + 0.5).attr('height', 12).attr('fill', opts.colour(v));
  }
  const ticks = x.ticks(4);
  // The end ticks align with the bar's ends so their labels are not cut off.
  ticks.forEach((t, i) =>
    svg
      .append('text')
      .attr('x', x(t))
      .attr('y', 42)
      .attr('text-anchor', i === 0 && x(t) < 12 ? 'start' : i === ticks.length - 1 && x(t) > barWidth - 12 ? 'end' : 'middle')
      .text(opts.format(t)),
  );
  const defs = svg.append('defs');
  defs.append('pattern').attr('id', 'legend-no-data').attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)').append('rect').attr('width', 1.5).attr('height', 6).attr('fill', '#bdbdbd');
  svg.append('rect').attr('x', barWidth + 14).attr('y', 16).attr('width', 16).attr('height', 12).attr('fill', 'url(#legend-no-data)').attr('stroke', '#888');
  svg.append('text').attr('x', barWidth + 34).attr('y', 26).text('no data');
  return svg.node()!;
}
