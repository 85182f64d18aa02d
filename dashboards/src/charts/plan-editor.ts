/**
 * The Setup page's drawing surface: one floor in its metre frame (origin
 * top-left, y down, one SVG unit per metre), with its plan as a background
 * image, its zones and sensors, and the outline being drawn or edited.
 *
 * It draws and reports; the page decides. Clicks on the floor while drawing
 * or placing become `onPick`, clicking the first point of an open outline
 * `onClose`, and drags of sensors and outline points end in `onSensorDrop` /
 * `onVertexDrop` with the point rounded to 0.1 m and kept on the floor.
 * Zones and the selected sensor are focusable: Enter selects, arrow keys on
 * a sensor go to `onSensorKey` (the page nudges and saves).
 */
import * as d3 from 'd3';
import type { Point } from '../api/client.js';
import { clampPoint, type SensorKind } from '../transforms/setup-edit.js';

export interface PlanEditorData {
  width: number;
  height: number;
  /** URL of the floor's SVG plan, drawn under everything; null when the floor has none. */
  planHref: string | null;
  zones: { key: string; name: string; polygon: Point[] }[];
  sensors: { key: string; kind: SensorKind; position: Point }[];
  selectedZone: string | null;
  selectedSensor: string | null;
  /** The outline being drawn (open) or edited (closed); drawn over the zones with draggable points. */
  draft: { points: Point[]; closed: boolean } | null;
  /** 'draw' and 'place' turn clicks on the floor into picked points. */
  mode: 'select' | 'draw' | 'place';
  label: string;
}

export interface PlanEditorOptions {
  onPick(point: Point): void;
  onClose(): void;
  onSelectZone(key: string): void;
  onSelectSensor(key: string): void;
  onSensorDrop(key: string, point: Point): void;
  onVertexDrop(index: number, point: Point): void;
  onSensorKey(key: string, event: KeyboardEvent): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const pathOf = (points: Point[], closed: boolean) => (points.length ? `M${points.map((p) => p.join(',')).join('L')}${closed ? 'Z' : ''}` : '');
const activate = (event: KeyboardEvent) => event.key === 'Enter' || event.key === ' ';

export function planEditor(data: PlanEditorData, opts: PlanEditorOptions): SVGSVGElement {
  const size = { width: data.width, height: data.height };
  // Marks are sized from the floor so they stay grabbable on small and large floors alike.
  const unit = Math.max(data.width, data.height) / 120;
  const svg = d3
    .create('svg')
    .attr('xmlns', SVG_NS)
    .attr('viewBox', `0 0 ${data.width} ${data.height}`)
    .attr('class', `plan-editor mode-${data.mode}`)
    .attr('role', 'group')
    .attr('aria-label', data.label)
    .attr('data-testid', 'setup-plan')
    .attr('tabindex', 0);
  const node = svg.node()!;
  const at = (event: Event): Point => clampPoint(d3.pointer(event, node) as Point, size);

  svg.append('rect').attr('class', 'floor-outline').attr('width', data.width).attr('height', data.height);
  if (data.planHref) svg.append('image').attr('href', data.planHref).attr('width', data.width).attr('height', data.height).attr('preserveAspectRatio', 'xMinYMin meet').attr('class', 'floor-plan-image');

  const zones = svg.append('g').attr('class', 'zones');
  const fontSize = Math.max(0.6, Math.min(data.width, data.height) / 40);
  for (const z of data.zones) {
    const selected = z.key === data.selectedZone;
    zones
      .append('path')
      .attr('class', `setup-zone${selected ? ' selected' : ''}`)
      .attr('d', pathOf(z.polygon, true))
      .attr('data-zone', z.key)
      .attr('data-testid', `plan-zone-${z.key}`)
      .attr('tabindex', data.mode === 'select' ? 0 : -1)
      .attr('role', 'button')
      .attr('aria-pressed', String(selected))
      .attr('aria-label', `Zone ${z.name} (${z.key}): edit`)
      .on('click', () => opts.onSelectZone(z.key))
      .on('keydown', (event: KeyboardEvent) => {
        if (!activate(event)) return;
        event.preventDefault();
        opts.onSelectZone(z.key);
      })
      .append('title')
      .text(`${z.name} (${z.key})`);
    const [cx, cy] = d3.polygonCentroid(z.polygon as [number, number][]);
    zones.append('text').attr('class', 'setup-zone-label').attr('x', cx).attr('y', cy).attr('font-size', fontSize).attr('text-anchor', 'middle').attr('dominant-baseline', 'middle').text(z.name);
  }

  const sensors = svg.append('g').attr('class', 'sensors');
  for (const s of data.sensors) {
    const selected = s.key === data.selectedSensor;
    const g = sensors
      .append('g')
      .attr('class', `setup-sensor kind-${s.kind}${selected ? ' selected' : ''}`)
      .attr('transform', `translate(${s.position[0]},${s.position[1]})`)
      .attr('data-sensor', s.key)
      .attr('data-testid', `plan-sensor-${s.key}`)
      // Only the selected sensor is in the tab order: a floor holds hundreds, the side panel lists them all.
      .attr('tabindex', selected ? 0 : -1)
      .attr('role', 'button')
      .attr('aria-label', `${s.kind} sensor ${s.key} at ${s.position[0]}, ${s.position[1]} m${selected ? ': arrow keys move it by 0.1 m (Shift: 1 m)' : ''}`);
    g.append('title').text(`${s.kind} sensor ${s.key}`);
    // A ring around the selected sensor, and a shape per kind, so the kind never rests on colour.
    if (selected) g.append('circle').attr('class', 'sensor-ring').attr('r', unit * 1.6).attr('stroke-width', unit * 0.3);
    if (s.kind === 'door') g.append('rect').attr('x', -unit).attr('y', -unit).attr('width', unit * 2).attr('height', unit * 2);
    else g.append('circle').attr('r', s.kind === 'desk' ? unit * 0.7 : unit * 1.1);
    g.on('click', () => opts.onSelectSensor(s.key)).on('keydown', (event: KeyboardEvent) => {
      if (activate(event)) {
        event.preventDefault();
        opts.onSelectSensor(s.key);
      } else if (event.key.startsWith('Arrow')) {
        event.preventDefault();
        opts.onSensorKey(s.key, event);
      }
    });
    if (data.mode === 'select') {
      let moved = false;
      g.call(
        d3
          .drag<SVGGElement, undefined>()
          .on('start', () => (moved = false))
          .on('drag', (event: d3.D3DragEvent<SVGGElement, undefined, unknown>) => {
            moved = true;
            const [x, y] = at(event.sourceEvent as Event);
            g.attr('transform', `translate(${x},${y})`);
          })
          .on('end', (event: d3.D3DragEvent<SVGGElement, undefined, unknown>) => {
            if (moved) opts.onSensorDrop(s.key, at(event.sourceEvent as Event));
          }),
      );
    }
  }

  // While drawing or placing, a transparent sheet over the floor takes the clicks (zones and sensors stay visible).
  if (data.mode !== 'select') svg.append('rect').attr('class', 'pick-layer').attr('width', data.width).attr('height', data.height).on('click', (event: MouseEvent) => opts.onPick(at(event)));

  if (data.draft) drawDraft(svg, data.draft, unit, at, opts);
  return node;
}

/** The outline being drawn or edited, with a draggable handle on each point. */
function drawDraft(svg: d3.Selection<SVGSVGElement, undefined, null, undefined>, draft: NonNullable<PlanEditorData['draft']>, unit: number, at: (event: Event) => Point, opts: PlanEditorOptions): void {
  const points = draft.points.map((p) => [...p] as Point);
  const g = svg.append('g').attr('class', `draft${draft.closed ? ' closed' : ''}`);
  const outline = g.append('path').attr('class', 'draft-outline').attr('d', pathOf(points, draft.closed)).attr('stroke-width', unit * 0.35);
  points.forEach((p, i) => {
    // The first point of an open outline closes it: drawn larger so it is easy to hit.
    const closer = !draft.closed && i === 0 && points.length >= 3;
    const handle = g
      .append('circle')
      .attr('class', `vertex${closer ? ' closer' : ''}`)
      .attr('cx', p[0])
      .attr('cy', p[1])
      .attr('r', unit * (closer ? 1.4 : 0.9))
      .attr('stroke-width', unit * 0.3)
      .attr('data-testid', `plan-vertex-${i}`);
    handle.append('title').text(closer ? 'Close the outline' : `Point ${i + 1}: drag to move`);
    if (closer)
      handle.on('click', (event: MouseEvent) => {
        event.stopPropagation();
        opts.onClose();
      });
    let moved = false;
    handle.call(
      d3
        .drag<SVGCircleElement, undefined>()
        .on('start', () => (moved = false))
        .on('drag', (event: d3.D3DragEvent<SVGCircleElement, undefined, unknown>) => {
          moved = true;
          points[i] = at(event.sourceEvent as Event);
          handle.attr('cx', points[i]![0]).attr('cy', points[i]![1]);
          outline.attr('d', pathOf(points, draft.closed));
        })
        .on('end', () => {
          if (moved) opts.onVertexDrop(i, points[i]!);
        }),
    );
  });
}
