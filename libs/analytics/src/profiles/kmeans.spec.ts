import { kMeans, type Points } from './kmeans.js';
import { mulberry32 } from './rng.js';
import { clusterBySilhouette, meanSilhouette, strideSample } from './silhouette.js';

const points = (rows: number[][]): Points => ({ data: Float64Array.from(rows.flat()), n: rows.length, d: rows[0]!.length });

describe('k-means', () => {
  // Two corners of a plan, three readings each.
  const twoCorners = points([
    [0, 0],
    [0, 1],
    [1, 0],
    [10, 10],
    [10, 11],
    [11, 10],
  ]);

  it('splits two far-apart groups of points into the obvious two clusters', () => {
    const fit = kMeans(twoCorners, 2, { seed: 3 });
    const [a, b] = [fit.labels[0]!, fit.labels[3]!];
    expect(a).not.toBe(b);
    expect([...fit.labels]).toEqual([a, a, a, b, b, b]);
    expect([...fit.sizes]).toEqual([3, 3]);
    // Centres are the means: (1/3, 1/3) and (31/3, 31/3).
    expect(fit.centroids[a * 2]).toBeCloseTo(1 / 3, 12);
    expect(fit.centroids[a * 2 + 1]).toBeCloseTo(1 / 3, 12);
    expect(fit.centroids[b * 2]).toBeCloseTo(31 / 3, 12);
    // Squared distances to (1/3, 1/3): 2/9 + 5/9 + 5/9 = 4/3 per corner, 8/3 in all.
    expect(fit.inertia).toBeCloseTo(8 / 3, 10);
  });

  it('gives every point its own centre when k equals the number of points (inertia 0)', () => {
    const fit = kMeans(twoCorners, 6, { seed: 1 });
    expect(new Set(fit.labels).size).toBe(6);
    expect(fit.inertia).toBeCloseTo(0, 12);
  });

  it('puts everything in one cluster at k = 1, centred on the mean', () => {
    const fit = kMeans(twoCorners, 1);
    // Mean of x: (0+0+1+10+10+11)/6 = 32/6.
    expect(fit.centroids[0]).toBeCloseTo(32 / 6, 12);
    expect([...fit.labels]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuses a k larger than the number of points', () => {
    expect(() => kMeans(twoCorners, 7)).toThrow(RangeError);
  });

  it('starts from given centres and keeps them when they are already the answer', () => {
    const fit = kMeans(twoCorners, 2, { initial: [Float64Array.from([1 / 3, 1 / 3, 31 / 3, 31 / 3])], restarts: 0 });
    expect([...fit.labels]).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('is deterministic: the same seed gives the same clustering', () => {
    const random = mulberry32(9);
    const rows = Array.from({ length: 200 }, () => [random() * 10, random() * 10]);
    const a = kMeans(points(rows), 5, { seed: 4 });
    const b = kMeans(points(rows), 5, { seed: 4 });
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.inertia).toBe(b.inertia);
  });
});

describe('silhouette', () => {
  it('scores two pairs on a line by hand', () => {
    // Points 0, 1 | 10, 11. Point 0: a = 1, b = (10 + 11) / 2 = 10.5, s = 9.5 / 10.5.
    // Point 1: a = 1, b = (9 + 10) / 2 = 9.5, s = 8.5 / 9.5. Points 10 and 11 mirror them.
    const line = points([[0], [1], [10], [11]]);
    const expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4;
    expect(meanSilhouette(line, Int32Array.from([0, 0, 1, 1]), 2)).toBeCloseTo(expected, 6);
  });

  it('scores a point alone in its cluster as 0, and a single cluster as -1', () => {
    // Points 0, 1 | 10: point 10 is alone (0); point 0: a = 1, b = 10, s = 0.9; point 1: a = 1, b = 9, s = 8/9.
    const line = points([[0], [1], [10]]);
    expect(meanSilhouette(line, Int32Array.from([0, 0, 1]), 2)).toBeCloseTo((0.9 + 8 / 9 + 0) / 3, 6);
    expect(meanSilhouette(line, Int32Array.from([0, 0, 0]), 1)).toBe(-1);
  });

  it('chooses k = 3 for three clear blobs', () => {
    const random = mulberry32(5);
    const blob = (x: number, y: number) => Array.from({ length: 8 }, () => [x + random() - 0.5, y + random() - 0.5]);
    const blobs = points([...blob(0, 0), ...blob(10, 0), ...blob(0, 10)]);
    const fit = clusterBySilhouette(blobs, { kMin: 2, kMax: 6 });
    expect(fit.k).toBe(3);
    expect(fit.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
    expect([...fit.sizes].sort()).toEqual([8, 8, 8]);
    // Each blob is one cluster.
    for (const start of [0, 8, 16]) expect(new Set(fit.labels.slice(start, start + 8)).size).toBe(1);
  });

  it('samples evenly through the input: 4 of 10 points are rows 1, 3, 6 and 8', () => {
    // Row floor((i + 0.5) * 10 / 4): 1.25 -> 1, 3.75 -> 3, 6.25 -> 6, 8.75 -> 8.
    const rows = points(Array.from({ length: 10 }, (_, i) => [i]));
    expect([...strideSample(rows, 4).data]).toEqual([1, 3, 6, 8]);
  });

  it('fits the chosen k to all points when the search ran on a sample', () => {
    const random = mulberry32(6);
    const blob = (x: number) => Array.from({ length: 50 }, () => [x + random()]);
    const fit = clusterBySilhouette(points([...blob(0), ...blob(20)]), { kMin: 2, kMax: 4, sampleSize: 20 });
    expect(fit.k).toBe(2);
    expect(fit.labels.length).toBe(100);
    expect([...fit.sizes].sort()).toEqual([50, 50]);
  });
});
