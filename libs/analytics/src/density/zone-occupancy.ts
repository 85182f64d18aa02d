import type { DensityFloor, DensityZone, FloorDensityInput, FloorPoint, ZoneBasis, ZoneDensity } from './types.js';

/** People anchored at a point. */
export interface PointPeople {
  at: FloorPoint;
  people: number;
}

/** People with no position inside their zone, to be spread over its polygon. */
export interface ZoneSpread {
  zone: number;
  people: number;
}

export interface ResolvedOccupancy {
  zones: ZoneDensity[];
  points: PointPeople[];
  spreads: ZoneSpread[];
  total: number;
}

/**
 * Turns the window's sources into one mean occupancy per zone and the people to
 * place on the map, without counting anyone twice.
 *
 * A desk is one seat: its mean occupancy is its mean number of people. A zone
 * headcount sensor, and a zone-level value (from the doors around the zone),
 * each count everybody in the zone, desk users included. So per zone:
 * - with headcount sensors, occupancy is their sum (a direct count beats a
 *   derived one, so a zone-level value for the same zone is ignored);
 * - otherwise with a zone-level value, occupancy is that value;
 * - otherwise occupancy is the sum of its desks;
 * - with none of these the zone has no data and its values are null.
 * Desk users are drawn at their desks; whoever the zone's count holds beyond
 * them is drawn at the headcount sensors (in proportion to each one's count) or
 * spread over the polygon. If a zone's desks add up to more than its count the
 * data disagree; the desks win (occupancy is the larger of the two).
 */
export function resolveOccupancy(input: FloorDensityInput): ResolvedOccupancy {
  const { floor } = input;
  checkFloor(floor);
  const zoneIndex = new Map(floor.zones.map((z, i) => [z.key, i]));
  const indexOf = (zone: string, what: string): number => {
    const i = zoneIndex.get(zone);
    if (i === undefined) throw new RangeError(`${what} belongs to zone "${zone}", which is not on this floor`);
    return i;
  };

  const n = floor.zones.length;
  const deskPeople = new Float64Array(n);
  const hasDesks = new Uint8Array(n);
  const headcount = new Float64Array(n);
  const headcountSensors: { at: FloorPoint; headcount: number }[][] = floor.zones.map(() => []);
  const zoneLevel = new Float64Array(n).fill(NaN);
  const points: PointPeople[] = [];

  for (const desk of input.desks ?? []) {
    const what = `desk ${desk.key ?? `at [${desk.position.join(', ')}]`}`;
    const z = indexOf(desk.zone, what);
    checkPosition(floor, desk.position, what);
    if (!(desk.occupancy >= 0 && desk.occupancy <= 1)) throw new RangeError(`${what}: occupancy must be a share of open time in [0, 1], got ${desk.occupancy}`);
    deskPeople[z] += desk.occupancy;
    hasDesks[z] = 1;
    if (desk.occupancy > 0) points.push({ at: desk.position, people: desk.occupancy });
  }
  for (const sensor of input.headcounts ?? []) {
    const what = `headcount sensor ${sensor.key ?? `at [${sensor.position.join(', ')}]`}`;
    const z = indexOf(sensor.zone, what);
    checkPosition(floor, sensor.position, what);
    if (!(sensor.headcount >= 0 && Number.isFinite(sensor.headcount))) throw new RangeError(`${what}: headcount must be a number >= 0, got ${sensor.headcount}`);
    headcount[z] += sensor.headcount;
    headcountSensors[z].push({ at: sensor.position, headcount: sensor.headcount });
  }
  for (const value of input.zoneValues ?? []) {
    const z = indexOf(value.zone, 'zone-level value');
    if (!(value.occupancy >= 0 && Number.isFinite(value.occupancy)))
      throw new RangeError(`zone-level value for "${value.zone}": occupancy must be a number >= 0, got ${value.occupancy}`);
    if (!Number.isNaN(zoneLevel[z])) throw new RangeError(`zone "${value.zone}" has two zone-level values`);
    zoneLevel[z] = value.occupancy;
  }

  const spreads: ZoneSpread[] = [];
  let total = 0;
  const zones = floor.zones.map((zone, z): ZoneDensity => {
    let basis: ZoneBasis | null = null;
    let counted = 0;
    if (headcountSensors[z].length > 0) [basis, counted] = ['headcount', headcount[z]];
    else if (!Number.isNaN(zoneLevel[z])) [basis, counted] = ['zone-level', zoneLevel[z]];
    else if (hasDesks[z]) [basis, counted] = ['desks', deskPeople[z]];
    const occupancy = basis === null ? null : Math.max(counted, deskPeople[z]);
    const beyondDesks = occupancy === null ? 0 : occupancy - deskPeople[z];
    if (beyondDesks > 0 && basis === 'headcount') {
      for (const s of headcountSensors[z]) if (s.headcount > 0) points.push({ at: s.at, people: (beyondDesks * s.headcount) / headcount[z] });
    } else if (beyondDesks > 0) spreads.push({ zone: z, people: beyondDesks });
    total += occupancy ?? 0;
    return zoneValues(zone, basis, occupancy);
  });
  return { zones, points, spreads, total };
}

function zoneValues(zone: DensityZone, basis: ZoneBasis | null, occupancy: number | null): ZoneDensity {
  const areaM2 = zone.areaM2 ?? polygonAreaM2(zone.polygon);
  return {
    zone: zone.key,
    name: zone.name,
    category: zone.category,
    capacity: zone.capacity,
    areaM2,
    basis,
    occupancy,
    density: occupancy === null || areaM2 <= 0 ? null : occupancy / areaM2,
    utilisation: occupancy === null || zone.capacity <= 0 ? null : occupancy / zone.capacity,
  };
}

/** Shoelace area, whichever way the polygon winds. */
export function polygonAreaM2(polygon: readonly FloorPoint[]): number {
  let twice = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) twice += polygon[j][0] * polygon[i][1] - polygon[i][0] * polygon[j][1];
  return Math.abs(twice) / 2;
}

function checkFloor(floor: DensityFloor): void {
  const { width, height } = floor.size;
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height)))
    throw new RangeError(`the floor's size must be positive metres, got ${width} x ${height}`);
}

function checkPosition(floor: DensityFloor, [x, y]: FloorPoint, what: string): void {
  if (!(x >= 0 && y >= 0 && x <= floor.size.width && y <= floor.size.height))
    throw new RangeError(`${what} lies outside the floor (${floor.size.width} x ${floor.size.height} m)`);
}
