import type { SiteFile } from '@hearth/contracts';
import type { ZoneBucket } from '../buckets.js';
import type { CalendarFrame } from './calendar-frame.js';
import { empty, type Empty } from './results.js';

/**
 * The occupancy series of a set of zones (one zone, a floor, the whole site)
 * on a calendar frame: one value per slot of the window, summed over the
 * zones. Every metric over buckets reads this, so a floor is measured exactly
 * like a zone and a request computing several metrics pays for one pass over
 * its buckets.
 *
 * Per slot, over the zones that have a bucket with data there:
 * - `occupancy` is the sum of their bucket means and `peak` the sum of their
 *   bucket peaks (for several zones an upper bound on the instantaneous peak:
 *   zones may peak at different minutes of the same quarter hour);
 * - `capacity` is the sum of their capacities, so a zone that was offline is
 *   left out of both sides of a utilisation rather than counted as empty;
 * - `weight` is how much the slot counts in time averages: the counted
 *   (open) share of the slot times the zones' mean data coverage. 0 means
 *   the slot does not count at all (closed, filtered out, or no data);
 * - `arrivals`/`departures` are summed whole in any slot with weight > 0:
 *   a count cannot be split by time without knowing when in the quarter hour
 *   it happened, and arrivals cluster just after opening.
 *
 * A floor's arrivals are entries into its zones, so someone walking from one
 * zone to another arrives twice; for visits to the building use the entrance
 * zones' buckets.
 */

/** A zone and how many people (or seats) it holds. */
export interface ZoneCapacity {
  zone: string;
  capacity: number;
  /** The floor the zone is on, for floor-level summaries. */
  floor?: string;
}

export interface OccupancySeries {
  frame: CalendarFrame;
  /** The zones asked for. */
  zones: readonly ZoneCapacity[];
  /** The zones with at least one counted bucket. */
  zonesWithData: readonly string[];
  /** Total capacity of the zones with data. */
  capacity: number;
  weight: Float64Array;
  occupancy: Float64Array;
  peak: Float64Array;
  capacityPresent: Float64Array;
  arrivals: Float64Array;
  departures: Float64Array;
}

/** The zones of a site file with their capacity and floor. */
export function zoneCapacities(file: Pick<SiteFile, 'floors'>): ZoneCapacity[] {
  return file.floors.flatMap((floor) => floor.zones.map((z) => ({ zone: z.id, capacity: z.capacity, floor: floor.id })));
}

/** Reusable arrays for building series one group after another. */
interface Buffers {
  weight: Float64Array;
  occupancy: Float64Array;
  peak: Float64Array;
  capacityPresent: Float64Array;
  arrivals: Float64Array;
  departures: Float64Array;
  reporting: Uint16Array;
}

function buffers(slots: number): Buffers {
  return {
    weight: new Float64Array(slots),
    occupancy: new Float64Array(slots),
    peak: new Float64Array(slots),
    capacityPresent: new Float64Array(slots),
    arrivals: new Float64Array(slots),
    departures: new Float64Array(slots),
    reporting: new Uint16Array(slots),
  };
}

function clear(b: Buffers): void {
  for (const a of Object.values(b)) a.fill(0);
}

/**
 * Adds buckets of the given zones into the buffers. Linear in the buckets;
 * buckets of other zones, outside the window or with no data are skipped.
 * Expects one bucket per zone per slot, of the frame's bucket length.
 */
function accumulate(
  b: Buffers,
  frame: CalendarFrame,
  buckets: readonly ZoneBucket[],
  zoneIndex: Map<string, number>,
  capacities: Float64Array,
  seen: Uint8Array,
  from = 0,
  to = buckets.length,
): void {
  const { bucketMs } = frame;
  let lastZone: string | undefined;
  let z = -1;
  for (let i = from; i < to; i++) {
    const bk = buckets[i]!;
    if (bk.zone !== lastZone) {
      lastZone = bk.zone;
      z = zoneIndex.get(bk.zone) ?? -1;
    }
    if (z < 0) continue;
    const s = countedSlotOf(frame, bk);
    if (s < 0) continue;
    seen[z] = 1;
    b.occupancy[s]! += bk.mean;
    b.peak[s]! += bk.peak;
    b.capacityPresent[s]! += capacities[z]!;
    b.arrivals[s]! += bk.arrivals;
    b.departures[s]! += bk.departures;
    b.weight[s]! += Math.min(1, bk.coveredMs / bucketMs);
    b.reporting[s]!++;
  }
}

/**
 * The slot of a bucket that has data and lies in counted time, or -1.
 * Throws on a bucket not aligned to the frame's bucket length.
 */
export function countedSlotOf(frame: CalendarFrame, bucket: ZoneBucket): number {
  if (!(bucket.coveredMs > 0)) return -1;
  const offset = bucket.start - frame.origin;
  if (offset < 0) return -1;
  const s = offset / frame.bucketMs;
  if (s >= frame.slots) return -1;
  if (!Number.isInteger(s)) throw new RangeError(`bucket of zone "${bucket.zone}" at ${bucket.start} is not aligned to ${frame.bucketMs} ms buckets`);
  return frame.countedShare[s] === 0 ? -1 : s;
}

/** Turns the summed coverage into slot weights. */
function finish(b: Buffers, frame: CalendarFrame): void {
  const { countedShare } = frame;
  for (let s = 0; s < b.weight.length; s++) {
    const n = b.reporting[s]!;
    if (n > 0) b.weight[s] = (countedShare[s]! * b.weight[s]!) / n;
  }
}

function seriesOf(frame: CalendarFrame, zones: readonly ZoneCapacity[], b: Buffers, seen: Uint8Array): OccupancySeries {
  const zonesWithData = zones.filter((_, i) => seen[i]).map((z) => z.zone);
  const capacity = zones.reduce((sum, z, i) => sum + (seen[i] ? z.capacity : 0), 0);
  const { weight, occupancy, peak, capacityPresent, arrivals, departures } = b;
  return { frame, zones, zonesWithData, capacity, weight, occupancy, peak, capacityPresent, arrivals, departures };
}

function indexZones(zones: readonly ZoneCapacity[]): { zoneIndex: Map<string, number>; capacities: Float64Array } {
  const zoneIndex = new Map<string, number>();
  zones.forEach((z, i) => zoneIndex.set(z.zone, i));
  return { zoneIndex, capacities: Float64Array.from(zones, (z) => z.capacity) };
}

/** The series of a set of zones (their buckets may be mixed with other zones' buckets). */
export function occupancySeries(frame: CalendarFrame, buckets: readonly ZoneBucket[], zones: readonly ZoneCapacity[]): OccupancySeries {
  const b = buffers(frame.slots);
  const { zoneIndex, capacities } = indexZones(zones);
  const seen = new Uint8Array(zones.length);
  accumulate(b, frame, buckets, zoneIndex, capacities, seen);
  finish(b, frame);
  return seriesOf(frame, zones, b, seen);
}

/**
 * Runs `measure` on the series of each group in turn, reusing one set of
 * arrays: the series handed to `measure` is only valid during the call.
 * Buckets are located by zone once, so each bucket is read once per group
 * that holds its zone.
 */
export function eachGroupSeries<T>(
  frame: CalendarFrame,
  buckets: readonly ZoneBucket[],
  groups: readonly { key: string; zones: readonly ZoneCapacity[] }[],
  measure: (series: OccupancySeries) => T,
): Record<string, T> {
  // Where each zone's buckets are: runs [from, to) of consecutive buckets of one zone
  // (rollups list a zone's buckets together, so there are few runs and no copying).
  const runs = new Map<string, number[]>();
  for (let i = 0; i < buckets.length; ) {
    const zone = buckets[i]!.zone;
    let j = i + 1;
    while (j < buckets.length && buckets[j]!.zone === zone) j++;
    let list = runs.get(zone);
    if (!list) runs.set(zone, (list = []));
    list.push(i, j);
    i = j;
  }
  const b = buffers(frame.slots);
  const out: Record<string, T> = {};
  for (const group of groups) {
    clear(b);
    const { zoneIndex, capacities } = indexZones(group.zones);
    const seen = new Uint8Array(group.zones.length);
    for (const z of group.zones) {
      const list = runs.get(z.zone) ?? [];
      for (let k = 0; k < list.length; k += 2) accumulate(b, frame, buckets, zoneIndex, capacities, seen, list[k], list[k + 1]);
    }
    finish(b, frame);
    out[group.key] = measure(seriesOf(frame, group.zones, b, seen));
  }
  return out;
}

/** Why a series has nothing to measure, or null when it has. */
export function emptyReason(series: OccupancySeries): Empty | null {
  return emptyFor(series.frame, series.zones.length, series.zonesWithData.length);
}

export function emptyFor(frame: CalendarFrame, zones: number, zonesWithData: number): Empty | null {
  if (zones === 0) return empty('no-zones', 'No zones were given.');
  if (frame.countedMs === 0) return empty('no-open-time', 'The window has no open hours once closures, holidays and the calendar filters are applied.');
  if (zonesWithData === 0) return empty('no-data', 'None of these zones has data during open hours in the window.');
  return null;
}

/**
 * Per service day and local hour (index day * 24 + hour): the sums every
 * day- and hour-level metric starts from. Built from the series in one pass
 * over its slots, and memoised per series.
 */
export interface DayHourGrid {
  /** Σ weight (in slots). */
  weight: Float64Array;
  /** Σ weight × occupancy. */
  occupancy: Float64Array;
  /** Σ weight × capacity of the zones reporting. */
  capacity: Float64Array;
  arrivals: Float64Array;
  departures: Float64Array;
}

const grids = new WeakMap<OccupancySeries, DayHourGrid>();

export function dayHourGrid(series: OccupancySeries): DayHourGrid {
  const cached = grids.get(series);
  if (cached) return cached;
  const { frame } = series;
  const n = frame.days.length * 24;
  const grid: DayHourGrid = {
    weight: new Float64Array(n),
    occupancy: new Float64Array(n),
    capacity: new Float64Array(n),
    arrivals: new Float64Array(n),
    departures: new Float64Array(n),
  };
  for (let s = 0; s < frame.slots; s++) {
    const w = series.weight[s]!;
    if (w === 0) continue;
    const cell = frame.dayOf[s]! * 24 + frame.hourOf[s]!;
    grid.weight[cell]! += w;
    grid.occupancy[cell]! += w * series.occupancy[s]!;
    grid.capacity[cell]! += w * series.capacityPresent[s]!;
    grid.arrivals[cell]! += series.arrivals[s]!;
    grid.departures[cell]! += series.departures[s]!;
  }
  grids.set(series, grid);
  return grid;
}
