import { DateTime } from 'luxon';
import type { SiteFile } from '@hearth/contracts';
import { generateTraffic } from '@hearth/simulation';
import { DEFAULT_BUCKET_MS, type ZoneBucket } from '../buckets.js';
import { serviceDay } from '../calendar/site-calendar.js';
import { deskSessions, type DeskReading } from '../sessions/desk-sessions.js';

/** Test helpers for the forecast specs: small hand-made sites and buckets, and simulated Riverside buckets. */

export const B = DEFAULT_BUCKET_MS;

/** A small library for hand-computed tests: London time, 09:00-17:00 every day, service days from 05:00. */
export function testSite(overrides: Partial<SiteFile['site']> = {}): SiteFile['site'] {
  const hours = ['09:00-17:00'];
  return {
    id: 'testbrook',
    name: 'Testbrook Library',
    timeZone: 'Europe/London',
    serviceDayStart: '05:00',
    openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
    periods: [],
    changes: [],
    ...overrides,
  };
}

/** The instant of a London wall-clock time ("2026-10-05", "10:15"); `offset` picks one of a repeated hour ("+01:00"/"+00:00"). */
export function london(date: string, clock: string, offset?: string): number {
  if (offset) return Date.parse(`${date}T${clock}:00${offset}`);
  return DateTime.fromISO(`${date}T${clock}`, { zone: 'Europe/London' }).toMillis();
}

/** A bucket fully covered by data unless `coveredMs` says otherwise. */
export function bucket(zone: string, start: number, mean: number, coveredMs = B): ZoneBucket {
  return { zone, start, mean, peak: Math.ceil(mean), arrivals: 0, departures: 0, coveredMs };
}

/** Buckets of one zone on one day: `values[k]` for the k-th quarter hour from `clock`. */
export function dayBuckets(zone: string, date: string, clock: string, values: readonly number[]): ZoneBucket[] {
  const start = london(date, clock);
  return values.map((v, k) => bucket(zone, start + k * B, v));
}

/**
 * Simulated Riverside traffic for the service days firstDate..lastDate,
 * turned into occupied desks per zone per 15-minute bucket: desk sensor
 * readings → desk sessions → the time-weighted mean number of sessions
 * open in each bucket (every bucket of the window, fully covered).
 */
export function simulatedDeskBuckets(file: SiteFile, firstDate: string, lastDate: string, seed = 1): ZoneBucket[] {
  const from = serviceDay(file.site, firstDate).start;
  const to = serviceDay(file.site, lastDate).end;
  const deskZone = new Map(file.floors.flatMap((f) => f.sensors.filter((s) => s.kind === 'desk').map((s) => [s.id, s.zone!] as const)));
  const readings: DeskReading[] = [];
  for (const e of generateTraffic(file, { from: new Date(from), to: new Date(to), seed })) {
    if (e.message.type === 'desk') readings.push({ sensor: e.sensor, zone: deskZone.get(e.sensor)!, t: Date.parse(e.message.ts), occupied: e.message.occupied });
  }
  const n = Math.ceil((to - from) / B);
  const zones = [...new Set(deskZone.values())].sort();
  const occupiedMs = new Map(zones.map((z) => [z, new Float64Array(n)]));
  const events = new Map<string, [number, number][]>(zones.map((z) => [z, []]));
  for (const s of deskSessions(readings, { until: to })) {
    const row = occupiedMs.get(s.zone)!;
    for (let i = Math.floor((s.start - from) / B); i < n && from + i * B < s.end; i++) {
      const a = Math.max(s.start, from + i * B);
      const b = Math.min(s.end, from + (i + 1) * B);
      row[i]! += b - a;
    }
    events.get(s.zone)!.push([s.start, 1], [s.end, -1]);
  }
  const out: ZoneBucket[] = [];
  for (const zone of zones) {
    const row = occupiedMs.get(zone)!;
    // Ends before starts at the same instant: a desk handed over is not two people.
    const ev = events.get(zone)!.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let e = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const start = from + i * B;
      let arrivals = 0;
      let departures = 0;
      const apply = () => {
        const [t, d] = ev[e++]!;
        count += d;
        if (t >= start && d > 0) arrivals++;
        if (t >= start && d < 0) departures++;
      };
      while (e < ev.length && ev[e]![0] <= start) apply();
      let peak = count;
      while (e < ev.length && ev[e]![0] < start + B) {
        apply();
        peak = Math.max(peak, count);
      }
      out.push({ zone, start, mean: row[i]! / B, peak, arrivals, departures, coveredMs: B });
    }
  }
  return out;
}
