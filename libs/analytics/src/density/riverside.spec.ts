import { polygonContains } from 'd3-polygon';
import { loadRiverside } from '@hearth/simulation';
import { computeFloorDensity } from './floor-density.js';
import { hotspotsGeoJson } from './geojson.js';
import type { DensityFloor, DeskSource } from './types.js';

const riverside = loadRiverside();
const second = riverside.floors.find((f) => f.id === 'second')!;
const floor: DensityFloor = {
  size: second.size,
  zones: second.zones.map((z) => ({ key: z.id, name: z.name, category: z.category, capacity: z.capacity, polygon: z.polygon, areaM2: z.areaM2 })),
};
const OCCUPANCY: Record<string, number> = { 'reading-room': 0.9, 'garden-study': 0.05 };
const desks: DeskSource[] = second.sensors
  .filter((s) => s.kind === 'desk' && s.zone! in OCCUPANCY)
  .map((s) => ({ key: s.id, position: s.position, zone: s.zone!, occupancy: OCCUPANCY[s.zone!] }));
const readingRoom = second.zones.find((z) => z.id === 'reading-room')!.polygon;

describe('Riverside second floor: the Reading Room busy, the Garden Study Room nearly empty', () => {
  const map = computeFloorDensity({ floor, desks }, { cellSize: 0.5 });

  it('has 42 Reading Room desks at 90 % and 32 Garden Study desks at 5 %', () => {
    // 42 x 0.9 = 37.8 people over 42 seats (90 %), 30 x 20 = 600 m²; 32 x 0.05 = 1.6 people over 32 seats (5 %).
    const byZone = Object.fromEntries(map.zones.map((z) => [z.zone, z]));
    expect(byZone['reading-room'].occupancy).toBeCloseTo(37.8, 9);
    expect(byZone['reading-room'].utilisation).toBeCloseTo(0.9, 9);
    expect(byZone['reading-room'].density).toBeCloseTo(37.8 / 600, 9);
    expect(byZone['garden-study'].occupancy).toBeCloseTo(1.6, 9);
    expect(byZone['garden-study'].utilisation).toBeCloseTo(0.05, 9);
    // No sources were given for the carrels or the reference stacks: unknown, not empty.
    expect(byZone['silent-carrels'].occupancy).toBeNull();
    expect(byZone['reference-stacks'].occupancy).toBeNull();
    expect(map.totalOccupancy).toBeCloseTo(39.4, 9);
  });

  it('puts the top hot spot in the Reading Room, and none in the Garden Study Room', () => {
    expect(map.hotspots.length).toBeGreaterThan(0);
    const [top] = map.hotspots;
    expect(top.id).toBe('hotspot-1');
    expect(top.zones[0].zone).toBe('reading-room');
    expect(polygonContains(readingRoom as [number, number][], top.centroid)).toBe(true);
    expect(map.hotspots.every((h) => h.zones[0].zone === 'reading-room')).toBe(true);
    // Ranked by people.
    const people = map.hotspots.map((h) => h.people);
    expect(people).toEqual([...people].sort((a, b) => b - a));
  });

  it('exports those hot spots as GeoJSON features inside the Reading Room', () => {
    const features = hotspotsGeoJson(map).features;
    expect(features.map((f) => f.properties.mainZone)).toEqual(map.hotspots.map(() => 'reading-room'));
  });
});
