import { computeFloorDensity } from './floor-density.js';
import { hotspotsGeoJson } from './geojson.js';
import type { DensityFloor, FloorDensity } from './types.js';

const floor: DensityFloor = {
  size: { width: 60, height: 40 },
  zones: [{ key: 'west', name: 'West Study', category: 'quiet_study', capacity: 20, polygon: [[0, 0], [30, 0], [30, 40], [0, 40]] }],
};

/**
 * One person at (10.25, 5.25), the centre of cell (col 20, row 10), under an Epanechnikov kernel of 1 m on
 * 0.5 m cells: a 3 x 3 patch of 0.64 (centre), 0.48 (sides) and 0.36 (corners) people/m². Mean over the
 * occupied 2.25 m² is 1 / 2.25 = 0.444; with the bar at the mean the centre and the four sides are hot:
 * a plus sign of 5 cells, 1.25 m², holding (0.64 + 4 x 0.48) x 0.25 = 0.64 people.
 */
const plus = computeFloorDensity(
  { floor, desks: [{ position: [10.25, 5.25], zone: 'west', occupancy: 1 }] },
  { cellSize: 0.5, bandwidth: 1, kernel: 'epanechnikov', hotspotFactor: 1 },
);

const signedArea = (ring: number[][]) => ring.slice(0, -1).reduce((sum, [x1, y1], i) => sum + (x1 * ring[i + 1][1] - ring[i + 1][0] * y1), 0) / 2;

describe('hot spots as GeoJSON for the director’s export', () => {
  it('outlines the hot cells exactly, in floor metres', () => {
    const collection = hotspotsGeoJson(plus);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(1);
    const [feature] = collection.features;
    expect(feature.id).toBe('hotspot-1');
    expect(feature.geometry).toEqual({
      type: 'Polygon',
      coordinates: [[[10, 4.5], [10.5, 4.5], [10.5, 5], [11, 5], [11, 5.5], [10.5, 5.5], [10.5, 6], [10, 6], [10, 5.5], [9.5, 5.5], [9.5, 5], [10, 5], [10, 4.5]]],
    });
    expect(feature.properties).toMatchObject({ id: 'hotspot-1', rank: 1, areaM2: 1.25, mainZone: 'west' });
    expect(feature.properties.people).toBeCloseTo(0.64, 5);
    expect(feature.properties.peakDensity).toBeCloseTo(0.64, 5);
  });

  it('offers the convex hull instead: the plus sign becomes an octagon of 1.75 m²', () => {
    // The 1.5 x 1.5 m bounding square less four corner triangles of 0.5 x 0.5 / 2: 2.25 - 4 x 0.125 = 1.75 m².
    const [feature] = hotspotsGeoJson(plus, 'hull').features;
    expect(feature.geometry.type).toBe('Polygon');
    const [ring] = feature.geometry.coordinates as number[][][];
    expect(ring).toHaveLength(9);
    expect(ring[8]).toEqual(ring[0]);
    expect(signedArea(ring)).toBeCloseTo(1.75, 10);
    expect(ring.slice(0, -1).map(([x, y]) => `${x},${y}`).sort()).toEqual(['10,4.5', '10,6', '10.5,4.5', '10.5,6', '11,5', '11,5.5', '9.5,5', '9.5,5.5'].sort());
  });

  it('writes a hot spot of corner-touching cells as a MultiPolygon', () => {
    const density: Pick<FloorDensity, 'grid' | 'hotspots' | 'hotspotCells'> = {
      grid: { cellSize: 1, cols: 2, rows: 2, origin: [0, 0], values: new Float32Array([1, 0, 0, 1]), max: 1 },
      hotspotCells: Int32Array.from([1, 0, 0, 1]),
      hotspots: [{ id: 'hotspot-1', centroid: [1, 1], areaM2: 2, peakDensity: 1, peakAt: [0.5, 0.5], people: 2, share: 1, zones: [] }],
    };
    const [feature] = hotspotsGeoJson(density).features;
    expect(feature.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]],
    });
    expect(feature.properties.mainZone).toBeNull();
  });

  it('exports nothing for a floor without hot spots', () => {
    expect(hotspotsGeoJson(computeFloorDensity({ floor })).features).toEqual([]);
  });
});
