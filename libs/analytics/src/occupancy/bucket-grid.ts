import type { ZoneBucket } from '../buckets.js';

/**
 * The buckets of one window, as typed arrays, that the occupancy builders
 * pour a zone's occupancy into before emitting `ZoneBucket`s.
 *
 * The window [from, to) selects the buckets whose START lies in it; each of
 * those buckets is computed over its whole length, even when it runs past
 * `to`. So a window is a set of whole buckets, and replacing a window's
 * buckets in a rollup (`mergeBuckets`) replaces exactly what was recomputed.
 *
 * Occupancy arrives as pieces "level L from s to e, with data": the grid
 * splits them at bucket edges, adding the time-weighted level, the covered
 * milliseconds and the peak. Time without a piece is time without data, which
 * is how "no data" stays distinguishable from "nobody there".
 */
export class BucketGrid {
  /** Start of the first bucket (the first multiple of the bucket length at or after `from`). */
  readonly first: number;
  /** Number of buckets. */
  readonly n: number;
  /** End of the last bucket (may be after `to`). */
  readonly end: number;
  private readonly weighted: Float64Array;
  private readonly covered: Float64Array;
  private readonly peak: Float64Array;
  private readonly arrivals: Float64Array;
  private readonly departures: Float64Array;

  constructor(
    from: number,
    to: number,
    readonly bucketMs: number,
  ) {
    if (!(bucketMs > 0) || !Number.isInteger(bucketMs)) throw new RangeError(`bucketMs must be a positive whole number of milliseconds, not ${bucketMs}`);
    this.first = Math.ceil(from / bucketMs) * bucketMs;
    this.n = to > this.first ? Math.ceil((to - this.first) / bucketMs) : 0;
    this.end = this.first + this.n * bucketMs;
    this.weighted = new Float64Array(this.n);
    this.covered = new Float64Array(this.n);
    this.peak = new Float64Array(this.n);
    this.arrivals = new Float64Array(this.n);
    this.departures = new Float64Array(this.n);
  }

  /** Clears every bucket, to reuse the grid for the next zone. */
  reset(): void {
    this.weighted.fill(0);
    this.covered.fill(0);
    this.peak.fill(0);
    this.arrivals.fill(0);
    this.departures.fill(0);
  }

  /** Occupancy `level` (never negative) held, with data, over [start, end). */
  addLevel(start: number, end: number, level: number): void {
    // Offsets from the first bucket; plain comparisons rather than Math.* keep this hot loop cheap.
    const { first, bucketMs, weighted, covered, peak } = this;
    let s = start > first ? start - first : 0;
    const e = (end < this.end ? end : this.end) - first;
    if (e <= s) return;
    let i = (s / bucketMs) | 0;
    while (s < e) {
      const bucketEnd = (i + 1) * bucketMs;
      const pieceEnd = e < bucketEnd ? e : bucketEnd;
      const ms = pieceEnd - s;
      weighted[i]! += level * ms;
      covered[i]! += ms;
      if (level > peak[i]!) peak[i] = level;
      s = pieceEnd;
      i++;
    }
  }

  /** People (or sessions) arriving and departing at instant `t`. */
  addFlow(t: number, arrivals: number, departures: number): void {
    if (t < this.first || t >= this.end) return;
    const i = ((t - this.first) / this.bucketMs) | 0;
    this.arrivals[i]! += arrivals;
    this.departures[i]! += departures;
  }

  /** Appends the buckets with data (coveredMs > 0) for `zone`, in time order. */
  emit(zone: string, out: ZoneBucket[]): void {
    for (let i = 0; i < this.n; i++) {
      const coveredMs = this.covered[i]!;
      if (coveredMs <= 0) continue;
      out.push({
        zone,
        start: this.first + i * this.bucketMs,
        mean: this.weighted[i]! / coveredMs,
        peak: this.peak[i]!,
        arrivals: this.arrivals[i]!,
        departures: this.departures[i]!,
        coveredMs,
      });
    }
  }
}

/**
 * Changes to a zone's occupancy and to how many of its sources have data,
 * at instants, in any order. `sweep` turns them into level pieces: between
 * two consecutive instants the level is the sum of the level changes so far,
 * and it counts as data while the coverage sum is positive. Changes at the
 * same instant apply together, so their order never matters (the changes are
 * whole numbers, so their sums are exact in any order).
 */
export class StepChanges {
  private t: number[] = [];
  private level: number[] = [];
  private cover: number[] = [];

  add(t: number, level: number, cover: number): void {
    this.t.push(t);
    this.level.push(level);
    this.cover.push(cover);
  }

  sweep(grid: BucketGrid): void {
    // Distinct instants by a native numeric sort, then each change added to its instant's slot.
    const sorted = Float64Array.from(this.t).sort();
    let n = 0;
    for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[n - 1]) sorted[n++] = sorted[k]!;
    const instants = sorted.subarray(0, n);
    const level = new Float64Array(n);
    const cover = new Float64Array(n);
    for (let k = 0; k < this.t.length; k++) {
      const slot = lowerBound(instants, this.t[k]!);
      level[slot]! += this.level[k]!;
      cover[slot]! += this.cover[k]!;
    }
    let l = 0;
    let c = 0;
    for (let k = 0; k + 1 < n; k++) {
      l += level[k]!;
      c += cover[k]!;
      if (c > 0) grid.addLevel(instants[k]!, instants[k + 1]!, l);
    }
  }
}

/** The index of the first element of a sorted array that is >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
