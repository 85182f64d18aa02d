/**
 * The site as the dashboard's pages read it (the shape of a site file) for
 * someone who may not download the site file itself: a viewer. Built from
 * the site, its floors, zones and sensors as the API lists them.
 */
import type { Point, SiteFile } from '../api/client.js';

type Period = NonNullable<SiteFile['site']['periods']>[number];

/** GET /sites/:site (the fields read here). */
export interface SiteRow {
  key: string;
  name: string;
  timeZone: string;
  periods?: (Period & { id?: number })[];
}

/** GET /sites/:site/floors. */
export interface FloorListRow {
  key: string;
  name: string;
  ordinal: number;
  size: { width: number; height: number };
}

/** GET /sites/:site/zones. */
export interface ZoneListRow {
  floor: string;
  key: string;
  name: string;
  category: string;
  capacity: number;
  polygon: Point[];
}

/** GET /sites/:site/sensors. */
export interface SensorListRow {
  floor: string | null;
  key: string;
  kind: 'door' | 'desk' | 'zone';
  status?: string;
  position: Point | null;
  zone?: string | null;
  inTo?: string | null;
  outTo?: string | null;
}

/** The site-file shape from the API's lists: floors by ordinal, each with its zones and active sensors. */
export function siteFileFromLists(site: SiteRow, floors: FloorListRow[], zones: ZoneListRow[], sensors: SensorListRow[]): SiteFile {
  return {
    site: { id: site.key, name: site.name, timeZone: site.timeZone, periods: (site.periods ?? []).map(({ kind, name, from, to }) => ({ kind, name, from, to })) },
    floors: [...floors]
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((f) => ({
        id: f.key,
        name: f.name,
        ordinal: f.ordinal,
        size: f.size,
        zones: zones.filter((z) => z.floor === f.key).map((z) => ({ id: z.key, name: z.name, category: z.category, capacity: z.capacity, polygon: z.polygon })),
        sensors: sensors
          .filter((s) => s.floor === f.key && s.position && (s.status ?? 'active') === 'active')
          .map((s) => ({
            id: s.key,
            kind: s.kind,
            position: s.position!,
            ...(s.zone ? { zone: s.zone } : {}),
            ...(s.inTo ? { inTo: s.inTo } : {}),
            ...(s.outTo ? { outTo: s.outTo } : {}),
          })),
      })),
  };
}
