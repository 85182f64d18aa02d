import { polygonArea, polygonCentroid } from 'd3-polygon';
import { OUTSIDE, type SiteFile, type ZoneCategory } from '@hearth/contracts';

/**
 * A validated site file reshaped for simulation: zones with their desks and a
 * neighbour graph between desks, doors grouped by entrance, and the active
 * sensors of each kind. Retired sensors send nothing and are left out.
 */

/** Desks at most this far apart (metres) count as neighbours: seats at the same table. */
export const NEIGHBOUR_DISTANCE_M = 1.6;

export interface DeskModel {
  /** The desk sensor's key. */
  id: string;
  zone: string;
  x: number;
  y: number;
  /** Indexes (within the zone's desks) of neighbouring desks. */
  neighbours: number[];
}

export interface ZoneModel {
  id: string;
  name: string;
  category: ZoneCategory;
  floor: string;
  capacity: number;
  centroid: [number, number];
  areaM2: number;
  desks: DeskModel[];
  /** Zone headcount sensors in this zone. */
  headcountSensors: string[];
  /** The most people the simulation lets into the zone at once. */
  maxPresence: number;
}

export interface DoorModel {
  id: string;
  /** The zone on the building side, for doors to the outside; null for doors between two zones. */
  entrance: string | null;
  inTo: string;
  outTo: string;
  counterRollover?: number;
}

export interface SiteModel {
  siteId: string;
  site: SiteFile['site'];
  zones: ZoneModel[];
  zoneById: Map<string, ZoneModel>;
  doors: DoorModel[];
  /** Entrance zone key -> the doors leading outside from it. */
  entrances: Map<string, DoorModel[]>;
  /** "from>to" -> doors crossed when walking from one zone to another. */
  internalDoors: Map<string, { door: DoorModel; direction: 'in' | 'out' }[]>;
  /** Every active sensor (key and kind), in file order. */
  sensors: { id: string; kind: 'door' | 'desk' | 'zone' }[];
  totalSeats: number;
}

/** The presence bound: half as many again as the seats, plus a few standing. */
export function maxPresenceFor(capacity: number): number {
  return Math.ceil(capacity * 1.5) + 5;
}

export function buildSiteModel(file: SiteFile): SiteModel {
  const zones: ZoneModel[] = [];
  const zoneById = new Map<string, ZoneModel>();
  for (const floor of file.floors) {
    for (const zone of floor.zones) {
      const polygon = zone.polygon as [number, number][];
      const model: ZoneModel = {
        id: zone.id,
        name: zone.name,
        category: zone.category,
        floor: floor.id,
        capacity: zone.capacity,
        centroid: polygonCentroid(polygon),
        areaM2: zone.areaM2 ?? Math.abs(polygonArea(polygon)),
        desks: [],
        headcountSensors: [],
        maxPresence: maxPresenceFor(zone.capacity),
      };
      zones.push(model);
      zoneById.set(zone.id, model);
    }
  }

  const doors: DoorModel[] = [];
  const sensors: SiteModel['sensors'] = [];
  for (const floor of file.floors) {
    for (const sensor of floor.sensors) {
      if (sensor.status === 'retired') continue;
      sensors.push({ id: sensor.id, kind: sensor.kind });
      if (sensor.kind === 'desk' && sensor.zone) {
        zoneById.get(sensor.zone)?.desks.push({ id: sensor.id, zone: sensor.zone, x: sensor.position[0], y: sensor.position[1], neighbours: [] });
      } else if (sensor.kind === 'zone' && sensor.zone) {
        zoneById.get(sensor.zone)?.headcountSensors.push(sensor.id);
      } else if (sensor.kind === 'door' && sensor.inTo && sensor.outTo) {
        const entrance = sensor.outTo === OUTSIDE ? sensor.inTo : sensor.inTo === OUTSIDE ? sensor.outTo : null;
        doors.push({ id: sensor.id, entrance, inTo: sensor.inTo, outTo: sensor.outTo, counterRollover: sensor.counterRollover });
      }
    }
  }

  for (const zone of zones) {
    const { desks } = zone;
    for (let i = 0; i < desks.length; i++) {
      for (let j = i + 1; j < desks.length; j++) {
        if (Math.hypot(desks[i]!.x - desks[j]!.x, desks[i]!.y - desks[j]!.y) <= NEIGHBOUR_DISTANCE_M) {
          desks[i]!.neighbours.push(j);
          desks[j]!.neighbours.push(i);
        }
      }
    }
  }

  const entrances = new Map<string, DoorModel[]>();
  const internalDoors = new Map<string, { door: DoorModel; direction: 'in' | 'out' }[]>();
  for (const door of doors) {
    if (door.entrance !== null) {
      if (!zoneById.has(door.entrance)) continue;
      entrances.set(door.entrance, [...(entrances.get(door.entrance) ?? []), door]);
    } else {
      const add = (key: string, direction: 'in' | 'out') => internalDoors.set(key, [...(internalDoors.get(key) ?? []), { door, direction }]);
      add(`${door.outTo}>${door.inTo}`, 'in');
      add(`${door.inTo}>${door.outTo}`, 'out');
    }
  }

  return {
    siteId: file.site.id,
    site: file.site,
    zones,
    zoneById,
    doors,
    entrances,
    internalDoors,
    sensors,
    totalSeats: zones.reduce((sum, z) => sum + z.capacity, 0),
  };
}

/** Whether a set of desks (indexes within one zone) forms one connected cluster of neighbours. */
export function desksAreConnected(zone: ZoneModel, indexes: readonly number[]): boolean {
  if (indexes.length <= 1) return true;
  const wanted = new Set(indexes);
  const seen = new Set<number>([indexes[0]!]);
  const queue = [indexes[0]!];
  while (queue.length) {
    const at = queue.pop()!;
    for (const n of zone.desks[at]!.neighbours) {
      if (wanted.has(n) && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen.size === wanted.size;
}
