/**
 * Shapes a floor's declaration and a density response into what the floor
 * map draws. Pure: no DOM, no fetching.
 */
import { polygonCentroid } from 'd3';
import type { Point, SiteFile } from '../api/client.js';

export interface DensityResponse {
  empty: boolean;
  reason?: string;
  openHours?: number;
  totalOccupancy?: number;
  zones?: { zone: string; name: string; capacity: number; basis: string | null; occupancy: number | null; density: number | null; utilisation: number | null }[];
  grid?: { cellSize: number; cols: number; rows: number; values: number[]; max: number };
  threshold?: { density: number };
  hotspots?: { id: string; centroid: Point; areaM2: number; people: number; share: number; zones: { zone: string; name: string; share: number }[] }[];
}

export type Metric = 'utilisation' | 'occupancy' | 'density';

export const METRICS: Record<Metric, { label: string; unit: string; describe(v: number): string }> = {
  utilisation: { label: 'Utilisation (share of seats)', unit: '', describe: (v) => `${Math.round(v * 100)} %` },
  occupancy: { label: 'People (mean)', unit: 'people', describe: (v) => `${v.toFixed(1)} people` },
  density: { label: 'People per 100 m²', unit: 'per 100 m²', describe: (v) => `${(v * 100).toFixed(1)} per 100 m²` },
};

export interface MapZone {
  id: string;
  name: string;
  category: string;
  capacity: number;
  polygon: Point[];
  centroid: Point;
  areaM2: number;
  /** The chosen metric's value, null when nothing covers the zone. */
  value: number | null;
  /** Lines for the tooltip and the data table. */
  facts: string[];
}

export interface MapSensor {
  id: string;
  kind: 'door' | 'desk' | 'zone';
  position: Point;
}

export interface FloorMapData {
  width: number;
  height: number;
  zones: MapZone[];
  sensors: MapSensor[];
  grid: DensityResponse['grid'] | null;
  hotspots: NonNullable<DensityResponse['hotspots']>;
}

function area(polygon: Point[]): number {
  let a = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) a += (polygon[j]![0] + polygon[i]![0]) * (polygon[j]![1] - polygon[i]![1]);
  return Math.abs(a / 2);
}

/** The value of a zone under a metric, from its mean people, capacity and area. */
export function metricValue(metric: Metric, occupancy: number | null, capacity: number, areaM2: number): number | null {
  if (occupancy === null) return null;
  if (metric === 'occupancy') return occupancy;
  if (metric === 'density') return areaM2 > 0 ? occupancy / areaM2 : null;
  return capacity > 0 ? occupancy / capacity : null;
}

export function floorMapData(floor: SiteFile['floors'][number], density: DensityResponse | null, metric: Metric): FloorMapData {
  const byZone = new Map((density?.zones ?? []).map((z) => [z.zone, z]));
  return {
    width: floor.size.width,
    height: floor.size.height,
    zones: floor.zones.map((z) => {
      const d = byZone.get(z.id);
      const areaM2 = area(z.polygon);
      const occupancy = d?.occupancy ?? null;
      return {
        id: z.id,
        name: z.name,
        category: z.category,
        capacity: z.capacity,
        polygon: z.polygon,
        centroid: polygonCentroid(z.polygon as [number, number][]) as Point,
        areaM2,
        value: metricValue(metric, occupancy, z.capacity, areaM2),
        facts: zoneFacts(occupancy, z.capacity, areaM2, d?.basis ?? null),
      };
    }),
    sensors: floor.sensors.map((s) => ({ id: s.id, kind: s.kind, position: s.position })),
    grid: density && !density.empty ? (density.grid ?? null) : null,
    hotspots: density?.hotspots ?? [],
  };
}

/** The numbers behind a zone, in words. */
export function zoneFacts(occupancy: number | null, capacity: number, areaM2: number, basis: string | null): string[] {
  if (occupancy === null) return ['No data for this zone in this window'];
  return [
    `${occupancy.toFixed(1)} people on average`,
    capacity > 0 ? `${Math.round((occupancy / capacity) * 100)} % of ${capacity} seats` : 'No rated capacity',
    `${areaM2.toFixed(0)} m²`,
    ...(basis ? [`From ${basis === 'desks' ? 'desk sensors' : basis === 'headcount' ? 'a people counter' : 'entrance counts'}`] : []),
  ];
}

/** Contour levels for a density grid: `n` evenly spaced levels up to its maximum, none for an empty grid. */
export function contourLevels(max: number, n = 6): number[] {
  if (!(max > 0)) return [];
  return Array.from({ length: n }, (_, i) => (max * (i + 1)) / (n + 1));
}
