import type { ReportFloor, ReportZone } from './report.js';
import type { DensityScale } from './colour-scale.js';
import { bounds, labelPoint, openRing, type Point } from './geometry.js';
import { COLOUR, FONT } from './style.js';
import { toWinAnsi } from './win-ansi.js';

type Doc = PDFKit.PDFDocument;

/** A rectangle on the page, in points from the page's top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a floor lands on the page: the top-left corner of its plan, its size in points and points per metre. */
export interface FloorFrame extends Box {
  scale: number;
}

/**
 * Fits a floor of `size` metres into `box`, keeping its proportions:
 * centred across, top-aligned so captions can follow right below it.
 */
export function fitFloor(size: [number, number], box: Box): FloorFrame {
  const [w, d] = [Math.max(size[0], 1e-6), Math.max(size[1], 1e-6)];
  const scale = Math.min(box.width / w, box.height / d);
  const width = w * scale;
  return { x: box.x + (box.width - width) / 2, y: box.y, width, height: d * scale, scale };
}

/** A position in floor metres (y down, as on the plan) on the page. */
export function toPage(frame: FloorFrame, [mx, my]: Point): Point {
  return [frame.x + mx * frame.scale, frame.y + my * frame.scale];
}

/** Thin frame around the plan, so its extent shows where no zone or density reaches. */
export function drawFloorOutline(doc: Doc, frame: FloorFrame): void {
  doc.save().lineWidth(0.75).strokeColor(COLOUR.rule).rect(frame.x, frame.y, frame.width, frame.height).stroke().restore();
}

/**
 * The density grid as filled rectangles. Cells are coloured by scale level;
 * neighbouring cells of a row on the same level merge into one rectangle and
 * every rectangle of a level is filled in one path, so a 120 x 80 grid stays
 * a few dozen fills. Empty cells stay white.
 */
export function drawDensity(doc: Doc, frame: FloorFrame, density: NonNullable<ReportFloor['density']>, scale: DensityScale): void {
  const { cols, rows, cellSize, values } = density;
  const cell = cellSize * frame.scale;
  const runs: number[][] = Array.from({ length: scale.levels }, () => []);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < cols) {
      const level = scale.level(values[r * cols + c]);
      let end = c + 1;
      while (end < cols && scale.level(values[r * cols + end]) === level) end++;
      if (level >= 0) runs[level].push(c, r, end - c);
      c = end;
    }
  }
  // A hair of overdraw hides the seams some viewers show between touching rectangles.
  const seam = Math.min(0.2, cell * 0.1);
  doc.save();
  doc.rect(frame.x, frame.y, frame.width, frame.height).clip();
  runs.forEach((list, level) => {
    if (list.length === 0) return;
    for (let i = 0; i < list.length; i += 3) {
      doc.rect(frame.x + list[i] * cell, frame.y + list[i + 1] * cell, list[i + 2] * cell + seam, cell + seam);
    }
    doc.fill(scale.colours[level]);
  });
  doc.restore();
}

/** What to draw of a floor besides its zone outlines. */
export interface FloorPlanOptions {
  /** The density grid and the scale that colours it; the plan is white without. */
  density?: { grid: NonNullable<ReportFloor['density']>; scale: DensityScale } | null;
  /** Hot spots: a ring and "label · share". */
  hotspots?: ReportFloor['hotspots'];
  /** Evidence points: a dot and a label. */
  points?: { at: Point; label: string }[];
  /** Zones filled with the accent and outlined strongly; the others are drawn faint. */
  highlight?: ReadonlySet<string>;
  /** Which zones get their name written: all, only the highlighted ones, or none. */
  labels: 'all' | 'highlighted' | 'none';
  /** Type size of zone names and of mark labels, in points. */
  fontSize: number;
  markFontSize: number;
  /** Fill for zones that are not highlighted; none by default (the heatmap shows through). */
  baseFill?: string;
}

/** A label to draw: its text, type and the box it was given. */
interface PlacedLabel extends Box {
  text: string;
  fontSize: number;
  bold: boolean;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * A floor plan: the density grid, the zones, then hot spots or evidence
 * points on top. Labels are placed so they do not cover each other or the
 * marks: a mark's label goes to the right of it, else left, above or below;
 * a zone's name goes to its label point, else a little above or below it.
 */
export function drawFloorPlan(doc: Doc, frame: FloorFrame, zones: readonly ReportZone[], options: FloorPlanOptions): void {
  if (options.density) drawDensity(doc, frame, options.density.grid, options.density.scale);
  drawFloorOutline(doc, frame);
  drawZoneShapes(doc, frame, zones, options);

  const taken: Box[] = [];
  const inside = (b: Box) => b.x >= frame.x && b.y >= frame.y && b.x + b.width <= frame.x + frame.width && b.y + b.height <= frame.y + frame.height;
  const free = (b: Box) => !taken.some((t) => overlaps(t, b));

  // Marks first: they matter most, and zone names make way for them.
  const ringRadius = Math.max(5, Math.min(9, frame.scale * 1.5));
  const marks = [
    ...(options.hotspots ?? []).map((spot) => ({
      at: toPage(frame, spot.centroid),
      radius: ringRadius,
      ring: true,
      text: toWinAnsi(`${spot.label} · ${Math.round(spot.share * 100)}\u00a0%`),
    })),
    ...(options.points ?? []).map((point) => ({ at: toPage(frame, point.at), radius: 3, ring: false, text: toWinAnsi(point.label) })),
  ];
  for (const { at, radius } of marks) taken.push({ x: at[0] - radius - 1, y: at[1] - radius - 1, width: 2 * radius + 2, height: 2 * radius + 2 });
  const markLabels = marks.map((mark) => {
    const size = labelSize(doc, mark.text, options.markFontSize, 100, true);
    const [x, y] = mark.at;
    const r = mark.radius + 3;
    const candidates: [number, number][] = [
      [x + r, y - size.height / 2],
      [x - r - size.width, y - size.height / 2],
      [x - size.width / 2, y - r - size.height],
      [x - size.width / 2, y + r],
    ];
    const boxes = candidates.map(([bx, by]) => ({ x: bx, y: by, ...size }));
    const box = boxes.find((b) => inside(b) && free(b)) ?? boxes.find(inside) ?? boxes[0];
    taken.push(box);
    return { ...box, text: mark.text, fontSize: options.markFontSize, bold: true };
  });

  const zoneLabels: PlacedLabel[] = [];
  if (options.labels !== 'none') {
    for (const zone of zones) {
      if (openRing(zone.polygon).length < 3) continue;
      if (options.labels === 'highlighted' && !options.highlight?.has(zone.zone)) continue;
      const text = toWinAnsi(zone.name);
      const [minX, minY, maxX, maxY] = bounds(zone.polygon);
      const zoneBox = { x: frame.x + minX * frame.scale, y: frame.y + minY * frame.scale, width: (maxX - minX) * frame.scale, height: (maxY - minY) * frame.scale };
      const size = labelSize(doc, text, options.fontSize, Math.max(28, Math.min(zoneBox.width - 4, 110)), false);
      const [x, y] = toPage(frame, labelPoint(zone.polygon));
      const step = size.height + 2;
      const boxes = [0, 1, -1, 2, -2, 3, -3].map((k) => ({ x: x - size.width / 2, y: y - size.height / 2 + k * step, ...size }));
      const within = (b: Box) => b.y >= zoneBox.y && b.y + b.height <= zoneBox.y + zoneBox.height;
      const box = boxes.find((b) => within(b) && free(b)) ?? boxes[0];
      taken.push(box);
      zoneLabels.push({ ...box, text, fontSize: options.fontSize, bold: false });
    }
  }
  for (const label of zoneLabels) drawLabel(doc, label);
  for (const mark of marks) {
    const [x, y] = mark.at;
    if (mark.ring) {
      doc.save().lineWidth(3).strokeColor(COLOUR.white).circle(x, y, mark.radius).stroke();
      doc.lineWidth(1.4).strokeColor(COLOUR.mark).circle(x, y, mark.radius).stroke().restore();
    } else {
      doc.save().lineWidth(1.2).strokeColor(COLOUR.white).fillColor(COLOUR.mark).circle(x, y, mark.radius).fillAndStroke().restore();
    }
  }
  for (const label of markLabels) drawLabel(doc, label);
}

/** Zone polygons, outlined (and filled when highlighted or given a base fill). */
function drawZoneShapes(doc: Doc, frame: FloorFrame, zones: readonly ReportZone[], options: FloorPlanOptions): void {
  doc.save().lineJoin('round');
  for (const zone of zones) {
    const ring = openRing(zone.polygon);
    if (ring.length < 3) continue;
    const lit = options.highlight?.has(zone.zone) ?? false;
    doc.polygon(...ring.map((p) => toPage(frame, p)));
    if (lit) {
      doc.lineWidth(1.1).fillColor(COLOUR.accentLight).strokeColor(COLOUR.accent).fillAndStroke();
    } else if (options.baseFill) {
      doc.lineWidth(0.5).fillColor(options.baseFill).strokeColor(options.highlight ? COLOUR.rule : COLOUR.zoneLine).fillAndStroke();
    } else {
      doc.lineWidth(0.6).strokeColor(COLOUR.zoneLine).stroke();
    }
  }
  doc.restore();
}

/** The box a label needs: its text width up to `maxWidth`, at most two lines, plus a small pad. */
function labelSize(doc: Doc, text: string, fontSize: number, maxWidth: number, bold: boolean): { width: number; height: number } {
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(fontSize);
  const width = Math.min(maxWidth, doc.widthOfString(text) + 0.5);
  const height = Math.min(doc.heightOfString(text, { width, lineGap: 0 }), doc.currentLineHeight(true) * 2);
  return { width: width + 3, height: height + 1.5 };
}

/** A label over a translucent white patch, so it reads on any heatmap colour; cut with an ellipsis past two lines. */
function drawLabel(doc: Doc, label: PlacedLabel): void {
  doc.save().fillOpacity(0.8).fillColor(COLOUR.white).rect(label.x, label.y, label.width, label.height).fill().restore();
  doc.font(label.bold ? FONT.bold : FONT.regular).fontSize(label.fontSize).fillColor(COLOUR.ink);
  const [cx, cy] = [doc.x, doc.y];
  doc.text(label.text, label.x + 1.5, label.y + 1, { width: label.width - 3, height: label.height - 1, align: 'center', ellipsis: true, lineGap: 0 });
  [doc.x, doc.y] = [cx, cy];
}
