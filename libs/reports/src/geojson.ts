import type { Feature, FeatureCollection, Point as GeoPoint, Polygon } from 'geojson';
import { openRing, signedArea } from './geometry.js';
import type { ReportInput } from './report.js';

/** Properties of a zone feature. */
export interface ZoneFeatureProperties {
  kind: 'zone';
  site: string;
  floor: string;
  zone: string;
  name: string;
  category: string;
  capacity: number;
  /** Mean occupancy over open hours as a share of capacity (0..1); null without data. */
  utilisation: number | null;
  /** Open hours above 85 % of capacity; null without data. */
  hoursAbove: number | null;
  medianStayMinutes: number | null;
  /** Ids of the report's recommendations that name this zone. */
  recommendations: string[];
}

/** Properties of a hot spot feature. */
export interface HotspotFeatureProperties {
  kind: 'hotspot';
  site: string;
  floor: string;
  label: string;
  /** Share of the floor's occupancy inside the hot spot (0..1). */
  share: number;
}

/** Which frame the coordinates are in: a foreign member, as RFC 7946 allows, since they are not longitude/latitude. */
export interface FloorMetresCrs {
  frame: 'floor-metres';
  note: string;
}

export type ZonesFeatureCollection = FeatureCollection<Polygon | GeoPoint, ZoneFeatureProperties | HotspotFeatureProperties> & {
  'hearth:crs': FloorMetresCrs;
};

const CRS_NOTE =
  "Coordinates are metres on each floor's plan, not longitude/latitude: x to the right and y downwards from the plan's top-left corner. " +
  "Each feature's floor property says which plan; features of different floors share the frame's numbers but not its place.";

/**
 * The report's zones and hot spots as GeoJSON, for planners who want them in
 * their own GIS or CAD tools: each zone a Polygon with its use figures and the
 * recommendations that name it, each hot spot a Point with its share.
 *
 * Coordinates are the floor's metres (x right, y down from the plan's top-left
 * corner), not WGS 84 longitude/latitude: the top-level `"hearth:crs"` member
 * says so. Rings are closed and their exterior winds counter-clockwise in
 * those numbers (positive shoelace area), as RFC 7946 asks; drawn y-down on the
 * plan that looks clockwise. Zones with fewer than three distinct corners are
 * left out, since they are no polygon.
 */
export function zonesGeoJson(input: ReportInput): ZonesFeatureCollection {
  const features: Feature<Polygon | GeoPoint, ZoneFeatureProperties | HotspotFeatureProperties>[] = [];
  for (const floor of input.floors) {
    for (const zone of floor.zones) {
      const open = openRing(zone.polygon);
      const area = signedArea(open);
      if (open.length < 3 || area === 0) continue;
      // Reversed from the same first corner, then closed.
      const ring = area > 0 ? open : [open[0], ...open.slice(1).reverse()];
      ring.push([ring[0][0], ring[0][1]]);
      features.push({
        type: 'Feature',
        id: `${floor.floor}/${zone.zone}`,
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: {
          kind: 'zone',
          site: input.site.id,
          floor: floor.floor,
          zone: zone.zone,
          name: zone.name,
          category: zone.category,
          capacity: zone.capacity,
          utilisation: zone.utilisation,
          hoursAbove: zone.hoursAbove,
          medianStayMinutes: zone.medianStayMinutes,
          recommendations: input.recommendations.filter((r) => r.zones.includes(zone.zone) && (r.floor === null || r.floor === floor.floor)).map((r) => r.id),
        },
      });
    }
    for (const spot of floor.hotspots) {
      features.push({
        type: 'Feature',
        id: `${floor.floor}/hotspot/${spot.label}`,
        geometry: { type: 'Point', coordinates: [spot.centroid[0], spot.centroid[1]] },
        properties: { kind: 'hotspot', site: input.site.id, floor: floor.floor, label: spot.label, share: spot.share },
      });
    }
  }
  return { type: 'FeatureCollection', 'hearth:crs': { frame: 'floor-metres', note: CRS_NOTE }, features };
}
