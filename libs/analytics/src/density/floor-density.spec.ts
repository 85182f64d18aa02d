import { computeFloorDensity } from './floor-density.js';
import { desk, GAUSSIAN_PEAK, halvesFloor } from './test-floor.js';
import type { DensityFloor } from './types.js';

const floor = halvesFloor;
const gridMass = (values: Float32Array, cellSize: number) => values.reduce((sum, v) => sum + v, 0) * cellSize * cellSize;

describe('computeFloorDensity: the density map', () => {
  it('draws one person at one fully occupied desk, peaking in the desk’s own cell', () => {
    const map = computeFloorDensity({ floor, desks: [desk([12.3, 17.8])] }, { cellSize: 0.5 });
    // 60 / 0.5 = 120 columns, 40 / 0.5 = 80 rows.
    expect([map.grid.cols, map.grid.rows, map.grid.cellSize, map.grid.origin]).toEqual([120, 80, 0.5, [0, 0]]);
    expect(map.totalOccupancy).toBe(1);
    expect(gridMass(map.grid.values, 0.5)).toBeCloseTo(1, 5);
    // The desk is in column floor(12.3 / 0.5) = 24, row floor(17.8 / 0.5) = 35.
    expect(map.grid.values[35 * 120 + 24]).toBe(map.grid.max);
    expect(map.grid.max).toBeCloseTo(GAUSSIAN_PEAK, 3);
    // 12.3 m from the nearest wall, beyond the kernel's 3 x 2.5 = 7.5 m reach: nothing folded back.
    expect(map.foldedShare).toBe(0);
  });

  it('keeps a person sitting against the wall on the floor, denser for being folded back', () => {
    const middle = computeFloorDensity({ floor, desks: [desk([12.25, 17.75])] }, { cellSize: 0.5 });
    const wall = computeFloorDensity({ floor, desks: [desk([0.25, 20.25])] }, { cellSize: 0.5 });
    expect(gridMass(wall.grid.values, 0.5)).toBeCloseTo(1, 5);
    // Centred on the first column, half the kernel along x falls past the wall, plus half its centre
    // weight stays: 0.5 + (0.5 / (2.5·√(2π))) / 2 = 0.5 + 0.0399 = 0.5399 stays, 0.4601 is folded back...
    expect(wall.foldedShare).toBeCloseTo(0.4601, 3);
    // ...so the remaining 0.5399 is scaled up to a whole person: the peak is 1 / 0.5399 = 1.852 times higher.
    expect(wall.grid.max / middle.grid.max).toBeCloseTo(1.852, 2);
  });

  it('uses the Epanechnikov kernel when asked, its weights computable by hand', () => {
    // Bandwidth 1 m on 0.5 m cells: 1-D weights 1 - u² at u = -0.5, 0, 0.5 → 0.75, 1, 0.75, normalised by 2.5 → 0.3, 0.4, 0.3.
    // In people per m² (÷ 0.25 m²): centre 0.4·0.4/0.25 = 0.64, sides 0.3·0.4/0.25 = 0.48, corners 0.3·0.3/0.25 = 0.36.
    const map = computeFloorDensity({ floor, desks: [desk([10.25, 5.25])] }, { cellSize: 0.5, bandwidth: 1, kernel: 'epanechnikov' });
    const at = (col: number, row: number) => map.grid.values[row * 120 + col];
    expect([at(19, 9), at(20, 9), at(21, 9), at(19, 10), at(20, 10), at(21, 10), at(20, 11)].map((v) => +v.toFixed(5))).toEqual([0.36, 0.48, 0.36, 0.48, 0.64, 0.48, 0.48]);
    expect(at(22, 10)).toBe(0);
    expect(gridMass(map.grid.values, 0.5)).toBeCloseTo(1, 5);
  });

  it('refuses a cell size outside 0.5–2 m with a clear RangeError', () => {
    for (const cellSize of [0.4, 2.5, 0, Number.NaN]) {
      expect(() => computeFloorDensity({ floor }, { cellSize })).toThrow(RangeError);
      expect(() => computeFloorDensity({ floor }, { cellSize })).toThrow(/cellSize must be between 0.5 and 2 m/);
    }
    // The bounds themselves are fine: 60 / 2 = 30 and 60 / 0.5 = 120 columns.
    expect(computeFloorDensity({ floor }, { cellSize: 2 }).grid.cols).toBe(30);
    expect(computeFloorDensity({ floor }, { cellSize: 0.5 }).grid.cols).toBe(120);
    expect(() => computeFloorDensity({ floor }, { bandwidth: 0 })).toThrow(/bandwidth/);
  });

  it('rounds a floor that is not a whole number of cells to the nearest cell count', () => {
    // 25.3 / 2 = 12.65 → 13 columns; 10.9 / 2 = 5.45 → 5 rows.
    const odd = computeFloorDensity({ floor: { size: { width: 25.3, height: 10.9 }, zones: [] } }, { cellSize: 2 });
    expect([odd.grid.cols, odd.grid.rows]).toEqual([13, 5]);
  });

  it('shows an empty floor as empty: a zero grid, no hot spots, and unknown zones', () => {
    const map = computeFloorDensity({ floor }, { cellSize: 1 });
    expect(map.empty).toBe(true);
    expect(map.totalOccupancy).toBe(0);
    expect(map.grid.max).toBe(0);
    expect(map.grid.values.length).toBe(60 * 40);
    expect(map.grid.values.every((v) => v === 0)).toBe(true);
    expect(map.hotspots).toEqual([]);
    expect(map.hotspotCells.every((v) => v === 0)).toBe(true);
    expect(map.zones.map((z) => z.occupancy)).toEqual([null, null]);
  });

  it('calls a floor whose desks were never used empty, but knows its zone had nobody (0, not null)', () => {
    const map = computeFloorDensity({ floor, desks: [desk([5, 5], 0), desk([6, 5], 0)] });
    expect(map.empty).toBe(true);
    expect(map.hotspots).toEqual([]);
    expect(map.zones.map((z) => [z.zone, z.occupancy, z.utilisation])).toEqual([
      ['west', 0, 0],
      ['east', null, null],
    ]);
  });

  it('conserves the people of a zone known only from its doors, spread evenly over the zone', () => {
    // A 30 x 20 m hall in the middle of the floor with a mean of 12 people: 12 / 600 m² = 0.02 people/m².
    const hallFloor: DensityFloor = {
      size: { width: 60, height: 40 },
      zones: [{ key: 'hall', name: 'Hall', category: 'events', capacity: 60, polygon: [[15, 10], [45, 10], [45, 30], [15, 30]] }],
    };
    const map = computeFloorDensity({ floor: hallFloor, zoneValues: [{ zone: 'hall', occupancy: 12 }] }, { cellSize: 0.5 });
    expect(gridMass(map.grid.values, 0.5)).toBeCloseTo(12, 4);
    expect(map.zones[0]).toMatchObject({ basis: 'zone-level', occupancy: 12, density: 0.02, utilisation: 0.2 });
    // The centre (30, 20) is 10 m from the hall's walls, beyond the kernel's 7.5 m reach: smoothing a flat field leaves it flat.
    expect(map.grid.values[39 * 120 + 59]).toBeCloseTo(0.02, 6);
    // (3, 3) is more than 7.5 m from the hall: nobody there.
    expect(map.grid.values[6 * 120 + 6]).toBe(0);
    expect(map.foldedShare).toBe(0);
  });

  it('conserves the people of a zone too small to hold a cell centre', () => {
    const closet: DensityFloor = { size: { width: 20, height: 20 }, zones: [{ key: 'closet', name: 'Closet', category: 'other', capacity: 1, polygon: [[10.1, 10.1], [10.4, 10.1], [10.4, 10.4]] }] };
    const map = computeFloorDensity({ floor: closet, zoneValues: [{ zone: 'closet', occupancy: 0.5 }] }, { cellSize: 1 });
    expect(gridMass(map.grid.values, 1)).toBeCloseTo(0.5, 6);
    expect(map.grid.values[10 * 20 + 10]).toBe(map.grid.max);
  });

  it('returns the same map, ids and order when asked twice', () => {
    const input = { floor, desks: [desk([10, 10]), desk([50, 30]), desk([11, 10], 0.4)] };
    const a = computeFloorDensity(input);
    const b = computeFloorDensity(input);
    expect(b.hotspots).toEqual(a.hotspots);
    expect(Array.from(b.grid.values)).toEqual(Array.from(a.grid.values));
  });
});
