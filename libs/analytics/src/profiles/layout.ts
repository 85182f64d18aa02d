import type { SiteFile, ZoneCategory } from '@hearth/contracts';

/**
 * What profiles need to know about the building: each zone's name and
 * category, and where each desk sits (to tell a table of friends from
 * strangers spread across a room).
 */
export interface ProfileLayout {
  zones: ReadonlyMap<string, { name: string; category: ZoneCategory }>;
  /** Desk sensor key -> position in metres in its floor's frame. */
  desks: ReadonlyMap<string, { x: number; y: number }>;
}

/** The layout from a site file (retired desks included: their past sessions still count). */
export function profileLayout(file: SiteFile): ProfileLayout {
  const zones = new Map<string, { name: string; category: ZoneCategory }>();
  const desks = new Map<string, { x: number; y: number }>();
  for (const floor of file.floors) {
    for (const zone of floor.zones) zones.set(zone.id, { name: zone.name, category: zone.category });
    for (const sensor of floor.sensors) if (sensor.kind === 'desk') desks.set(sensor.id, { x: sensor.position[0], y: sensor.position[1] });
  }
  return { zones, desks };
}
