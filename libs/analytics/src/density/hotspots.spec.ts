import { computeFloorDensity } from './floor-density.js';
import { desk, GAUSSIAN_PEAK, halvesFloor } from './test-floor.js';

const floor = halvesFloor;

/** Six desks in a 3 x 2 block at the west end (x 8–10.4 m, y 20–21.4 m), one lone desk at the east end. */
const block = [8, 9.2, 10.4].flatMap((x) => [20, 21.4].map((y) => desk([x, y])));
const lone = desk([50, 20]);

describe('hot spots: where patrons congregate', () => {
  it('finds the one person on an otherwise empty floor, centred on their desk', () => {
    const map = computeFloorDensity({ floor, desks: [desk([12.3, 17.8])] }, { cellSize: 0.5 });
    // The desk's weight is shared between cell centres 12.25/12.75 and 17.75/18.25, so the kernel reaches
    // 2 + 2·15 = 32 cells each way: 32 x 32 cells x 0.25 m² = 256 m² occupied, mean 1/256 people/m², bar 3/256.
    expect(map.threshold.occupiedAreaM2).toBe(256);
    expect(map.threshold.density).toBeCloseTo(3 / 256, 10);
    expect(map.hotspots).toHaveLength(1);
    const [spot] = map.hotspots;
    expect(spot.id).toBe('hotspot-1');
    expect(Math.abs(spot.centroid[0] - 12.3)).toBeLessThan(0.25);
    expect(Math.abs(spot.centroid[1] - 17.8)).toBeLessThan(0.25);
    expect(spot.peakAt).toEqual([12.25, 17.75]);
    // Above a bar t a Gaussian holds 1 - t/peak of its people: 1 - (3/256)/0.025465 = 0.540.
    expect(spot.people).toBeCloseTo(1 - 3 / 256 / GAUSSIAN_PEAK, 1);
    expect(spot.share).toBeCloseTo(spot.people, 10);
    expect(spot.zones).toEqual([{ zone: 'west', name: 'West Study', share: 1 }]);
  });

  it('with the default bar (3 x the mean over the occupied area) a lone desk far from a busy block is not a hot spot', () => {
    const map = computeFloorDensity({ floor, desks: [...block, lone] }, { cellSize: 0.5 });
    // Occupied area: the block's desks bin to columns 15–21 and rows 39–43, so its kernels cover
    // (7 + 30) x (5 + 30) = 1295 cells; the lone desk at (50, 20) bins to 2 x 2 cells → 32 x 32 = 1024 cells.
    // (1295 + 1024) x 0.25 m² = 579.75 m²; mean 7 / 579.75 = 0.012074; bar 3 x that = 0.036223 people/m².
    expect(map.threshold.occupiedAreaM2).toBe(579.75);
    expect(map.threshold.density).toBeCloseTo((3 * 7) / 579.75, 10);
    // The lone desk peaks at ~0.0255 < 0.0362; the block at ~6 x that (0.136) is well above.
    expect(map.hotspots).toHaveLength(1);
    expect(map.hotspots[0].peakDensity).toBeGreaterThan(5 * GAUSSIAN_PEAK);
    expect(map.hotspots[0].zones[0].zone).toBe('west');
    expect(map.hotspots[0].centroid[0]).toBeCloseTo(9.2, 0);
  });

  it('with a bar at the mean the lone desk is a second, much smaller hot spot', () => {
    const map = computeFloorDensity({ floor, desks: [...block, lone] }, { cellSize: 0.5, hotspotFactor: 1 });
    expect(map.threshold.density).toBeCloseTo(7 / 579.75, 10);
    expect(map.hotspots.map((h) => h.id)).toEqual(['hotspot-1', 'hotspot-2']);
    const [busy, quiet] = map.hotspots;
    expect(busy.zones[0].zone).toBe('west');
    expect(quiet.zones[0].zone).toBe('east');
    expect(quiet.centroid[0]).toBeCloseTo(50, 9);
    expect(quiet.centroid[1]).toBeCloseTo(20, 9);
    // The lone person above a bar of 0.012074: 1 - 0.012074/0.025465 = 0.526 of a person, 0.526/7 = 0.075 of the floor.
    expect(quiet.people).toBeCloseTo(1 - 7 / 579.75 / GAUSSIAN_PEAK, 1);
    expect(quiet.share).toBeCloseTo(quiet.people / 7, 10);
    expect(busy.people).toBeGreaterThan(5);
  });

  it('with the bar at (almost) nothing, each hot spot holds all its people: shares of 6/7 and 1/7', () => {
    const map = computeFloorDensity({ floor, desks: [...block, lone] }, { cellSize: 0.5, hotspotFactor: 0, hotspotMinDensity: 1e-9 });
    expect(map.hotspots).toHaveLength(2);
    expect(map.hotspots[0].share).toBeCloseTo(6 / 7, 6);
    expect(map.hotspots[1].share).toBeCloseTo(1 / 7, 6);
    // Every occupied cell is hot: the two areas add up to the occupied area.
    expect(map.hotspots[0].areaM2 + map.hotspots[1].areaM2).toBe(579.75);
  });

  it('keeps a nearly empty floor dark: one desk used 20 % of the time stays below the absolute floor of 0.01 people/m²', () => {
    // Peak 0.2 x 0.025465 = 0.0051 people/m², under the 0.01 minimum, though far above 3 x its own mean.
    const map = computeFloorDensity({ floor, desks: [desk([12.25, 17.75], 0.2)] }, { cellSize: 0.5 });
    expect(map.threshold.density).toBe(0.01);
    expect(map.hotspots).toEqual([]);
  });

  it('ranks equal hot spots by position, north-west first, and labels their cells', () => {
    const map = computeFloorDensity({ floor, desks: [desk([45.25, 30.25]), desk([15.25, 10.25])] }, { cellSize: 0.5 });
    expect(map.hotspots.map((h) => [h.id, h.peakAt])).toEqual([
      ['hotspot-1', [15.25, 10.25]],
      ['hotspot-2', [45.25, 30.25]],
    ]);
    expect(map.hotspotCells[20 * 120 + 30]).toBe(1);
    expect(map.hotspotCells[60 * 120 + 90]).toBe(2);
    expect(map.hotspotCells[0]).toBe(0);
  });

  it('splits a hot spot straddling two zones by the people on each side', () => {
    // One desk exactly on the boundary x = 30: its kernel is symmetric, so half its hot spot is in each zone.
    const map = computeFloorDensity({ floor, desks: [{ position: [30, 20.25], zone: 'west', occupancy: 1 }] }, { cellSize: 0.5 });
    expect(map.hotspots).toHaveLength(1);
    expect(map.hotspots[0].zones.map((z) => z.zone)).toEqual(['west', 'east']);
    expect(map.hotspots[0].zones[0].share).toBeCloseTo(0.5, 6);
    expect(map.hotspots[0].zones[1].share).toBeCloseTo(0.5, 6);
  });
});
