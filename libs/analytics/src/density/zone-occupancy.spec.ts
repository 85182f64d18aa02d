import { computeFloorDensity } from './floor-density.js';
import type { DensityFloor } from './types.js';

/** A small branch: a 10 x 8 m study room, a 20 x 8 m children's library, and an unmonitored store. */
const floor: DensityFloor = {
  size: { width: 30, height: 16 },
  zones: [
    { key: 'study', name: 'Study Room', category: 'quiet_study', capacity: 4, polygon: [[0, 0], [10, 0], [10, 8], [0, 8]] },
    { key: 'children', name: "Children's Library", category: 'children', capacity: 20, polygon: [[10, 0], [30, 0], [30, 8], [10, 8]] },
    { key: 'store', name: 'Store', category: 'other', capacity: 0, polygon: [[0, 8], [30, 8], [30, 16], [0, 16]] },
  ],
};
const studyDesks = [2, 4, 6, 8].map((x) => ({ position: [x, 4] as const, zone: 'study', occupancy: 0.5 }));
const childrenDesks = [12, 14, 16, 18].map((x) => ({ position: [x, 4] as const, zone: 'children', occupancy: 0.25 }));
const gridMass = (values: Float32Array, cellSize: number) => values.reduce((sum, v) => sum + v, 0) * cellSize * cellSize;

describe('zone values: how full each zone was', () => {
  it('gives a desk-only zone its desks’ occupancy, density and utilisation', () => {
    const map = computeFloorDensity({ floor, desks: studyDesks });
    // 4 desks x 0.5 = 2 people; 2 / 80 m² = 0.025 people/m²; 2 / 4 seats = 50 %.
    expect(map.zones[0]).toEqual({ zone: 'study', name: 'Study Room', category: 'quiet_study', capacity: 4, areaM2: 80, basis: 'desks', occupancy: 2, density: 0.025, utilisation: 0.5 });
  });

  it('leaves zones without any source null, not zero', () => {
    const map = computeFloorDensity({ floor, desks: studyDesks });
    expect(map.zones.slice(1).map((z) => [z.zone, z.basis, z.occupancy, z.density, z.utilisation])).toEqual([
      ['children', null, null, null, null],
      ['store', null, null, null, null],
    ]);
  });

  it('counts desk users once when the zone also has a headcount sensor', () => {
    // The sensor's mean of 5 people includes the 4 x 0.25 = 1 person at the desks: 5 people, not 6.
    const map = computeFloorDensity({ floor, desks: childrenDesks, headcounts: [{ position: [25, 4], zone: 'children', headcount: 5 }] });
    expect(map.zones[1]).toMatchObject({ basis: 'headcount', occupancy: 5, density: 5 / 160, utilisation: 0.25 });
    expect(map.totalOccupancy).toBe(5);
    expect(gridMass(map.grid.values, 1)).toBeCloseTo(5, 5);
  });

  it('draws the headcount beyond the desks at the sensor', () => {
    // 1 person at the desks (x 12–18), the other 4 at the sensor (25, 4): the map is densest there.
    const map = computeFloorDensity({ floor, desks: childrenDesks, headcounts: [{ position: [25.5, 4.5], zone: 'children', headcount: 5 }] });
    expect(map.grid.values[4 * 30 + 25]).toBe(map.grid.max);
  });

  it('trusts a headcount sensor over a door-derived value for the same zone', () => {
    const map = computeFloorDensity({ floor, headcounts: [{ position: [25, 4], zone: 'children', headcount: 5 }], zoneValues: [{ zone: 'children', occupancy: 9 }] });
    expect(map.zones[1]).toMatchObject({ basis: 'headcount', occupancy: 5 });
  });

  it('adds a door-derived value to nothing: it already counts the desk users', () => {
    // Doors say 3 people on average; 2 of them at the desks, the third spread over the room.
    const map = computeFloorDensity({ floor, desks: studyDesks, zoneValues: [{ zone: 'study', occupancy: 3 }] });
    expect(map.zones[0]).toMatchObject({ basis: 'zone-level', occupancy: 3, utilisation: 0.75 });
    expect(gridMass(map.grid.values, 1)).toBeCloseTo(3, 5);
  });

  it('lets the desks win when they report more people than the zone’s count', () => {
    // Desks 2 people, headcount 1.5: the data disagree; occupancy is the larger, 2.
    const map = computeFloorDensity({ floor, desks: studyDesks, headcounts: [{ position: [5, 1], zone: 'study', headcount: 1.5 }] });
    expect(map.zones[0]).toMatchObject({ basis: 'headcount', occupancy: 2 });
    expect(gridMass(map.grid.values, 1)).toBeCloseTo(2, 5);
  });

  it('leaves utilisation null for a zone with no rated capacity, and uses a declared area over the polygon’s', () => {
    const rated: DensityFloor = { ...floor, zones: floor.zones.map((z) => (z.key === 'store' ? { ...z, areaM2: 200 } : z)) };
    const map = computeFloorDensity({ floor: rated, zoneValues: [{ zone: 'store', occupancy: 2 }] });
    expect(map.zones[2]).toMatchObject({ areaM2: 200, occupancy: 2, density: 0.01, utilisation: null });
  });

  it('rejects sources it cannot place, naming them', () => {
    expect(() => computeFloorDensity({ floor, desks: [{ key: 'd1', position: [2, 4], zone: 'study', occupancy: 1.2 }] })).toThrow(/desk d1: occupancy must be a share of open time in \[0, 1\]/);
    expect(() => computeFloorDensity({ floor, desks: [{ key: 'd2', position: [2, 4], zone: 'atrium', occupancy: 0.5 }] })).toThrow(/desk d2 belongs to zone "atrium", which is not on this floor/);
    expect(() => computeFloorDensity({ floor, desks: [{ key: 'd3', position: [31, 4], zone: 'study', occupancy: 0.5 }] })).toThrow(/desk d3 lies outside the floor/);
    expect(() => computeFloorDensity({ floor, headcounts: [{ position: [2, 4], zone: 'study', headcount: -1 }] })).toThrow(RangeError);
    expect(() => computeFloorDensity({ floor, zoneValues: [{ zone: 'study', occupancy: 1 }, { zone: 'study', occupancy: 2 }] })).toThrow(/two zone-level values/);
  });
});
