import { WEEKDAYS } from '@hearth/contracts';
import type { ZoneBucket } from '../buckets.js';
import { localTime, type CalendarFrame } from './calendar-frame.js';
import type { Empty, Peak } from './results.js';
import { countedSlotOf, eachGroupSeries, emptyFor, emptyReason, type OccupancySeries, type ZoneCapacity } from './series.js';

/**
 * Utilisation: how full the space is while the library is open.
 *
 * A planner reads: "the second floor is 46 % used on average when open, it
 * peaked at 61 people on Tuesday 14 May at 14:15, and it spent 38 open hours
 * (4 % of its open time) at or above 85 % of its seats". Low utilisation with
 * a high peak says the space is sized for rare crowds; many hours above the
 * threshold say people are being turned away.
 *
 * What is computed (over the slots of the series that count, see series.ts):
 * - `meanOccupancy` = Σ w·occupancy / Σ w, the time-weighted mean number of
 *   people in open time with data;
 * - `utilisation` = Σ w·occupancy / Σ w·capacity (of the zones reporting),
 *   which is meanOccupancy / capacity whenever every zone reports;
 * - `hoursAbove` = open hours whose bucket MEAN occupancy is at or above
 *   `threshold` × capacity. Quarter-hour means smooth out brief crowds, so a
 *   quarter hour that touched capacity for two minutes does not count: this
 *   measures sustained pressure, the peak shows the brief crowds.
 * - `peak` = the highest bucket peak (summed over zones for a group), with
 *   the earliest bucket holding it.
 */

export interface Utilisation {
  empty: false;
  /** The zones that had data (a zone with no data adds no capacity). */
  zones: readonly string[];
  zonesWithoutData: readonly string[];
  capacity: number;
  /** Open service days with data. */
  days: number;
  /** Open hours with data (partial buckets and coverage weighted). */
  openHours: number;
  /** Share of the window's open time covered by data (0..1). */
  coverage: number;
  meanOccupancy: number;
  /** Mean occupancy over capacity (0..1, may exceed 1 when over capacity); null without capacity. */
  utilisation: number | null;
  peak: Peak;
  /** The share of capacity above which an hour counts as crowded (default 0.85). */
  threshold: number;
  hoursAbove: number | null;
  /** hoursAbove / openHours. */
  shareAbove: number | null;
}

export type UtilisationResult = Utilisation | Empty;

export interface UtilisationOptions {
  /** Share of capacity (0..1] at or above which a bucket counts as crowded. Default 0.85. */
  threshold?: number;
}

const HOUR_MS = 3_600_000;
const DEFAULT_THRESHOLD = 0.85;

/**
 * Running sums of one utilisation, fed slot by slot from a series or bucket
 * by bucket for a single zone (where each slot holds one bucket), so both
 * paths compute exactly the same figures.
 */
class Sums {
  w = 0;
  occ = 0;
  cap = 0;
  above = 0;
  peakSlot = -1;
  peak = 0;
  peakCapacity = 0;
  days = 0;
  private readonly seenDays: Uint8Array;

  constructor(
    private readonly frame: CalendarFrame,
    private readonly threshold: number,
  ) {
    this.seenDays = new Uint8Array(frame.days.length);
  }

  add(s: number, w: number, occupancy: number, capacity: number, peak: number): void {
    this.w += w;
    this.occ += w * occupancy;
    this.cap += w * capacity;
    if (capacity > 0 && occupancy >= this.threshold * capacity) this.above += w;
    if (this.peakSlot < 0 || peak > this.peak || (peak === this.peak && s < this.peakSlot)) {
      this.peakSlot = s;
      this.peak = peak;
      this.peakCapacity = capacity;
    }
    const d = this.frame.dayOf[s]!;
    if (!this.seenDays[d]) {
      this.seenDays[d] = 1;
      this.days++;
    }
  }

  result(zones: readonly ZoneCapacity[], zonesWithData: readonly string[], capacity: number): UtilisationResult {
    const none = emptyFor(this.frame, zones.length, this.w > 0 ? zonesWithData.length : 0);
    if (none) return none;
    const { frame } = this;
    const slotHours = frame.bucketMs / HOUR_MS;
    const openHours = this.w * slotHours;
    const hasCapacity = this.cap > 0;
    const hoursAbove = hasCapacity ? this.above * slotHours : null;
    const s = this.peakSlot;
    const at = frame.origin + s * frame.bucketMs;
    const d = frame.dayOf[s]!;
    return {
      empty: false,
      zones: zonesWithData,
      zonesWithoutData: zones.map((z) => z.zone).filter((z) => !zonesWithData.includes(z)),
      capacity,
      days: this.days,
      openHours,
      coverage: (this.w * frame.bucketMs) / frame.countedMs,
      meanOccupancy: this.occ / this.w,
      utilisation: hasCapacity ? this.occ / this.cap : null,
      peak: {
        occupancy: this.peak,
        share: this.peakCapacity > 0 ? this.peak / this.peakCapacity : null,
        at,
        local: localTime(frame, at),
        serviceDate: frame.days[d]!.date,
        weekday: WEEKDAYS[frame.dayWeekday[d]!]!,
        hour: frame.hourOf[s]!,
      },
      threshold: this.threshold,
      hoursAbove,
      shareAbove: hoursAbove === null ? null : hoursAbove / openHours,
    };
  }
}

export function utilisation(series: OccupancySeries, opts: UtilisationOptions = {}): UtilisationResult {
  const none = emptyReason(series);
  if (none) return none;
  const sums = new Sums(series.frame, opts.threshold ?? DEFAULT_THRESHOLD);
  const { weight, occupancy, capacityPresent, peak } = series;
  for (let s = 0; s < series.frame.slots; s++) {
    if (weight[s] !== 0) sums.add(s, weight[s]!, occupancy[s]!, capacityPresent[s]!, peak[s]!);
  }
  return sums.result(series.zones, series.zonesWithData, series.capacity);
}

/**
 * Utilisation of each zone on its own, in one pass over the buckets (the
 * same figures as `utilisation` of each zone's series, without building one).
 */
export function utilisationByZone(frame: CalendarFrame, buckets: readonly ZoneBucket[], zones: readonly ZoneCapacity[], opts: UtilisationOptions = {}): Record<string, UtilisationResult> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const index = new Map(zones.map((z, i) => [z.zone, i]));
  const sums = zones.map(() => new Sums(frame, threshold));
  let lastZone: string | undefined;
  let z = -1;
  for (let i = 0; i < buckets.length; i++) {
    const bk = buckets[i]!;
    if (bk.zone !== lastZone) {
      lastZone = bk.zone;
      z = index.get(bk.zone) ?? -1;
    }
    if (z < 0) continue;
    const s = countedSlotOf(frame, bk);
    if (s < 0) continue;
    const w = frame.countedShare[s]! * Math.min(1, bk.coveredMs / frame.bucketMs);
    sums[z]!.add(s, w, bk.mean, zones[z]!.capacity, bk.peak);
  }
  const out: Record<string, UtilisationResult> = {};
  zones.forEach((zone, i) => (out[zone.zone] = sums[i]!.result([zone], sums[i]!.w > 0 ? [zone.zone] : [], sums[i]!.w > 0 ? zone.capacity : 0)));
  return out;
}

/** Utilisation of each floor, its zones summed (zones without `floor` are left out). */
export function utilisationByFloor(frame: CalendarFrame, buckets: readonly ZoneBucket[], zones: readonly ZoneCapacity[], opts: UtilisationOptions = {}): Record<string, UtilisationResult> {
  const floors = new Map<string, ZoneCapacity[]>();
  for (const z of zones) if (z.floor !== undefined) floors.set(z.floor, [...(floors.get(z.floor) ?? []), z]);
  return eachGroupSeries(frame, buckets, [...floors].map(([key, members]) => ({ key, zones: members })), (series) => utilisation(series, opts));
}
