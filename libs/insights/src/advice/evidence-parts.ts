import { quantileSorted, type DeskSession } from '@hearth/analytics';
import type { OpeningHours, Weekday } from '@hearth/contracts';
import { WEEKDAYS } from '@hearth/contracts';
import type { DemandEvidence, EntranceEvidence, FloorEvidence, ZoneEvidence } from '@hearth/recommendations';

/**
 * The pure parts of a site's evidence for the recommendation rules: session
 * figures per zone, seat layout, where hot spots lie against the service
 * desks, what happens in the first metres inside each door, and demand over
 * the day. Positions are metres in a floor's frame (x right, y down).
 */

type Point = readonly [number, number];

/** A session shorter than this is a short stay. */
export const SHORT_STAY_MINUTES = 20;
/** A solo session at least this long is a long solo stay. */
export const LONG_STAY_MINUTES = 120;
/** Desks at most this far apart share a table or cluster (the distance group detection also uses). */
export const NEIGHBOUR_M = 2.5;
/** The radius of an entrance's "first metres" (the decompression zone). */
export const FIRST_METRES_M = 4;

const MINUTE = 60_000;

/** Per zone: how many of its desk sensors sit alone and how many share a table with a neighbour. */
export function seatLayout(desks: readonly { zone: string; position: Point }[], neighbourM = NEIGHBOUR_M): Map<string, { single: number; shared: number }> {
  const out = new Map<string, { single: number; shared: number }>();
  const limit = neighbourM * neighbourM;
  for (const d of desks) {
    const shared = desks.some((o) => o !== d && o.zone === d.zone && (o.position[0] - d.position[0]) ** 2 + (o.position[1] - d.position[1]) ** 2 <= limit);
    const seats = out.get(d.zone) ?? { single: 0, shared: 0 };
    if (shared) seats.shared++;
    else seats.single++;
    out.set(d.zone, seats);
  }
  return out;
}

/**
 * Session figures per zone: count, median and p90 length, the share of short
 * stays, of long solo stays and of group sessions (`group[i]` is 1 for a
 * session that was part of a group, aligned with `sessions`).
 */
export function sessionFigures(sessions: readonly DeskSession[], group: ArrayLike<number>): Map<string, NonNullable<ZoneEvidence['sessions']>> {
  const byZone = new Map<string, { minutes: number[]; short: number; longSolo: number; group: number }>();
  sessions.forEach((s, i) => {
    const minutes = (s.end - s.start) / MINUTE;
    let z = byZone.get(s.zone);
    if (!z) byZone.set(s.zone, (z = { minutes: [], short: 0, longSolo: 0, group: 0 }));
    z.minutes.push(minutes);
    if (minutes < SHORT_STAY_MINUTES) z.short++;
    if (group[i]) z.group++;
    else if (minutes >= LONG_STAY_MINUTES) z.longSolo++;
  });
  const out = new Map<string, NonNullable<ZoneEvidence['sessions']>>();
  for (const [zone, z] of byZone) {
    const sorted = Float64Array.from(z.minutes).sort();
    const n = sorted.length;
    out.set(zone, {
      count: n,
      medianMinutes: quantileSorted(sorted, 0.5),
      p90Minutes: quantileSorted(sorted, 0.9),
      shortShare: z.short / n,
      longSoloShare: z.longSolo / n,
      groupShare: z.group / n,
    });
  }
  return out;
}

export const distance = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Even-odd point-in-polygon. */
export function insidePolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from a point to the segment a-b. */
function toSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return distance(p, [a[0] + t * dx, a[1] + t * dy]);
}

/** Whether a polygon reaches within `radius` of `centre` (overlaps the disc). */
export function reachesDisc(polygon: readonly Point[], centre: Point, radius: number): boolean {
  if (insidePolygon(centre, polygon)) return true;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) if (toSegment(centre, polygon[j]!, polygon[i]!) < radius) return true;
  return false;
}

/** The mean of a density grid's cells whose centres lie within `radius` of `centre` (people per m²). */
export function meanDensityWithin(grid: { cellSize: number; cols: number; rows: number; values: ArrayLike<number> }, centre: Point, radius: number): number {
  let sum = 0;
  let n = 0;
  const c0 = Math.max(0, Math.floor((centre[0] - radius) / grid.cellSize));
  const c1 = Math.min(grid.cols - 1, Math.floor((centre[0] + radius) / grid.cellSize));
  const r0 = Math.max(0, Math.floor((centre[1] - radius) / grid.cellSize));
  const r1 = Math.min(grid.rows - 1, Math.floor((centre[1] + radius) / grid.cellSize));
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      if (distance(centre, [(c + 0.5) * grid.cellSize, (r + 0.5) * grid.cellSize]) > radius) continue;
      sum += grid.values[r * grid.cols + c]!;
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** The zones a straight walk from `from` to `to` passes through, in walking order, sampled every `stepM`. */
export function zonesAlong(zones: readonly { id: string; polygon: readonly Point[] }[], from: Point, to: Point, stepM = 0.5): string[] {
  const steps = Math.max(1, Math.ceil(distance(from, to) / stepM));
  const out: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const p: Point = [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps];
    const zone = zones.find((z) => insidePolygon(p, z.polygon));
    if (zone && out[out.length - 1] !== zone.id && !out.includes(zone.id)) out.push(zone.id);
  }
  return out;
}

/** A floor's hot spots as the rules read them: share, overlapped zones and the straight distance to the nearest service desk. */
export function hotspotFigures(
  hotspots: readonly { centroid: [number, number]; areaM2: number; share: number; zones: readonly { zone: string }[] }[],
  serviceDesks: FloorEvidence['serviceDesks']): FloorEvidence['hotspots'] {
  return hotspots.map((h) => ({
    centroid: h.centroid,
    areaM2: h.areaM2,
    share: h.share,
    zones: h.zones.map((z) => z.zone),
    toServiceDeskM: serviceDesks.length ? Math.min(...serviceDesks.map((d) => distance(d.centroid, h.centroid))) : null,
  }));
}

export interface FloorForEntrances {
  zones: readonly { id: string; polygon: readonly Point[] }[];
  doors: readonly { id: string; position: Point; inTo: string }[];
  grid: { cellSize: number; cols: number; rows: number; values: ArrayLike<number> } | null;
  /** Mean density over the floor's occupied area (people per m²). */
  floorDensity: number;
  /** The floor's largest hot spot's centre, if any. */
  hotspot: Point | null;
}

/** Each door of a floor: its share of the building's arrivals, its first metres, and the walk to the main hot spot. */
export function entranceFigures(floor: FloorForEntrances, arrivalsShare: ReadonlyMap<string, number>, radiusM = FIRST_METRES_M): EntranceEvidence[] {
  return floor.doors.map((door) => ({
    door: door.id,
    zone: door.inTo,
    position: [door.position[0], door.position[1]],
    arrivalsShare: arrivalsShare.get(door.id) ?? null,
    firstMetres: {
      radiusM,
      density: floor.grid ? meanDensityWithin(floor.grid, door.position, radiusM) : 0,
      floorDensity: floor.floorDensity,
      zones: floor.zones.filter((z) => z.id !== door.inTo && reachesDisc(z.polygon, door.position, radiusM)).map((z) => z.id),
    },
    pathToHotspot: floor.hotspot ? { zones: zonesAlong(floor.zones, door.position, floor.hotspot), lengthM: distance(door.position, floor.hotspot) } : null,
  }));
}

const clockHour = (hhmm: string) => Number(hhmm.slice(0, 2)) + Number(hhmm.slice(3, 5)) / 60;

/** Opening hours as the rules read them: per weekday, `{ open, close }` ranges. */
export function openingRanges(hours: OpeningHours): DemandEvidence['openingHours'] {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, (hours[d] ?? []).map((r) => ({ open: r.slice(0, 5), close: r.slice(6, 11) }))]));
}

export interface DayArrivalsRow {
  weekday: Weekday;
  /** People arriving per local clock hour (24 values). */
  arrivals: readonly number[];
}

/**
 * Demand over the day from the entrance counters, over days that were open
 * and counted: mean arrivals per hour, in the first and last open hour and
 * at the peak, and in the hour before opening (hourly counts cannot split an
 * hour, so the whole clock hour before the opening time stands for "waiting
 * at the door"). `lastHourUtilisation` comes from the occupancy pattern.
 * Null without counted days.
 */
export function demandFigures(days: readonly DayArrivalsRow[], hours: OpeningHours, lastHourUtilisation: number | null): DemandEvidence | null {
  const open = days.filter((d) => (hours[d.weekday] ?? []).length > 0);
  if (!open.length) return null;
  const byHour = new Array<number>(24).fill(0);
  let first = 0;
  let last = 0;
  let before = 0;
  for (const d of open) {
    d.arrivals.forEach((v, h) => (byHour[h]! += v));
    const ranges = hours[d.weekday]!;
    const openAt = Math.min(...ranges.map((r) => clockHour(r.slice(0, 5))));
    const closeAt = Math.max(...ranges.map((r) => clockHour(r.slice(6, 11))));
    const openHour = Math.floor(openAt);
    first += d.arrivals[openHour] ?? 0;
    last += d.arrivals[Math.max(openHour, Math.ceil(closeAt) - 1)] ?? 0;
    if (openHour > 0) before += d.arrivals[openHour - 1] ?? 0;
  }
  const n = open.length;
  const arrivalsByHour = byHour.map((v) => v / n);
  const peakHour = arrivalsByHour.reduce((best, v, h) => (v > arrivalsByHour[best]! ? h : best), 0);
  return {
    arrivalsByHour,
    visitsPerDay: arrivalsByHour.reduce((a, b) => a + b, 0),
    openingHours: openingRanges(hours),
    firstHourArrivals: first / n,
    lastHourArrivals: last / n,
    lastHourUtilisation,
    peakHour,
    peakArrivals: arrivalsByHour[peakHour]!,
    beforeOpening: before / n,
  };
}

/**
 * The building's mean occupancy in the last open hour of each weekday, as a
 * share of capacity, from a weekday × hour pattern (mean people per cell);
 * null without capacity or cells.
 */
export function lastHourShare(cells: readonly (readonly ({ mean: number } | null)[])[], capacity: number, hours: OpeningHours): number | null {
  if (!(capacity > 0)) return null;
  const values: number[] = [];
  WEEKDAYS.forEach((d, i) => {
    const ranges = hours[d] ?? [];
    if (!ranges.length) return;
    const closeAt = Math.max(...ranges.map((r) => clockHour(r.slice(6, 11))));
    const cell = cells[i]?.[(Math.ceil(closeAt) - 1 + 24) % 24];
    if (cell) values.push(cell.mean);
  });
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length / capacity : null;
}
