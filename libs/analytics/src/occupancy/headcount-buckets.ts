import { DEFAULT_BUCKET_MS, MINUTE_MS, type ZoneBucket } from '../buckets.js';
import { BucketGrid, StepChanges } from './bucket-grid.js';
import { ServiceDayIndex } from './service-day-index.js';
import { bySensorThenTime, compareKeys, type OccupancyWindow } from './window.js';

/** A zone headcount sensor's report: `count` people in `zone` at `t` (epoch ms). */
export interface HeadcountReading {
  sensor: string;
  zone: string;
  t: number;
  count: number;
}

export interface HeadcountOptions extends OccupancyWindow {
  /** How long a report stays valid without a newer one (default 30 minutes). */
  staleMs?: number;
}

export const DEFAULT_HEADCOUNT_STALE_MS = 30 * MINUTE_MS;

/**
 * Zone occupancy from headcount sensors (people counters that report how
 * many are in a zone every few minutes).
 *
 * Sample and hold: a report holds until the sensor's next report, for at most
 * `staleMs`, and never past the end of its service day. Where no report
 * holds, the zone is uncovered (a sensor that stops reporting is not an
 * empty room). `arrivals` and `departures` are the rises and falls of the
 * count between consecutive reports whose holds join up; the first report of
 * a day, or after a gap, starts a new count and adds no arrivals, because
 * nobody knows how the zone got there.
 *
 * A zone with several sensors (each counting part of it) has the sum of the
 * reports that hold at each instant, and is covered while any holds.
 * Reports of one sensor at the same instant are one report; if they
 * disagree, the larger count is kept.
 */
export function headcountBuckets(readings: readonly HeadcountReading[], opts: HeadcountOptions): ZoneBucket[] {
  const grid = new BucketGrid(opts.from, opts.to, opts.bucketMs ?? DEFAULT_BUCKET_MS);
  if (grid.n === 0) return [];
  const staleMs = opts.staleMs ?? DEFAULT_HEADCOUNT_STALE_MS;
  const days = new ServiceDayIndex(opts.site, opts.from, grid.end);
  const now = opts.now ?? Infinity;
  const dataEnd = Math.min(days.end, now);

  const kept = bySensorThenTime(
    readings.filter((r) => r.t >= days.start && r.t < dataEnd),
    (a, b) => a.count - b.count,
  );

  const zones = new Map<string, { changes: StepChanges; flows: number[] }>();
  let prev: HeadcountReading | undefined;
  for (let k = 0; k < kept.length; k++) {
    const r = kept[k]!;
    const next = kept[k + 1];
    if (next && next.sensor === r.sensor && next.t === r.t) continue; // the larger of same-instant reports follows
    let w = zones.get(r.zone);
    if (!w) zones.set(r.zone, (w = { changes: new StepChanges(), flows: [] }));

    const day = days.days[days.indexOf(r.t)]!;
    const until = Math.min(next && next.sensor === r.sensor ? next.t : Infinity, r.t + staleMs, day.end, now);
    w.changes.add(r.t, r.count, 1);
    w.changes.add(until, -r.count, -1);

    if (prev && prev.sensor === r.sensor && r.t - prev.t <= staleMs && prev.t >= day.start) {
      const change = r.count - prev.count;
      if (change !== 0) w.flows.push(r.t, change);
    }
    prev = r;
  }

  const out: ZoneBucket[] = [];
  for (const zone of [...zones.keys()].sort(compareKeys)) {
    const w = zones.get(zone)!;
    grid.reset();
    w.changes.sweep(grid);
    for (let i = 0; i < w.flows.length; i += 2) {
      const change = w.flows[i + 1]!;
      grid.addFlow(w.flows[i]!, Math.max(0, change), Math.max(0, -change));
    }
    grid.emit(zone, out);
  }
  return out;
}
