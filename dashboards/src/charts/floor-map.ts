/**
 * The floor map: the floor's outline, zones coloured by a metric and labelled
 * with their value (so no meaning rests on colour alone), density contours,
 * hot spots, doors and sensors. Zoom and pan with the mouse, touch or the
 * keyboard (+, −, 0); zones are focusable and announce their numbers.
 *
 * Returns the SVG and `update(values)` to recolour zones without redrawing
 * (playback and live mode call it many times a second).
 */
import * as d3 from 'd3';
import { contourLevels, type FloorMapData } from '../transforms/floor-map-data.js';

export interface FloorMapOptions {
  /** Colour of a value; null values are drawn hatched ("no data"). */
  colour: (v: number) => string;
  describe: (v: number) => string;
  /** Shows a tooltip near the pointer; null hides it. */
  onTooltip?: (lines: string[] | null, at?: [number, number]) => void;
  showContours?: boolean;
  showSensors?: boolean;
}

export interface FloorMap {
  node: SVGSVGElement;
  update(values: Map<string, number | null>, facts?: Map<string, string[]>): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function floorMap(data: FloorMapData, opts: FloorMapOptions): FloorMap {
  const svg = d3
    .create('svg')
    .attr('xmlns', SVG_NS)
    .attr('viewBox', `0 0 ${data.width} ${data.height}`)
    .attr('role', 'group')
    .attr('aria-label', 'Floor map');
  const defs = svg.append('defs');
  defs
    .append('pattern')
    .attr('id', 'no-data')
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 1)
    .attr('height', 1)
    .attr('patternTransform', 'rotate(45)')
    .append('rect')
    .attr('width', 0.25)
    .attr('height', 1)
    .attr('fill', '#bdbdbd');
  const world = svg.append('g').attr('class', 'world');
  world.append('rect').attr('width', data.width).attr('height', data.height).attr('fill', '#fff').attr('stroke', '#888').attr('stroke-width', 0.1);

  const facts = new Map(data.zones.map((z) => [z.id, z.facts]));
  const zones = world
    .append('g')
    .attr('class', 'zones')
    .selectAll('path')
    .data(data.zones)
    .join('path')
    .attr('class', 'zone')
    .attr('data-zone', (z) => z.id)
    .attr('d', (z) => `M${z.polygon.map((p) => p.join(',')).join('L')}Z`)
    .attr('tabindex', 0)
    .attr('role', 'img');
  const labels = world
    .append('g')
    .attr('class', 'zone-labels')
    .attr('pointer-events', 'none')
    .selectAll('text')
    .data(data.zones)
    .join('text')
    .attr('x', (z) => z.centroid[0])
    .attr('y', (z) => z.centroid[1])
    .attr('text-anchor', 'middle')
    .attr('font-size', Math.max(0.6, Math.min(data.width, data.height) / 40))
    .attr('paint-order', 'stroke')
    .attr('stroke', '#fff')
    .attr('stroke-width', 0.15);
  labels.append('tspan').attr('class', 'zone-name').attr('x', (z) => z.centroid[0]).text((z) => z.name);
  const valueLabels = labels.append('tspan').attr('class', 'zone-value').attr('x', (z) => z.centroid[0]).attr('dy', '1.2em').attr('font-weight', 700);

  if (data.grid && opts.showContours !== false) {
    const g = data.grid;
    const levels = contourLevels(g.max);
    const contours = d3.contours().size([g.cols, g.rows]).thresholds(levels)(g.values);
    const path = d3.geoPath(d3.geoIdentity().scale(g.cellSize));
    world
      .append('g')
      .attr('class', 'contours')
      .attr('pointer-events', 'none')
      .selectAll('path')
      .data(contours)
      .join('path')
      .attr('class', 'contour')
      .attr('d', (c) => path(c))
      .attr('stroke-width', (_, i) => 0.04 + 0.03 * i);
  }

  const hot = world.append('g').attr('class', 'hotspots').attr('pointer-events', 'none');
  for (const [i, s] of data.hotspots.entries()) {
    const r = Math.max(0.8, Math.sqrt(s.areaM2 / Math.PI));
    hot.append('circle').attr('class', 'hotspot').attr('cx', s.centroid[0]).attr('cy', s.centroid[1]).attr('r', r).attr('stroke-width', 0.15);
    hot
      .append('text')
      .attr('class', 'hotspot-label')
      .attr('x', s.centroid[0])
      .attr('y', s.centroid[1] - r - 0.3)
      .attr('text-anchor', 'middle')
      .text(`Hot spot ${i + 1}: ${Math.round(s.share * 100)} %`);
  }

  if (opts.showSensors !== false) {
    const sensors = world.append('g').attr('class', 'sensors').attr('pointer-events', 'none');
    for (const s of data.sensors) {
      if (s.kind === 'door') sensors.append('rect').attr('x', s.position[0] - 0.4).attr('y', s.position[1] - 0.4).attr('width', 0.8).attr('height', 0.8).attr('fill', '#16324f');
      else sensors.append('circle').attr('cx', s.position[0]).attr('cy', s.position[1]).attr('r', s.kind === 'desk' ? 0.18 : 0.35).attr('fill', s.kind === 'desk' ? '#555' : '#16324f');
    }
  }

  const update = (values: Map<string, number | null>, newFacts?: Map<string, string[]>) => {
    if (newFacts) for (const [k, v] of newFacts) facts.set(k, v);
    zones
      .attr('fill', (z) => {
        const v = values.get(z.id);
        return v === null || v === undefined ? 'url(#no-data)' : opts.colour(v);
      })
      .attr('aria-label', (z) => {
        const v = values.get(z.id);
        return `${z.name}: ${v === null || v === undefined ? 'no data' : opts.describe(v)}. ${(facts.get(z.id) ?? []).join('. ')}`;
      });
    valueLabels.text((z) => {
      const v = values.get(z.id);
      return v === null || v === undefined ? 'no data' : opts.describe(v);
    });
  };
  update(new Map(data.zones.map((z) => [z.id, z.value])));

  const tooltipFor = (z: (typeof data.zones)[number]) => [z.name, ...(facts.get(z.id) ?? [])];
  zones
    .on('pointermove', (event: PointerEvent, z) => opts.onTooltip?.(tooltipFor(z), [event.offsetX, event.offsetY]))
    .on('pointerleave', () => opts.onTooltip?.(null))
    .on('focus', (event: FocusEvent, z) => {
      const box = (event.target as SVGGraphicsElement).getBoundingClientRect();
      const own = svg.node()!.getBoundingClientRect();
      opts.onTooltip?.(tooltipFor(z), [box.x - own.x + box.width / 2, box.y - own.y + box.height / 2]);
    })
    .on('blur', () => opts.onTooltip?.(null));

  const zoom = d3
    .zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, 12])
    .translateExtent([
      [0, 0],
      [data.width, data.height],
    ])
    .on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => world.attr('transform', event.transform.toString()));
  const canvas = svg as unknown as d3.Selection<SVGSVGElement, unknown, null, undefined>;
  canvas.call(zoom).on('dblclick.zoom', null);
  canvas.attr('tabindex', 0).on('keydown', (event: KeyboardEvent) => {
    if (event.key === '+' || event.key === '=') zoom.scaleBy(canvas, 1.4);
    else if (event.key === '-') zoom.scaleBy(canvas, 1 / 1.4);
    else if (event.key === '0') zoom.transform(canvas, d3.zoomIdentity);
  });
  return { node: svg.node()!, update };
}
