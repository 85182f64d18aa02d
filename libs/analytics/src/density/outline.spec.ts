import { gridFrame } from './grid-frame.js';
import { cellOutlines } from './outline.js';

/** Labels for a 4 x 4 grid from rows of characters: '.' is 0, a digit is its label. */
const grid = (...rows: string[]) => Int32Array.from(rows.join('').split(''), (ch) => (ch === '.' ? 0 : Number(ch)));
const frame = gridFrame({ width: 4, height: 4 }, 1);

describe('cell outlines of hot spots', () => {
  it('traces an L of three cells as one six-cornered ring with positive area', () => {
    const [outline] = cellOutlines(frame, grid('1...', '11..', '....', '....'), 1);
    expect(outline).toEqual([
      // one polygon, its outer ring: along the top, down the step, back along the bottom, up the left side
      [[[0, 0], [1, 0], [1, 1], [2, 1], [2, 2], [0, 2], [0, 0]]],
    ]);
  });

  it('keeps cells touching only at a corner as two polygons', () => {
    const [outline] = cellOutlines(frame, grid('1...', '.1..', '....', '....'), 1);
    expect(outline).toEqual([
      [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
      [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]],
    ]);
  });

  it('gives a ring of cells a hole, wound the other way', () => {
    const [outline] = cellOutlines(frame, grid('111.', '1.1.', '111.', '....'), 1);
    expect(outline).toEqual([
      [
        [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]],
        [[2, 1], [1, 1], [1, 2], [2, 2], [2, 1]],
      ],
    ]);
  });

  it('splits a hole that touches the outside at a corner into its own ring, as GeoJSON validity asks', () => {
    // The empty cell (1,1) is closed in on all four sides but its lower-right corner meets the empty cell (2,2).
    const [outline] = cellOutlines(frame, grid('111.', '1.1.', '11..', '....'), 1);
    expect(outline).toEqual([
      [
        [[0, 0], [3, 0], [3, 2], [2, 2], [2, 3], [0, 3], [0, 0]],
        [[2, 2], [2, 1], [1, 1], [1, 2], [2, 2]],
      ],
    ]);
  });

  it('outlines every label in one pass, in metres', () => {
    const half = gridFrame({ width: 2, height: 2 }, 0.5);
    expect(cellOutlines(half, grid('11..', '....', '...2', '...2'), 2)).toEqual([
      [[[[0, 0], [1, 0], [1, 0.5], [0, 0.5], [0, 0]]]],
      [[[[1.5, 1], [2, 1], [2, 2], [1.5, 2], [1.5, 1]]]],
    ]);
  });
});
