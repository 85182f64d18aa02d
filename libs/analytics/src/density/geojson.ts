import { polygonHull } from 'd3-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { cellOutlines, type Ring } from './outline.js';
import type { FloorDensity, Hotspot } from './types.js';

/** 'cells': the exact outline of the hot cells; 'hull': their convex hull, a simpler shape for overview maps. */
export type HotspotShape = 'cells' | 'hull';

export interface HotspotFeatureProperties {
  id: string;
  rank: number;
  people: number;
  share: number;
  areaM2: number;
  peakDensity: number;
  centroid: [number, number];
  /** The zone holding the largest share of the hot spot, or null when it lies outside every zone. */
  mainZone: string | null;
  zones: Hotspot['zones'];
}

export type HotspotFeatureCollection = FeatureCollection<Polygon | MultiPolygon, HotspotFeatureProperties>;

/**
 * The floor's hot spots as GeoJSON features, in rank order. Coordinates are the
 * floor's metre frame (origin top-left, x right, y down), not longitude and
 * latitude: the export that places the floor on a map georeferences them.
 * Rings follow GeoJSON's right-hand rule in those coordinates. Hot cells that
 * touch only at a corner make a MultiPolygon under the 'cells' shape.
 */
export function hotspotsGeoJson(density: Pick<FloorDensity, 'grid' | 'hotspots' | 'hotspotCells'>, shape: HotspotShape = 'cells'): HotspotFeatureCollection {
  const outlines = cellOutlines(density.grid, density.hotspotCells, density.hotspots.length);
  const features = density.hotspots.map((h, i): Feature<Polygon | MultiPolygon, HotspotFeatureProperties> => {
    const label = i + 1;
    const outline = outlines[i];
    const geometry: Polygon | MultiPolygon =
      shape === 'hull'
        ? { type: 'Polygon', coordinates: [hull(outline.flatMap((polygon) => polygon[0]))] }
        : outline.length === 1
          ? { type: 'Polygon', coordinates: outline[0] }
          : { type: 'MultiPolygon', coordinates: outline };
    return {
      type: 'Feature',
      id: h.id,
      geometry,
      properties: {
        id: h.id,
        rank: label,
        people: h.people,
        share: h.share,
        areaM2: h.areaM2,
        peakDensity: h.peakDensity,
        centroid: h.centroid,
        mainZone: h.zones[0]?.zone ?? null,
        zones: h.zones,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}

/** Convex hull of the outer rings' corners, closed and wound with positive area. */
function hull(points: Ring): Ring {
  const ring = (polygonHull(points) ?? points) as Ring;
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  const wound = twice < 0 ? [...ring].reverse() : [...ring];
  return [...wound, [wound[0][0], wound[0][1]]];
}
