import type { FloorPoint } from './types.js';

/**
 * The raster laid over a floor. The grid has round(width / cellSize) columns and
 * round(height / cellSize) rows from the floor's top-left corner, so when the
 * floor is not a whole number of cells the last column or row overhangs or falls
 * short of the wall by at most half a cell. A cell stands for the point at its
 * centre: a cell is "in" a zone when its centre is.
 */
export interface GridFrame {
  cellSize: number;
  cols: number;
  rows: number;
}

export function gridFrame(size: { width: number; height: number }, cellSize: number): GridFrame {
  return { cellSize, cols: Math.max(1, Math.round(size.width / cellSize)), rows: Math.max(1, Math.round(size.height / cellSize)) };
}

export function cellCentre(frame: GridFrame, index: number): [number, number] {
  const col = index % frame.cols;
  const row = (index - col) / frame.cols;
  return [(col + 0.5) * frame.cellSize, (row + 0.5) * frame.cellSize];
}

/** The cell under a point, points on or past the grid's edge going to the nearest edge cell. */
export function cellAt(frame: GridFrame, [x, y]: FloorPoint): number {
  const col = clamp(Math.floor(x / frame.cellSize), 0, frame.cols - 1);
  const row = clamp(Math.floor(y / frame.cellSize), 0, frame.rows - 1);
  return row * frame.cols + col;
}

/**
 * Cells whose centres lie inside the polygon (even-odd rule), as runs along
 * rows: flattened [start, end) pairs of row-major cell indices, in order. A
 * scanline fill: for each row, where the polygon's edges cross the row's centre
 * line, then the cells between pairs of crossings. A centre exactly on a shared
 * edge belongs to one side only, so neighbouring zones never share a cell.
 */
export function polygonRuns(frame: GridFrame, polygon: readonly FloorPoint[]): number[] {
  const { cellSize: c, cols, rows } = frame;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of polygon) {
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const runs: number[] = [];
  const crossings: number[] = [];
  const firstRow = clamp(Math.ceil(minY / c - 0.5), 0, rows);
  const lastRow = clamp(Math.ceil(maxY / c - 0.5) - 1, -1, rows - 1);
  for (let row = firstRow; row <= lastRow; row++) {
    const y = (row + 0.5) * c;
    crossings.length = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [x1, y1] = polygon[j];
      const [x2, y2] = polygon[i];
      if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k] / c - 0.5));
      const to = Math.min(cols, Math.ceil(crossings[k + 1] / c - 0.5));
      if (to > from) runs.push(row * cols + from, row * cols + to);
    }
  }
  return runs;
}

/** How many cells a set of runs covers. */
export function runsLength(runs: readonly number[]): number {
  let n = 0;
  for (let k = 0; k < runs.length; k += 2) n += runs[k + 1] - runs[k];
  return n;
}

/**
 * For each cell, the index of the zone containing its centre, or -1, from each
 * zone's runs (`polygonRuns`). Where zones overlap, the one declared first wins.
 */
export function zoneRaster(frame: GridFrame, zoneRuns: readonly (readonly number[])[]): Int32Array {
  const raster = new Int32Array(frame.cols * frame.rows).fill(-1);
  for (let z = zoneRuns.length - 1; z >= 0; z--) {
    const runs = zoneRuns[z];
    for (let k = 0; k < runs.length; k += 2) raster.fill(z, runs[k], runs[k + 1]);
  }
  return raster;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
