import type { ZoneBucket } from '@hearth/analytics';

export const HOUR_MS = 3_600_000;
export const QUARTER_MS = 15 * 60_000;
/** Values kept per slot of a service day: mean, peak, arrivals, departures, covered seconds. */
const FIELDS = 5;
const SLOT_BYTES = 4 * FIELDS;

/** Slots of `slotMs` in a service day, from its start (for hours: 23, 24 or 25 of them). */
export function daySlots(dayStart: number, dayEnd: number, slotMs: number): number {
  return Math.ceil((dayEnd - dayStart) / slotMs);
}

/** Hour slots of a service day. */
export const hourSlots = (dayStart: number, dayEnd: number): number => daySlots(dayStart, dayEnd, HOUR_MS);

/**
 * Packs one zone's buckets of a service day into slots of `slotMs` (a
 * multiple of the buckets' length), as little-endian float32: per slot the
 * covered-time-weighted mean, the peak, arrivals, departures and covered
 * seconds. A zone's day is then one small value: 96 quarter hours are 1.9 KB,
 * 24 hours 480 bytes, and a year of a zone is 365 rows.
 */
export function packSlots(buckets: readonly ZoneBucket[], dayStart: number, dayEnd: number, slotMs: number): Buffer {
  const slots = daySlots(dayStart, dayEnd, slotMs);
  const v = new Float32Array(slots * FIELDS);
  const weighted = new Float64Array(slots);
  for (const b of buckets) {
    if (b.start < dayStart || b.start >= dayEnd) continue;
    const i = Math.floor((b.start - dayStart) / slotMs);
    const o = i * FIELDS;
    weighted[i] = weighted[i]! + b.mean * b.coveredMs;
    v[o + 1] = Math.max(v[o + 1]!, b.peak);
    v[o + 2] = v[o + 2]! + b.arrivals;
    v[o + 3] = v[o + 3]! + b.departures;
    v[o + 4] = v[o + 4]! + b.coveredMs / 1000;
  }
  for (let i = 0; i < slots; i++) {
    const covered = v[i * FIELDS + 4]! * 1000;
    v[i * FIELDS] = covered > 0 ? weighted[i]! / covered : 0;
  }
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export const packHourly = (buckets: readonly ZoneBucket[], dayStart: number, dayEnd: number): Buffer => packSlots(buckets, dayStart, dayEnd, HOUR_MS);
export const packQuarters = (buckets: readonly ZoneBucket[], dayStart: number, dayEnd: number): Buffer => packSlots(buckets, dayStart, dayEnd, QUARTER_MS);

/**
 * The buckets of a packed service day whose start lies in [from, to), pushed
 * onto `out` in time order; slots without data are left out.
 */
export function unpackSlots(zone: string, dayStart: number, packed: Buffer, slotMs: number, out: ZoneBucket[] = [], from = -Infinity, to = Infinity): ZoneBucket[] {
  const slots = Math.floor(packed.length / SLOT_BYTES);
  const first = Math.max(0, Math.ceil((from - dayStart) / slotMs));
  const last = Math.min(slots, Math.ceil((to - dayStart) / slotMs));
  for (let i = first; i < last; i++) {
    const o = i * SLOT_BYTES;
    const coveredMs = packed.readFloatLE(o + 16) * 1000;
    if (coveredMs <= 0) continue;
    out.push({
      zone,
      start: dayStart + i * slotMs,
      mean: packed.readFloatLE(o),
      peak: packed.readFloatLE(o + 4),
      arrivals: packed.readFloatLE(o + 8),
      departures: packed.readFloatLE(o + 12),
      coveredMs: Math.round(coveredMs),
    });
  }
  return out;
}

/** A zone's service day in one figure each: what a one-point-per-day answer shows. */
export interface DayTotals {
  /** Mean over the buckets with data, weighted by their coverage (0 without data). */
  mean: number;
  peak: number;
  arrivals: number;
  departures: number;
  /** Time with data; 0 means the day has no data at all. */
  coveredMs: number;
}

/** The day's totals over its buckets with data. */
export function dayTotals(buckets: readonly ZoneBucket[]): DayTotals {
  const day: DayTotals = { mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: 0 };
  let weighted = 0;
  for (const b of buckets) {
    if (!(b.coveredMs > 0)) continue;
    weighted += b.mean * b.coveredMs;
    day.coveredMs += b.coveredMs;
    day.peak = Math.max(day.peak, b.peak);
    day.arrivals += b.arrivals;
    day.departures += b.departures;
  }
  day.mean = day.coveredMs > 0 ? weighted / day.coveredMs : 0;
  return day;
}
