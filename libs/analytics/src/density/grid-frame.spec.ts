import { cellAt, gridFrame, polygonRuns, runsLength, zoneRaster } from './grid-frame.js';

describe('the grid laid over a floor', () => {
  it('finds the cells whose centres lie inside a triangle', () => {
    // Triangle (0,0) (4,0) (0,4) on 1 m cells: row centre y = 0.5 spans x 0–3.5 → columns 0–2;
    // y = 1.5 → x 0–2.5 → columns 0–1; y = 2.5 → x 0–1.5 → column 0; y = 3.5 → x 0–0.5 → no centre.
    const frame = gridFrame({ width: 5, height: 5 }, 1);
    expect(polygonRuns(frame, [[0, 0], [4, 0], [0, 4]])).toEqual([0, 3, 5, 7, 10, 11]);
  });

  it('gives a cell centre lying exactly on a shared wall to one zone only', () => {
    // 0.5 m cells: column 1's centre is x = 0.75, the wall between the two zones.
    const frame = gridFrame({ width: 2, height: 1 }, 0.5);
    const left = polygonRuns(frame, [[0, 0], [0.75, 0], [0.75, 1], [0, 1]]);
    const right = polygonRuns(frame, [[0.75, 0], [2, 0], [2, 1], [0.75, 1]]);
    expect(runsLength(left) + runsLength(right)).toBe(8);
    expect(Array.from(zoneRaster(frame, [left, right]))).toEqual([0, 1, 1, 1, 0, 1, 1, 1]);
  });

  it('gives overlapping zones’ shared cells to the zone declared first, and leaves the rest unzoned', () => {
    const frame = gridFrame({ width: 4, height: 1 }, 1);
    const a = polygonRuns(frame, [[0, 0], [2, 0], [2, 1], [0, 1]]);
    const b = polygonRuns(frame, [[1, 0], [3, 0], [3, 1], [1, 1]]);
    expect(Array.from(zoneRaster(frame, [a, b]))).toEqual([0, 0, 1, -1]);
  });

  it('puts points on the far wall into the last cell', () => {
    const frame = gridFrame({ width: 60, height: 40 }, 2);
    expect(cellAt(frame, [60, 40])).toBe(30 * 20 - 1);
    expect(cellAt(frame, [0, 0])).toBe(0);
  });
});
