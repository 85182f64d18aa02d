import { kMeans, sparseRows, type KMeansResult, type Points } from './kmeans.js';

/**
 * Choosing the number of clusters by the silhouette: for each point, how much
 * closer it sits to its own cluster than to the next nearest one, from -1
 * (misplaced) through 0 (on a border) to 1 (well separated). The k with the
 * highest mean silhouette wins; ties go to the smaller k, the simpler story.
 */

export interface Labelling {
  k: number;
  labels: Int32Array;
}

/**
 * Mean silhouettes of several labellings of the same points, in one pass over
 * the pairs (each distance is computed once and shared by all labellings).
 * A point alone in its cluster scores 0; a labelling with fewer than two
 * non-empty clusters scores -1 (it separates nothing).
 */
export function meanSilhouettes(points: Points, labellings: readonly Labelling[]): number[] {
  const { data, n, d } = points;
  const rows = sparseRows(points);
  // Per point, one block of sums per labelling: sums[i*width + offset[l] + c] = total distance from i to cluster c.
  const offset: number[] = [];
  let width = 0;
  for (const l of labellings) {
    offset.push(width);
    width += l.k;
  }
  const sums = new Float64Array(n * width);
  const m = labellings.length;
  const labelAt = new Int32Array(n * m);
  for (let i = 0; i < n; i++) for (let l = 0; l < m; l++) labelAt[i * m + l] = offset[l]! + labellings[l]!.labels[i]!;

  for (let i = 0; i < n; i++) {
    const ni = rows.norm[i]!;
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      for (let p = rows.start[j]!; p < rows.start[j + 1]!; p++) dot += rows.val[p]! * data[i * d + rows.col[p]!]!;
      const sq = ni + rows.norm[j]! - 2 * dot;
      const dist = sq > 0 ? Math.sqrt(sq) : 0;
      for (let l = 0; l < m; l++) {
        sums[i * width + labelAt[j * m + l]!]! += dist;
        sums[j * width + labelAt[i * m + l]!]! += dist;
      }
    }
  }

  return labellings.map(({ k, labels }, l) => {
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
    if (sizes.filter((s) => s > 0).length < 2) return -1;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i]!;
      if (sizes[own]! <= 1) continue;
      const row = i * width + offset[l]!;
      const a = sums[row + own]! / (sizes[own]! - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[row + c]! / sizes[c]!);
      const top = Math.max(a, b);
      total += top > 0 ? (b - a) / top : 0;
    }
    return total / n;
  });
}

/** The mean silhouette of one labelling. */
export function meanSilhouette(points: Points, labels: Int32Array, k: number): number {
  return meanSilhouettes(points, [{ k, labels }])[0]!;
}

/** Up to `size` points spread evenly over the (sorted) input: a deterministic sample. */
export function strideSample(points: Points, size: number): Points {
  const { data, n, d } = points;
  if (n <= size) return points;
  const out = new Float64Array(size * d);
  for (let i = 0; i < size; i++) {
    const from = Math.floor(((i + 0.5) * n) / size);
    out.set(data.subarray(from * d, from * d + d), i * d);
  }
  return { data: out, n: size, d };
}

export interface SilhouetteOptions {
  kMin: number;
  kMax: number;
  /** The search over k, and the silhouette, run on at most this many points (default 2,000). */
  sampleSize?: number;
  /** k-means++ starts per k (default 4). */
  restarts?: number;
  seed?: number;
}

export interface SilhouetteClustering extends KMeansResult {
  /** Mean silhouette of the chosen k on the sample. */
  silhouette: number;
  /** The silhouette of every k tried, in order of k. */
  scores: { k: number; silhouette: number }[];
}

/**
 * k-means for every k in [kMin, kMax] (capped at n - 1) on a deterministic
 * sample, the k with the best silhouette, then that k fitted to all points
 * by Lloyd's iterations from the sample's centres. With fewer than three
 * points everything is one cluster.
 */
export function clusterBySilhouette(points: Points, opts: SilhouetteOptions): SilhouetteClustering {
  const seed = opts.seed ?? 1;
  const sample = strideSample(points, opts.sampleSize ?? 2_000);
  const kMax = Math.min(opts.kMax, sample.n - 1);
  const kMin = Math.max(2, opts.kMin);
  if (kMax < kMin) return { ...kMeans(points, 1, { restarts: 1, seed }), silhouette: 0, scores: [] };

  const fits: KMeansResult[] = [];
  for (let k = kMin; k <= kMax; k++) fits.push(kMeans(sample, k, { restarts: opts.restarts ?? 4, seed: seed + k }));
  const silhouettes = meanSilhouettes(sample, fits);
  let best = 0;
  for (let i = 1; i < fits.length; i++) if (silhouettes[i]! > silhouettes[best]!) best = i;
  const scores = fits.map((f, i) => ({ k: f.k, silhouette: silhouettes[i]! }));

  const chosen = fits[best]!;
  const full = sample === points ? chosen : kMeans(points, chosen.k, { initial: [chosen.centroids], restarts: 0, seed });
  return { ...full, silhouette: silhouettes[best]!, scores };
}
