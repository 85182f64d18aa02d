import { cellAt, runsLength, type GridFrame } from './grid-frame.js';
import type { KernelStencil } from './kernel.js';
import type { FloorPoint } from './types.js';

/**
 * Binned kernel density estimation. Sources are first gathered into the grid
 * (linear binning: a point's people are shared between the four nearest cell
 * centres in proportion to closeness, which keeps its sub-cell position), then
 * the grid is smoothed with the kernel. The cost is cells × stencil width,
 * independent of the number of sources.
 */

/** Adds a point's people to the four cell centres around it; shares that would fall off the grid go to the edge cell. */
export function binPoint(frame: GridFrame, bins: Float64Array, [x, y]: FloorPoint, people: number): void {
  const u = x / frame.cellSize - 0.5;
  const v = y / frame.cellSize - 0.5;
  const col = Math.floor(u);
  const row = Math.floor(v);
  const fx = u - col;
  const fy = v - row;
  const c0 = clamp(col, frame.cols);
  const c1 = clamp(col + 1, frame.cols);
  const r0 = clamp(row, frame.rows) * frame.cols;
  const r1 = clamp(row + 1, frame.rows) * frame.cols;
  bins[r0 + c0] += people * (1 - fx) * (1 - fy);
  bins[r0 + c1] += people * fx * (1 - fy);
  bins[r1 + c0] += people * (1 - fx) * fy;
  bins[r1 + c1] += people * fx * fy;
}

/** Spreads people evenly over the cells of the given runs (see `polygonRuns`), or onto the cell under `fallback` when there are none. */
export function binSpread(frame: GridFrame, bins: Float64Array, runs: readonly number[], people: number, fallback: FloorPoint): void {
  const cells = runsLength(runs);
  if (cells === 0) {
    bins[cellAt(frame, fallback)] += people;
    return;
  }
  const each = people / cells;
  for (let k = 0; k < runs.length; k += 2) for (let cell = runs[k]; cell < runs[k + 1]; cell++) bins[cell] += each;
}

export interface Smoothed {
  /** People per m², per cell. */
  density: Float64Array;
  /** People whose kernel reached past the grid's edge and were folded back inside. */
  folded: number;
}

/**
 * Smooths the binned people with the kernel, one axis at a time (the kernel
 * is a product of 1-D kernels, see `kernelStencil`).
 *
 * Near the floor's edge part of a source's kernel falls outside the grid. Each
 * source's people are then scaled up by the in-floor share of its kernel
 * (which factorises into an x share and a y share), so the floor keeps all its
 * people, pushed back from the wall rather than lost, and the amount folded
 * back is reported.
 */
export function smooth(frame: GridFrame, bins: Float64Array, stencil: KernelStencil): Smoothed {
  const { cols, rows, cellSize } = frame;
  const { radius: R, weights: w } = stencil;
  const shareX = inGridShare(cols, stencil);
  const shareY = inGridShare(rows, stencil);

  // Along x: scatter each binned cell over its row.
  const alongX = new Float64Array(cols * rows);
  const rowUsed = new Uint8Array(rows);
  let folded = 0;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const people = bins[row * cols + col];
      if (people === 0) continue;
      const inside = shareX[col] * shareY[row];
      folded += people * (1 - inside);
      const scaled = people / inside;
      const c0 = Math.max(0, col - R);
      const c1 = Math.min(cols - 1, col + R);
      for (let c = c0, k = c0 - col + R; c <= c1; c++, k++) alongX[row * cols + c] += scaled * w[k];
      rowUsed[row] = 1;
    }
  }

  // Along y: each used row adds a weighted copy of itself to the rows within reach.
  const density = new Float64Array(cols * rows);
  const perM2 = 1 / (cellSize * cellSize);
  for (let src = 0; src < rows; src++) {
    if (!rowUsed[src]) continue;
    const from = src * cols;
    for (let dst = Math.max(0, src - R); dst <= Math.min(rows - 1, src + R); dst++) {
      const weight = w[dst - src + R] * perM2;
      const to = dst * cols;
      for (let c = 0; c < cols; c++) density[to + c] += weight * alongX[from + c];
    }
  }
  return { density, folded };
}

/** For each position along an axis of n cells, the share of the 1-D kernel centred there that stays on the grid. */
function inGridShare(n: number, { radius: R, weights: w }: KernelStencil): Float64Array {
  const share = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = Math.max(0, i - R); j <= Math.min(n - 1, i + R); j++) sum += w[j - i + R];
    share[i] = sum;
  }
  return share;
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
