import { mulberry32 } from './rng.js';

/**
 * k-means over points in a flat, row-major Float64Array (n rows of d values),
 * with k-means++ seeding drawn from a fixed-seed generator and several
 * restarts, keeping the run with the lowest inertia (the sum of squared
 * distances from each point to its centre). Same points, same clusters.
 *
 * Profile features are mostly zeros (one-hot zone categories, 0/1 flags,
 * closed hours in arrival curves), so distances are computed as
 * |x|^2 + |c|^2 - 2 x.c over each point's non-zero values only.
 */

export interface Points {
  /** Row-major: point i is data[i*d .. i*d+d). */
  data: Float64Array;
  n: number;
  d: number;
}

export interface KMeansOptions {
  /** Independent k-means++ starts; the lowest inertia wins (default 4). */
  restarts?: number;
  /** Seed of the seeding generator (default 1). */
  seed?: number;
  /** Lloyd iterations per start (default 100); it usually settles far sooner. */
  maxIterations?: number;
  /** Extra starting centres (k rows of d values each), tried before the k-means++ starts. */
  initial?: readonly Float64Array[];
}

export interface KMeansResult {
  k: number;
  /** Row-major k x d. */
  centroids: Float64Array;
  /** Cluster of each point. */
  labels: Int32Array;
  /** Points per cluster. */
  sizes: Int32Array;
  inertia: number;
}

/** The non-zero values of each point (compressed rows) and each point's squared norm. */
export interface SparseRows {
  n: number;
  d: number;
  start: Int32Array;
  col: Int32Array;
  val: Float64Array;
  norm: Float64Array;
}

export function sparseRows(points: Points): SparseRows {
  const { data, n, d } = points;
  let nnz = 0;
  for (let i = 0; i < n * d; i++) if (data[i] !== 0) nnz++;
  const start = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  const norm = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    start[i] = at;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j]!;
      if (v === 0) continue;
      col[at] = j;
      val[at++] = v;
      s += v * v;
    }
    norm[i] = s;
  }
  start[n] = at;
  return { n, d, start, col, val, norm };
}

/** Squared distance from row i to a dense vector at centres[offset..] whose squared norm is `centreNorm`. */
function distanceTo(rows: SparseRows, i: number, centres: Float64Array, offset: number, centreNorm: number): number {
  let dot = 0;
  for (let p = rows.start[i]!; p < rows.start[i + 1]!; p++) dot += rows.val[p]! * centres[offset + rows.col[p]!]!;
  const dist = rows.norm[i]! + centreNorm - 2 * dot;
  return dist > 0 ? dist : 0;
}

function squaredNorms(centroids: Float64Array, k: number, d: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += centroids[c * d + j]! ** 2;
    out[c] = s;
  }
}

/** k-means++: each next centre is a point drawn with probability proportional to its squared distance from the nearest centre so far. */
export function kMeansPlusPlus(points: Points, k: number, random: () => number, rows: SparseRows = sparseRows(points)): Float64Array {
  const { data, n, d } = points;
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = Math.min(n - 1, Math.floor(random() * n));
  for (let c = 0; ; c++) {
    centroids.set(data.subarray(pick * d, pick * d + d), c * d);
    if (c === k - 1) return centroids;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dist = distanceTo(rows, i, centroids, c * d, rows.norm[pick]!);
      if (dist < nearest[i]!) nearest[i] = dist;
      total += nearest[i]!;
    }
    pick = n - 1;
    if (total > 0) {
      let r = random() * total;
      for (let i = 0; i < n; i++) {
        r -= nearest[i]!;
        if (r < 0) {
          pick = i;
          break;
        }
      }
    } else {
      // Every point sits on a centre already (fewer distinct points than k).
      pick = (c + 1) % n;
    }
  }
}

/** Labels every point with its nearest centre (ties to the lower index); returns the inertia. */
function assignNearest(rows: SparseRows, centroids: Float64Array, k: number, labels: Int32Array, distances: Float64Array, norms: Float64Array): number {
  const { n, d } = rows;
  squaredNorms(centroids, k, d, norms);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = distanceTo(rows, i, centroids, c * d, norms[c]!);
      if (dist < bestDist) {
        bestDist = dist;
        best = c;
      }
    }
    labels[i] = best;
    distances[i] = bestDist;
    inertia += bestDist;
  }
  return inertia;
}

/** Lloyd's iterations from the given centres (modified in place). */
function lloyd(points: Points, rows: SparseRows, k: number, centroids: Float64Array, maxIterations: number): KMeansResult {
  const { data, n, d } = points;
  const labels = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  const distances = new Float64Array(n);
  const norms = new Float64Array(k);
  const sizes = new Int32Array(k);
  let inertia = Infinity;
  for (let iteration = 0; ; iteration++) {
    inertia = assignNearest(rows, centroids, k, next, distances, norms);
    let changed = 0;
    for (let i = 0; i < n; i++) if (next[i] !== labels[i]) changed++;
    labels.set(next);
    if (changed === 0 || iteration === maxIterations) break;

    centroids.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      sizes[c]!++;
      for (let p = rows.start[i]!; p < rows.start[i + 1]!; p++) centroids[c * d + rows.col[p]!]! += rows.val[p]!;
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c]! > 0) {
        for (let j = 0; j < d; j++) centroids[c * d + j]! /= sizes[c]!;
        continue;
      }
      // An empty cluster restarts at the point worst served by its centre.
      let far = 0;
      for (let i = 1; i < n; i++) if (distances[i]! > distances[far]!) far = i;
      centroids.set(data.subarray(far * d, far * d + d), c * d);
      distances[far] = 0;
    }
  }
  sizes.fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  return { k, centroids, labels, sizes, inertia };
}

/** The best of several k-means runs (lowest inertia; the earlier run on a tie). Requires 1 <= k <= n. */
export function kMeans(points: Points, k: number, opts: KMeansOptions = {}): KMeansResult {
  if (!(k >= 1 && k <= points.n)) throw new RangeError(`k-means needs 1 <= k <= n (k=${k}, n=${points.n})`);
  const random = mulberry32(opts.seed ?? 1);
  const maxIterations = opts.maxIterations ?? 100;
  const rows = sparseRows(points);
  let best: KMeansResult | undefined;
  const consider = (start: Float64Array) => {
    const run = lloyd(points, rows, k, start, maxIterations);
    if (!best || run.inertia < best.inertia) best = run;
  };
  for (const start of opts.initial ?? []) consider(Float64Array.from(start));
  const restarts = opts.initial?.length ? (opts.restarts ?? 4) : Math.max(1, opts.restarts ?? 4);
  for (let r = 0; r < restarts; r++) consider(kMeansPlusPlus(points, k, random, rows));
  return best!;
}
