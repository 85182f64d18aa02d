import { bounds, centroid, contains, labelPoint, openRing, signedArea, type Point } from './geometry.js';

const square: Point[] = [
  [0, 0],
  [4, 0],
  [4, 4],
  [0, 4],
];
// An L: 10 x 2 across the top, 2 x 10 down the left side.
const ell: Point[] = [
  [0, 0],
  [10, 0],
  [10, 2],
  [2, 2],
  [2, 10],
  [0, 10],
];

describe('geometry', () => {
  it('drops a repeated closing point', () => {
    expect(openRing([...square, [0, 0]])).toEqual(square);
  });

  it('measures signed area: positive for the plan order top-left, top-right, bottom-right', () => {
    expect(signedArea(square)).toBe(16);
    expect(signedArea([...square].reverse())).toBe(-16);
    expect(signedArea(ell)).toBe(36);
  });

  it('finds centroids and bounds', () => {
    expect(centroid(square)).toEqual([2, 2]);
    // Two rectangles: 20 m² centred (5, 1) and 16 m² centred (1, 6): (100 + 16) / 36, (20 + 96) / 36.
    const [cx, cy] = centroid(ell);
    expect(cx).toBeCloseTo(116 / 36, 10);
    expect(cy).toBeCloseTo(116 / 36, 10);
    expect(bounds(ell)).toEqual([0, 0, 10, 10]);
  });

  it('puts a label inside a shape whose centroid falls outside it', () => {
    expect(contains(ell, centroid(ell))).toBe(false);
    const at = labelPoint(ell);
    expect(contains(ell, at)).toBe(true);
    expect(labelPoint(square)).toEqual([2, 2]);
  });
});
