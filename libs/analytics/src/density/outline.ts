import type { GridFrame } from './grid-frame.js';

/** A closed ring of [x, y] metre positions, first point repeated last. */
export type Ring = [number, number][];
/** Polygons, each an outer ring followed by its holes (GeoJSON MultiPolygon coordinates). */
export type Outline = Ring[][];

// Edge directions in grid-corner units: +x, +y, -x, -y. Turning from d to
// (d + 1) % 4 bends towards the cell the edge belongs to.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * The exact outlines of labelled cells: for each label 1..count, the sides
 * between its cells and the rest, chained into rings. Outer rings wind with
 * positive signed area in the floor's (x, y) coordinates and holes with
 * negative, as GeoJSON's right-hand rule asks. No ring passes a corner twice:
 * where two cells touch only at a corner they give separate polygons meeting at
 * a point, and a hole touching the outside at a corner stays a hole touching
 * its outer ring there (both valid simple-feature shapes). Straight runs are
 * merged: a rectangle of cells is a 4-corner ring.
 *
 * Different labels never share a corner (cells touching at a corner belong to
 * the same 8-connected cluster), so one pass over the grid serves all labels.
 */
export function cellOutlines(frame: GridFrame, labels: Int32Array, count: number): Outline[] {
  const { cols, rows } = frame;
  const stride = cols + 1;
  const maxEdges = 4 * labels.reduce((n, l) => (l > 0 ? n + 1 : n), 0);
  const from = new Int32Array(maxEdges);
  const dir = new Uint8Array(maxEdges);
  const edgeLabel = new Int32Array(maxEdges);
  // Each corner has at most two boundary edges leaving it (two at a corner-to-corner touch).
  const out0 = new Int32Array(stride * (rows + 1)).fill(-1);
  const out1 = new Int32Array(stride * (rows + 1)).fill(-1);
  let edges = 0;
  const addEdge = (x: number, y: number, d: number, label: number) => {
    const v = y * stride + x;
    from[edges] = v;
    dir[edges] = d;
    edgeLabel[edges] = label;
    if (out0[v] < 0) out0[v] = edges;
    else out1[v] = edges;
    edges++;
  };
  const labelAt = (col: number, row: number) => (col >= 0 && row >= 0 && col < cols && row < rows ? labels[row * cols + col] : 0);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const label = labels[row * cols + col];
      if (label <= 0 || label > count) continue;
      if (labelAt(col, row - 1) !== label) addEdge(col, row, 0, label);
      if (labelAt(col + 1, row) !== label) addEdge(col + 1, row, 1, label);
      if (labelAt(col, row + 1) !== label) addEdge(col + 1, row + 1, 2, label);
      if (labelAt(col - 1, row) !== label) addEdge(col, row + 1, 3, label);
    }
  }

  const used = new Uint8Array(edges);
  const rings: TracedRing[][] = Array.from({ length: count }, () => []);
  const positionOf = new Int32Array(out0.length).fill(-1);
  const path: number[] = [];
  for (let start = 0; start < edges; start++) {
    if (used[start]) continue;
    const into = rings[edgeLabel[start] - 1];
    let e = start;
    do {
      used[e] = 1;
      // A ring passing a corner twice (a hole touching the outside at a point) is split there.
      const v = from[e];
      const seen = positionOf[v];
      if (seen >= 0) {
        const loop = path.splice(seen);
        for (const u of loop) positionOf[u] = -1;
        into.push(toRing(loop, stride, frame.cellSize));
      }
      positionOf[v] = path.length;
      path.push(v);
      const d = dir[e];
      const end = v + DX[d] + DY[d] * stride;
      e = pickNext(d, out0[end], out1[end], dir);
    } while (e !== start);
    for (const u of path) positionOf[u] = -1;
    into.push(toRing(path.splice(0), stride, frame.cellSize));
  }
  return rings.map(nestHoles);
}

/** Of the (at most two) edges leaving a corner, the one that bends towards the current cell first. */
function pickNext(d: number, a: number, b: number, dir: Uint8Array): number {
  if (b < 0) return a;
  for (const turn of [1, 0, 3]) {
    const want = (d + turn) % 4;
    if (dir[a] === want) return a;
    if (dir[b] === want) return b;
  }
  throw new Error('cell outline is not closed');
}

interface TracedRing {
  ring: Ring;
  area: number;
  /** For a hole: the centre of a cell inside it. */
  probe: [number, number];
}

/** A ring from its corners (grid-corner indices, one step apart, not closed): straight runs merged, closed, with its signed area. */
function toRing(corners: readonly number[], stride: number, cellSize: number): TracedRing {
  const n = corners.length;
  const xs = corners.map((v) => v % stride);
  const ys = corners.map((v) => Math.floor(v / stride));
  const ring: Ring = [];
  for (let k = 0; k < n; k++) {
    const prev = (k + n - 1) % n;
    const next = (k + 1) % n;
    const straight = xs[k] - xs[prev] === xs[next] - xs[k] && ys[k] - ys[prev] === ys[next] - ys[k];
    if (!straight) ring.push([xs[k] * cellSize, ys[k] * cellSize]);
  }
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  ring.push([ring[0][0], ring[0][1]]);
  // The ring's cells lie on the turning side of each edge; half a cell the other way from the first edge's midpoint is outside them.
  const dx = xs[1 % n] - xs[0];
  const dy = ys[1 % n] - ys[0];
  const probe: [number, number] = [(xs[0] + (dx + dy) / 2) * cellSize, (ys[0] + (dy - dx) / 2) * cellSize];
  return { ring, area: twice / 2, probe };
}

/** Each hole goes with the smallest outer ring around it. */
function nestHoles(rings: readonly TracedRing[]): Outline {
  const outers = rings.filter((r) => r.area > 0);
  const polygons: Outline = outers.map((o) => [o.ring]);
  for (const hole of rings.filter((r) => r.area < 0)) {
    let best = 0;
    let bestArea = Infinity;
    outers.forEach((o, i) => {
      if (o.area < bestArea && ringContains(o.ring, hole.probe)) [best, bestArea] = [i, o.area];
    });
    polygons[best].push(hole.ring);
  }
  return polygons;
}

function ringContains(ring: Ring, [x, y]: [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < xj + ((y - yj) * (xi - xj)) / (yi - yj)) inside = !inside;
  }
  return inside;
}
