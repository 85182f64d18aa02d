import type { ZoneBucket } from '@hearth/analytics';

export const HOUR_MS = 3_600_000;
/** Values kept per hour slot of a service day. */
const FIELDS = 5;

/** Hour slots of a service day: from its start, by the hour (23, 24 or 25 of them). */
export function hourSlots(dayStart: number, dayEnd: number): number {
  return Math.ceil((dayEnd - dayStart) / HOUR_MS);
}

/**
 * Packs one zone's buckets of a service day into hourly values, as float32:
 * per slot the covered-time-weighted mean, the peak, arrivals, departures and
 * covered seconds. A year of a zone is then 365 small rows.
 */
export function packHourly(buckets: readonly ZoneBucket[], dayStart: number, dayEnd: number): Buffer {
  const slots = hourSlots(dayStart, dayEnd);
  const v = new Float32Array(slots * FIELDS);
  const weighted = new Float64Array(slots);
  for (const b of buckets) {
    if (b.start < dayStart || b.start >= dayEnd) continue;
    const i = Math.floor((b.start - dayStart) / HOUR_MS);
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

/** The hourly buckets of a packed service day (slots without data are left out). */
export function unpackHourly(zone: string, dayStart: number, packed: Buffer, out: ZoneBucket[] = []): ZoneBucket[] {
  const slots = Math.floor(packed.length / (4 * FIELDS));
  for (let i = 0; i < slots; i++) {
    const o = i * FIELDS * 4;
    const coveredMs = packed.readFloatLE(o + 16) * 1000;
    if (coveredMs <= 0) continue;
    out.push({
      zone,
      start: dayStart + i * HOUR_MS,
      mean: packed.readFloatLE(o),
      peak: packed.readFloatLE(o + 4),
      arrivals: packed.readFloatLE(o + 8),
      departures: packed.readFloatLE(o + 12),
      coveredMs: Math.round(coveredMs),
    });
  }
  return out;
}

/**
 * A packed service day as one bucket starting at the day's start: the mean
 * over the hours with data (weighted by their coverage), the day's peak, and
 * its arrivals and departures; null when no hour has data.
 */
export function dailyBucket(zone: string, dayStart: number, packed: Buffer): ZoneBucket | null {
  const hours = unpackHourly(zone, dayStart, packed);
  if (hours.length === 0) return null;
  let weighted = 0;
  let coveredMs = 0;
  const day: ZoneBucket = { zone, start: dayStart, mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: 0 };
  for (const h of hours) {
    weighted += h.mean * h.coveredMs;
    coveredMs += h.coveredMs;
    day.peak = Math.max(day.peak, h.peak);
    day.arrivals += h.arrivals;
    day.departures += h.departures;
  }
  return { ...day, mean: weighted / coveredMs, coveredMs };
}
