import type { Point } from '@hearth/contracts';
import type { FloorEntity, SensorEntity, SiteEntity, SitePeriodEntity, ZoneEntity } from './entities/index.js';

/** The API's shapes: keys and camelCase, never raw rows. A site listing leaves out periods (GET the site for them). */
export const siteView = (s: SiteEntity, periods?: SitePeriodEntity[]) => ({
  id: s.id,
  key: s.key,
  name: s.name,
  timeZone: s.timeZone,
  serviceDayStart: s.serviceDayStart,
  openingHours: s.openingHours,
  ...(periods ? { periods: periods.map(periodView) } : {}),
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export const periodView = (p: SitePeriodEntity) => ({ id: p.id, kind: p.kind, name: p.name, from: p.startsOn, to: p.endsOn });

export const floorView = (f: FloorEntity, siteKey: string) => ({
  id: f.id,
  site: siteKey,
  key: f.key,
  name: f.name,
  ordinal: f.ordinal,
  size: { width: f.widthM, height: f.heightM },
  planFormat: f.planFormat,
});

export const zoneView = (z: ZoneEntity, keys: { site: string; floor: string }) => ({
  id: z.id,
  site: keys.site,
  floorId: z.floorId,
  floor: keys.floor,
  key: z.key,
  name: z.name,
  category: z.category,
  capacity: z.capacitySeats,
  areaM2: z.areaM2,
  polygon: z.polygonM,
});

export const sensorView = (s: SensorEntity, lookup: { site: string | null; floor: string | null; zoneKey: (id: number | null) => string | null }) => ({
  id: s.id,
  site: lookup.site,
  ...(s.siteId === null ? { announcedSite: s.announcedSiteKey || null } : {}),
  key: s.key,
  kind: s.kind,
  adapter: s.adapter,
  status: s.status,
  floorId: s.floorId,
  floor: lookup.floor,
  position: s.positionXM === null || s.positionYM === null ? null : ([s.positionXM, s.positionYM] as Point),
  zone: lookup.zoneKey(s.zoneId),
  inTo: s.kind === 'door' ? (lookup.zoneKey(s.doorInZoneId) ?? 'outside') : undefined,
  outTo: s.kind === 'door' ? (lookup.zoneKey(s.doorOutZoneId) ?? 'outside') : undefined,
  counterRollover: s.counterRollover,
  source: s.source,
  lastSeenAt: s.lastSeenAt,
  batteryPct: s.batteryPct,
});
